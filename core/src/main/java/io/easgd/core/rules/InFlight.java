package io.easgd.core.rules;

/**
 * The overlapped mode of a worker rule: at most one exchange in flight, sent as a copy of the
 * upload so the worker can go on changing its own vector, its reply applied k local steps after
 * the step that began it ({@link #replyDue}). The copy is made here and nowhere else, and so is the
 * decision when a reply is due. Not thread-safe: the worker's thread only.
 */
final class InFlight {
    private float[] sent = new float[0];
    private Exchange.Pending pending;
    private int depth;
    private long applyAt;

    /** @param depth k ≥ 1, the local steps an exchange runs in the background */
    InFlight(int depth) {
        depth(depth);
    }

    /** Nothing in flight; the upload copy holds {@code n} floats ({@link WorkerRule#init}). k is kept. */
    void reset(int n) {
        sent = new float[n];
        pending = null;
    }

    /** k: an exchange begun at step t is due at the start of step t + k. */
    int depth() {
        return depth;
    }

    /** Sets k ≥ 1 for the exchanges begun from now on; the one in flight keeps the step it is due at. */
    void depth(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("overlap k must be >= 1, found " + k);
        }
        depth = k;
    }

    /**
     * Sends a copy of {@code up} at step {@code t}; the reply will be in {@code down} after
     * {@link #await()}, and is due at the start of step t + k.
     *
     * @throws IllegalStateException when an exchange is already in flight
     */
    void begin(Exchange exchange, float[] up, float[] down, long t) {
        if (pending != null) {
            throw new IllegalStateException("an exchange is already in flight; await its reply first");
        }
        if (sent.length != up.length) {
            sent = new float[up.length];
        }
        System.arraycopy(up, 0, sent, 0, up.length);
        pending = exchange.begin(sent, down);
        applyAt = t + depth;
    }

    /**
     * Whether the reply in flight must be awaited and applied at the start of step {@code t}: it was
     * begun k steps ago, or the next exchange is due now ({@code exchangeDue}: never two in flight,
     * so k ≤ τ in effect). False when nothing is in flight.
     */
    boolean replyDue(long t, boolean exchangeDue) {
        return pending != null && (exchangeDue || t >= applyAt);
    }

    /**
     * Waits for the reply of the exchange in flight. An exception from the wait (the job stopped)
     * leaves nothing in flight: the reply is given up.
     *
     * @return false when nothing was in flight (there is no reply to apply)
     */
    boolean await() {
        Exchange.Pending p = pending;
        if (p == null) {
            return false;
        }
        pending = null;
        p.await();
        return true;
    }

    /** For a rule's {@link Overlapped#overlapSteps(int)}: only an overlapped rule has a k. */
    static void requireOverlapped(boolean overlap) {
        if (!overlap) {
            throw new IllegalStateException("the exchange is blocking (overlap off): there is no k to set");
        }
    }

    /** Whether an exchange is in flight. */
    boolean active() {
        return pending != null;
    }
}
