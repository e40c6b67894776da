package io.easgd.backend.jobs;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A job's lifecycle. QUEUED → ASSIGNING (claimed, waiting for its agents to be ready) → RUNNING →
 * COMPLETED | FAILED | CANCELLED | STOPPED_EARLY (an early-stopping search stopped it at a rung: ended, not
 * failed; docs/api.md "Searches"). ASSIGNING may fall back to QUEUED when its agents go away before
 * training starts, and RUNNING when the backend restarts under it (it resumes from its last
 * checkpoint); every non-final state may be CANCELLED or FAILED.
 */
public enum JobState {
    QUEUED, ASSIGNING, RUNNING, COMPLETED, FAILED, CANCELLED, STOPPED_EARLY;

    private static final Map<JobState, Set<JobState>> NEXT = Map.of(
            QUEUED, EnumSet.of(ASSIGNING, CANCELLED, FAILED, STOPPED_EARLY),
            ASSIGNING, EnumSet.of(RUNNING, QUEUED, CANCELLED, FAILED, STOPPED_EARLY),
            RUNNING, EnumSet.of(COMPLETED, FAILED, CANCELLED, QUEUED, STOPPED_EARLY),
            COMPLETED, EnumSet.noneOf(JobState.class),
            FAILED, EnumSet.noneOf(JobState.class),
            CANCELLED, EnumSet.noneOf(JobState.class),
            STOPPED_EARLY, EnumSet.noneOf(JobState.class));

    public boolean canBecome(JobState next) {
        return NEXT.get(this).contains(next);
    }

    public boolean isFinal() {
        return NEXT.get(this).isEmpty();
    }

    /** Throws {@link IllegalTransitionException} naming both states unless the move is legal. */
    public void requireCanBecome(long jobId, JobState next) {
        if (!canBecome(next)) {
            throw new IllegalTransitionException(jobId, this, next);
        }
    }
}
