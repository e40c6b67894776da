package io.easgd.core.rules;

/**
 * One round trip with the master: sends {@code up}, receives the master's reply into {@code down}.
 * The call completes before it returns and keeps no reference to either array. {@code down} has
 * length 0 for rules whose master sends nothing back (the single-worker baselines publish only).
 *
 * <p>Overlapped exchange ({@code "overlap"} on): a worker rule may instead {@link #begin} the
 * round trip, go on computing, and {@link Pending#await()} the reply later (at the start of the step
 * k local steps on, {@link Overlapped}). At most one exchange is in flight per worker.
 */
@FunctionalInterface
public interface Exchange {
    void exchange(float[] up, float[] down);

    /**
     * Starts one round trip and may return before the reply has arrived. Until {@link Pending#await()}
     * returns, the caller leaves {@code up} unchanged and does not read {@code down}; after, the reply is
     * in {@code down} and neither array is referenced any more. Call {@code await} exactly once, and
     * begin no other exchange before it.
     *
     * <p>The default makes the whole round trip at once ({@link #exchange}) and returns a completed
     * pending: the in-process runner's form, where the master applies the upload immediately. The
     * agent's exchange overrides it to send the upload and return.
     */
    default Pending begin(float[] up, float[] down) {
        exchange(up, down);
        return Pending.DONE;
    }

    /** An exchange in flight. */
    @FunctionalInterface
    interface Pending {
        /** A pending whose reply is already in place. */
        Pending DONE = () -> {
        };

        /** Returns when the reply is in the {@code down} array given to {@link Exchange#begin}. */
        void await();

        /**
         * Whether the reply has arrived, so that {@link #await()} would not wait; never blocks, and
         * the {@code down} array may still be unwritten (only {@code await} puts the reply there). For
         * measuring how long an exchange takes (auto-k); the default, for a pending that cannot tell,
         * says yes.
         */
        default boolean arrived() {
            return true;
        }
    }
}
