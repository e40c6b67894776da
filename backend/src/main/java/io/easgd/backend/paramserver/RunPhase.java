package io.easgd.backend.paramserver;

import java.time.Instant;

/**
 * Where a run is in its life: assigning (not yet running), running since {@link #startedAt()}, or
 * ending. Changed only by {@link RunLifecycle}, on the job's lane (checked by {@code OwnershipTest});
 * read from any thread.
 */
final class RunPhase {
    private volatile boolean running;
    private volatile Instant startedAt;
    private volatile boolean ending;

    /** Every rank is ready: training starts now. */
    void start(Instant now) {
        startedAt = now;
        running = true;
    }

    /** The run starts to end; false when it already was ending (the caller then does nothing). */
    boolean end() {
        if (ending) {
            return false;
        }
        ending = true;
        return true;
    }

    /** Training started (it may be ending now too). */
    boolean running() {
        return running;
    }

    boolean ending() {
        return ending;
    }

    /** When training started; null before. */
    Instant startedAt() {
        return startedAt;
    }
}
