package io.easgd.backend.sweeps;

/**
 * RUNNING while any of its jobs has not ended; then COMPLETED (at least one job completed),
 * CANCELLED (cancelled by a user, or every job was cancelled) or FAILED (no job completed).
 */
public enum SweepState {
    RUNNING, COMPLETED, CANCELLED, FAILED;

    static SweepState of(boolean cancelled, Sweep.Counts c) {
        if (cancelled) {
            return CANCELLED;
        }
        if (c.queued() + c.running() > 0) {
            return RUNNING;
        }
        if (c.completed() > 0) {
            return COMPLETED;
        }
        return c.cancelled() == c.total() ? CANCELLED : FAILED;
    }
}
