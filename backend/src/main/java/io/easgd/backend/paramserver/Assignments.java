package io.easgd.backend.paramserver;

import io.easgd.backend.agents.AgentSession;
import io.easgd.core.protocol.ToAgent;

/**
 * An agent's assignment to a rank, in one place: the only code of the backend that marks an
 * {@link AgentSession} as holding a rank or frees it, and the only one that builds a
 * {@link ToAgent.Assign} (both checked by {@code OwnershipTest}).
 *
 * <p>One rule for every assignment — a start, a restart from a checkpoint, a replacement, an
 * admission to a worker range: it starts at job step {@code s} with the seed
 * {@code workerSeed(rank) + s} and the job's current τ, so a worker that starts at step s draws the
 * minibatch order of step s, and a resumed job never replays the order of step 0.
 */
final class Assignments {
    private Assignments() {
    }

    /** The assignment of {@code rank} of {@code run} from job step {@code startStep}. */
    static ToAgent.Assign of(JobRun run, int rank, long startStep) {
        return new ToAgent.Assign(run.jobId, rank, run.spec, seed(run, rank, startStep), run.parameters, startStep,
                run.dataset, run.assignTau());
    }

    /** The data-order seed of a worker of {@code rank} that starts at job step {@code startStep}. */
    static long seed(JobRun run, int rank, long startStep) {
        return run.spec.workerSeed(rank) + startStep;
    }

    /** {@code agent} (already marked, see below) is sent the assignment of {@code rank} from {@code startStep}. */
    static void send(AgentSession agent, JobRun run, int rank, long startStep) {
        agent.send(of(run, rank, startStep));
    }

    /** Marks {@code agent} as holding {@code rank} of {@code jobId}: a start, or while its resume is decided. */
    static void take(AgentSession agent, long jobId, int rank) {
        agent.assign(jobId, rank);
    }

    /** Marks an idle {@code agent} as holding {@code rank} of {@code jobId}; false when something took it first. */
    static boolean takeIfIdle(AgentSession agent, long jobId, int rank) {
        return agent.assignIfIdle(jobId, rank);
    }

    /** Frees {@code agent}: its resume was refused. */
    static void release(AgentSession agent) {
        agent.release();
    }

    /** Tells {@code agent} to stop {@code jobId} and frees it, if it still holds a rank of that job. */
    static void stop(AgentSession agent, long jobId, String why) {
        if (Long.valueOf(jobId).equals(agent.jobId())) {
            agent.send(new ToAgent.Stop(jobId, why));
            agent.release();
        }
    }
}
