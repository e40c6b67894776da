package io.easgd.core.rules;

/**
 * The overlapped mode of a worker rule: at most one exchange in flight, sent as a copy of the
 * upload so the worker can go on changing its own vector. The copy is made here and nowhere else.
 * Not thread-safe: the worker's thread only.
 */
final class InFlight {
    private float[] sent = new float[0];
    private Exchange.Pending pending;

    /** Nothing in flight; the upload copy holds {@code n} floats ({@link WorkerRule#init}). */
    void reset(int n) {
        sent = new float[n];
        pending = null;
    }

    /**
     * Sends a copy of {@code up}; the reply will be in {@code down} after {@link #await()}.
     *
     * @throws IllegalStateException when an exchange is already in flight
     */
    void begin(Exchange exchange, float[] up, float[] down) {
        if (pending != null) {
            throw new IllegalStateException("an exchange is already in flight; await its reply first");
        }
        if (sent.length != up.length) {
            sent = new float[up.length];
        }
        System.arraycopy(up, 0, sent, 0, up.length);
        pending = exchange.begin(sent, down);
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

    /** Whether an exchange is in flight. */
    boolean active() {
        return pending != null;
    }
}
