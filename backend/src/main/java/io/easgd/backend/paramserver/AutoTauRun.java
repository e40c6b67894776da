package io.easgd.backend.paramserver;

import io.easgd.core.training.AutoTauPolicy;
import java.util.Arrays;

/**
 * An auto-τ job's τ on this replica: the policy, the τ its workers run with now and, per rank, the
 * latest smoothed timings, the τ last sent and the exchange count at the last change. Changed on
 * the job's lane by {@link AutoTauControl} only, and its write-back flag ({@link #takeDirty()},
 * {@link #markDirty()}) by {@link MetricFlusher} only (both checked by {@code OwnershipTest}); read
 * from any thread.
 */
final class AutoTauRun {
    final AutoTauPolicy policy;
    private volatile int tau;
    private volatile boolean dirty;
    /** Per rank: the latest {@code progress.stepMs} / {@code exchangeMs} (NaN before the first). */
    private final double[] stepMs;
    private final double[] exchangeMs;
    /** Per rank: the τ last sent to the agent holding it (0: unknown, e.g. after a reconnect). */
    private final int[] sentTau;
    /** Per rank: its exchange count when τ last changed (or the rank joined). */
    private final long[] exchangesAtChange;

    AutoTauRun(AutoTauPolicy policy, int workers, int tau) {
        this.policy = policy;
        this.tau = policy.settings().clamp(tau);
        this.dirty = true;
        this.stepMs = nan(workers);
        this.exchangeMs = nan(workers);
        this.sentTau = new int[workers];
        this.exchangesAtChange = new long[workers];
        Arrays.fill(sentTau, this.tau);           // the assignments carry it
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    /** The τ the workers run with now. */
    int tau() {
        return tau;
    }

    double stepMs(int rank) {
        return stepMs[rank];
    }

    double exchangeMs(int rank) {
        return exchangeMs[rank];
    }

    int sentTau(int rank) {
        return sentTau[rank];
    }

    long exchangesAtChange(int rank) {
        return exchangesAtChange[rank];
    }

    // ---------------------------------------------------------------- changes (AutoTauControl only)

    void set(int tau) {
        this.tau = tau;
        this.dirty = true;
    }

    void measuredStep(int rank, double ms) {
        stepMs[rank] = ms;
    }

    void measuredExchange(int rank, double ms) {
        exchangeMs[rank] = ms;
    }

    void sent(int rank, int tau) {
        sentTau[rank] = tau;
    }

    /** τ changed while the rank had made {@code exchanges}: it settles from there. */
    void changedAt(int rank, long exchanges) {
        exchangesAtChange[rank] = exchanges;
    }

    /**
     * A new agent holds the rank (a replacement or an admission), assigned with the current τ at
     * its {@code exchanges}: another machine, so its timings are measured again.
     */
    void joined(int rank, long exchanges) {
        sentTau[rank] = tau;
        stepMs[rank] = Double.NaN;
        exchangeMs[rank] = Double.NaN;
        exchangesAtChange[rank] = exchanges;
    }

    // ---------------------------------------------------------------- write-back (MetricFlusher only)

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
