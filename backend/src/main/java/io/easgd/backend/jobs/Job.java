package io.easgd.backend.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.easgd.core.spec.JobSpec;
import java.time.Instant;
import java.util.List;

/**
 * A job as the API shows it (see docs/api.md); {@code sweepId} names the sweep that created it, null otherwise;
 * {@code simulation} what a simulated job's run uses, null for a real job.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Job(
        long id,
        String name,
        JobState state,
        int priority,
        JobSpec spec,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Progress progress,
        Result result,
        List<String> warnings,
        String reason,
        Long sweepId,
        Simulation simulation) {

    /**
     * A simulated job ({@code spec.simulate}; null for a real job, and until its agent started the
     * run): p and the link it simulates, the step time and jitter the run uses and whether the agent
     * measured each ({@code "measured"} in the spec) — a rerun with these numbers as given is the same
     * run bit for bit — and {@code virtualSeconds}, the virtual time reached (its end once it ended).
     * Every {@code t} of the job's metrics is virtual.
     */
    public record Simulation(int workers, String link, String serverLink, double stepMs, boolean stepMsMeasured,
                             double jitter, boolean jitterMeasured, double virtualSeconds) {
    }

    /**
     * Local steps done (the slowest worker's), of how many, an estimate of the time left, and
     * {@code tau}, the τ the workers run with: the spec's, or for {@code "tau": "auto"} the platform's
     * latest choice (null until the job first runs); {@code workers}, p: the spec's, or for a worker
     * range the p the job runs with now (its last one once it ended; null until it first runs).
     */
    public record Progress(long step, Long totalSteps, Double fraction, Long etaSeconds, Integer tau, Integer workers) {
        static Progress of(long step, Long total, Instant startedAt, Instant now, JobState state, Integer tau,
                           Integer workers) {
            if (total == null || total <= 0) {
                return new Progress(step, total, null, null, tau, workers);
            }
            double fraction = Math.min(1.0, (double) step / total);
            Long eta = null;
            if (state == JobState.RUNNING && startedAt != null && step > 0) {
                double elapsed = Math.max(0, now.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
                eta = Math.round(elapsed / step * (total - step));
            } else if (state.isFinal()) {
                eta = 0L;
            }
            return new Progress(step, total, fraction, eta, tau, workers);
        }
    }

    /**
     * The latest evaluation of the center and the bytes exchanged so far; once the job ran to its
     * end, what each rank did ({@code ranks}, null before).
     */
    public record Result(Double testError, Double testLoss, long bytesUp, long bytesDown, List<RankResult> ranks) {
    }

    /**
     * One rank of a job's last run.
     *
     * @param steps the job's step the rank reached
     * @param state how it ended: FINISHED, LOST (and not replaced), TRAINING (the run was ended
     *     under it: cancelled, failed, target reached), READY or ASSIGNED
     * @param agents every agent that held the rank, oldest first
     * @param replacements how often a lost worker of this rank was replaced
     * @param exchanges exchanges applied for this rank in the run
     * @param duplicates re-sent uploads that were recognised and not applied again
     */
    public record RankResult(int rank, long steps, String state, List<String> agents, int replacements,
                             long exchanges, long duplicates) {
    }
}
