package io.easgd.backend.paramserver;

import io.easgd.core.training.AutoTauPolicy;

/**
 * An auto-τ job's τ on this replica: the policy, the τ its workers run with now and, per rank, the
 * latest smoothed timings, the τ last sent and the exchange count at the last change. Written on
 * the job's lane only ({@link AutoTauControl}); {@link #tau()} and {@link #takeDirty()} are read by
 * other threads.
 */
final class AutoTauRun {
    final AutoTauPolicy policy;
    private volatile int tau;
    private volatile boolean dirty;
    /** Per rank: the latest {@code progress.stepMs} / {@code exchangeMs} (NaN before the first). */
    final double[] stepMs;
    final double[] exchangeMs;
    /** Per rank: the τ last sent to the agent holding it (0: unknown, e.g. after a reconnect). */
    final int[] sentTau;
    /** Per rank: its exchange count when τ last changed (or the run started). */
    final long[] exchangesAtChange;

    AutoTauRun(AutoTauPolicy policy, int workers, int tau) {
        this.policy = policy;
        this.tau = policy.settings().clamp(tau);
        this.dirty = true;
        this.stepMs = nan(workers);
        this.exchangeMs = nan(workers);
        this.sentTau = new int[workers];
        this.exchangesAtChange = new long[workers];
        java.util.Arrays.fill(sentTau, this.tau);           // the assignments carry it
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }

    /** The τ the workers run with now. */
    int tau() {
        return tau;
    }

    void set(int tau) {
        this.tau = tau;
        this.dirty = true;
    }

    /** True once after each change: the live τ needs writing to the job's row. */
    boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }

    /** A write of the live τ failed: the next flush tries again. */
    void markDirty() {
        dirty = true;
    }
}
