package io.easgd.backend.paramserver;

/**
 * What the parts of the parameter server tell each other, in the past tense. Published with
 * Spring's {@code ApplicationEventPublisher} (synchronously); a listener only posts work to a lane
 * or a thread of its own, so publishing never blocks the publisher.
 */
final class RunEvents {
    private RunEvents() {
    }

    /** Every rank answered {@code ready}: training starts. */
    record AllReady(JobRun run) {
    }

    /** An agent went away before training started: the job goes back to the queue. */
    record AssignmentAborted(JobRun run, String reason) {
    }

    /** Every rank of the run finished, or was lost for good after the others finished. */
    record RanksDone(JobRun run) {
    }

    /** A worker reported a failure it cannot recover from (non-finite loss, dataset, network). */
    record WorkerFailed(JobRun run, int rank, String message) {
    }

    /** No rank is held any more and no agent came to take one within {@code waited} ({@code easgd.agents.replace-timeout}). */
    record AllWorkersLost(JobRun run, java.time.Duration waited) {
    }

    /** Workers sent NaN or ±Inf uploads too often: the run has diverged. */
    record UploadsDiverged(JobRun run, String reason) {
    }

    /** An upload held NaN or ±Inf and was refused before it touched the center. */
    record UploadRejected(JobRun run, int rank, String agentId, String reason) {
    }

    /** The run ended (any state) and its agents are free: the queue may move. */
    record RunEnded(long jobId) {
    }
}
