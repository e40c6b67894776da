package io.easgd.core.rules;

/**
 * When a worker exchanges (see {@link Periodic}): at its first step and then τ local steps after its
 * last exchange. With a fixed τ the exchanges fall at t_i = 0, τ, 2τ, …, i.e. t_i mod τ == 0.
 */
final class ExchangePeriod {
    private int tau;
    private long last = -1;

    ExchangePeriod(int tau) {
        set(tau);
    }

    /** Forgets the last exchange: the next step exchanges ({@link WorkerRule#init}). */
    void reset() {
        last = -1;
    }

    /** Whether step t_i exchanges. */
    boolean due(long t) {
        return last < 0 || t - last >= tau;
    }

    /** Step t_i made its exchange. */
    void exchanged(long t) {
        last = t;
    }

    int tau() {
        return tau;
    }

    void set(int tau) {
        if (tau < 1) {
            throw new IllegalArgumentException("tau must be >= 1, found " + tau);
        }
        this.tau = tau;
    }
}
