package io.easgd.core.training;

import io.easgd.core.spec.AutoTau;
import java.util.List;
import java.util.Locale;

/**
 * Auto-τ ({@code "tau": "auto"}): the communication period τ chosen from what the workers measure,
 * so that the time a worker spends on the wire stays near a target share of its compute time.
 * Pure: no clock, no threads; the parameter server calls {@link #decide} when a worker reports.
 *
 * <p>Each worker r measures, and smooths with an exponentially weighted moving average ({@link Ewma},
 * the first sample of each skipped as warm-up, a plain mean until the weight takes over):
 * <ul>
 *   <li>s_r, compute seconds per local step, the exchange excluded (weight {@link #STEP_SMOOTHING}
 *   on the newest step: about the last 50 steps);</li>
 *   <li>w_r, wire seconds per exchange: from sending its upload to having the whole reply, minus
 *   nothing (encoding, the network both ways, the master's update, queueing) (weight
 *   {@link #EXCHANGE_SMOOTHING}: about the last 10 exchanges).</li>
 * </ul>
 * Steps come τ times as often as exchanges, hence the two weights: both averages then span a
 * similar stretch of time at the τ values seen in practice (single digits to tens).
 * Per period a worker computes for τ·s_r and exchanges for w_r; keeping w_r ≤ share · τ · s_r
 * ({@code share} = {@code autoTau.commShare}) needs
 * <pre>
 *     τ*_r = ⌈ w_r / (share · s_r) ⌉,      τ* = clamp( max_r τ*_r , autoTau.min, autoTau.max )
 * </pre>
 * e.g. s = 20 ms, w = 86 ms, share = 0.1: τ* = ⌈86 / 2⌉ = 43. One τ serves every worker of the
 * job, and it is the largest τ*_r: the worker whose exchange costs most relative to its compute (the
 * slowest link, or the fastest computer) sets it, so that no worker spends more than the target
 * share on the wire; the others then exchange less often than they could.
 *
 * <p>So that τ does not flap, it moves to τ* only when
 * <ul>
 *   <li>every worker made at least {@link #SETTLE_EXCHANGES} exchanges since the last change, and</li>
 *   <li>the unrounded ratio r = max_r w_r / (share · s_r) lies more than {@link #HYSTERESIS} (25 %)
 *   away from τ (r &gt; 1.25 τ or r &lt; 0.75 τ), or τ* is a bound (min or max) that τ is not at yet.</li>
 * </ul>
 * The band is on r, not on the rounded τ*: at small τ a ratio hovering around 1.0 would otherwise
 * switch τ between 1 and 2 at every report. From τ = 1 it takes r &gt; 1.25 to move up; back from
 * τ = 2 it takes r &lt; 1.5 and τ* = 1, i.e. r ≤ 1.
 */
public final class AutoTauPolicy {
    /** τ moves only when τ* differs from it by more than this share of τ (or τ* is a bound). */
    public static final double HYSTERESIS = 0.25;
    /** Exchanges every worker makes at one τ before τ may change again. */
    public static final int SETTLE_EXCHANGES = 10;
    /** EWMA weight of the newest step's compute time s (the agent's smoothing). */
    public static final double STEP_SMOOTHING = 0.02;
    /** EWMA weight of the newest exchange's wire time w (the agent's smoothing). */
    public static final double EXCHANGE_SMOOTHING = 0.1;
    /** Samples an {@link Ewma} skips first: the first step and exchange carry JIT and connection warm-up. */
    public static final int WARM_UP_SAMPLES = 1;
    /** τ* is rounded up from a ratio this close below an integer as if it were that integer (float noise). */
    private static final double ROUNDING_SLACK = 1e-9;

    private final AutoTau settings;

    public AutoTauPolicy(AutoTau settings) {
        this.settings = settings;
    }

    public AutoTau settings() {
        return settings;
    }

    /** One worker's smoothed measurements, in seconds. */
    public record Measurement(int rank, double stepSeconds, double exchangeSeconds) {
        public Measurement {
            if (!(stepSeconds > 0) || !Double.isFinite(stepSeconds)) {
                throw new IllegalArgumentException("stepSeconds must be > 0, found " + stepSeconds);
            }
            if (!(exchangeSeconds >= 0) || !Double.isFinite(exchangeSeconds)) {
                throw new IllegalArgumentException("exchangeSeconds must be >= 0, found " + exchangeSeconds);
            }
        }
    }

    /**
     * What {@link #decide} concluded: {@code tau} is the τ to use from now on ({@code changed} when it
     * differs from the current one), {@code target} the clamped τ*, {@code basis} the measurement that
     * set it (null when nothing was measured yet).
     */
    public record Decision(int tau, boolean changed, int target, Measurement basis, String reason) {
    }

    /** ⌈ w / (share · s) ⌉ clamped to [min, max]. */
    public static int target(double stepSeconds, double exchangeSeconds, double share, int min, int max) {
        return clampUp(exchangeSeconds / (share * stepSeconds), min, max);
    }

    private static int clampUp(double ratio, int min, int max) {
        long t = ratio >= (double) Integer.MAX_VALUE ? Integer.MAX_VALUE : (long) Math.ceil(ratio - ROUNDING_SLACK);
        return (int) Math.max(min, Math.min(max, t));
    }

    /** r = w / (share · s) of one worker, unrounded and unclamped. */
    public double ratio(Measurement m) {
        return m.exchangeSeconds() / (settings.commShare() * m.stepSeconds());
    }

    /** τ*_r of one worker under this job's settings. */
    public int target(Measurement m) {
        return clampUp(ratio(m), settings.min(), settings.max());
    }

    /**
     * The τ to use after the workers' latest measurements.
     *
     * @param current the τ the job runs with now
     * @param ranks the latest measurement of each worker that has one (those without are left out)
     * @param settledExchanges the fewest exchanges any worker made since τ last changed (or since the start)
     */
    public Decision decide(int current, List<Measurement> ranks, long settledExchanges) {
        Measurement basis = null;
        double ratio = 0;
        for (Measurement m : ranks) {
            double r = ratio(m);
            if (basis == null || r > ratio) {
                basis = m;
                ratio = r;
            }
        }
        if (basis == null) {
            return new Decision(current, false, current, null, "nothing measured yet");
        }
        int target = clampUp(ratio, settings.min(), settings.max());
        String why = reason(basis, ranks.size() > 1);
        if (target == current) {
            return new Decision(current, false, target, basis, why);
        }
        if (settledExchanges < SETTLE_EXCHANGES) {
            return new Decision(current, false, target, basis, why + "; settling");
        }
        boolean outside = ratio > (1 + HYSTERESIS) * current || ratio < (1 - HYSTERESIS) * current;
        boolean toBound = target == settings.min() || target == settings.max();
        if (outside || toBound) {
            return new Decision(target, true, target, basis, why);
        }
        return new Decision(current, false, target, basis, why + "; within " + Math.round(HYSTERESIS * 100)
                + " % of tau " + current);
    }

    /** "exchange 86 ms, step 20 ms, target 10 %", and the worker when there are several. */
    private String reason(Measurement m, boolean several) {
        return "exchange " + ms(m.exchangeSeconds()) + ", step " + ms(m.stepSeconds()) + ", target "
                + number(settings.commShare() * 100) + " %" + (several ? " (worker " + m.rank() + ")" : "");
    }

    /** Milliseconds as people read them: "86 ms", "4.2 ms", "0.35 ms". */
    static String ms(double seconds) {
        double v = seconds * 1000;
        return (v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : v >= 1 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v)) + " ms";
    }

    private static String number(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /**
     * An exponentially weighted moving average that skips its first {@link #WARM_UP_SAMPLES} samples
     * and starts as a plain mean: after n kept samples, m ← m + max(weight, 1/n)·(x − m), so one slow
     * early sample weighs 1/n, not the whole average, and from n = 1/weight on the newest sample weighs
     * {@code weight}. Not thread-safe.
     */
    public static final class Ewma {
        private final double weight;
        private int skip;
        private long n;
        private double value = Double.NaN;

        public Ewma(double weight) {
            this(weight, WARM_UP_SAMPLES);
        }

        public Ewma(double weight, int warmUp) {
            if (!(weight > 0 && weight <= 1)) {
                throw new IllegalArgumentException("weight must be in (0, 1], found " + weight);
            }
            this.weight = weight;
            this.skip = warmUp;
        }

        public void add(double x) {
            if (skip > 0) {
                skip--;
                return;
            }
            n++;
            value = n == 1 ? x : value + Math.max(weight, 1.0 / n) * (x - value);
        }

        /** The average, or NaN before the first kept sample. */
        public double value() {
            return value;
        }

        public boolean known() {
            return !Double.isNaN(value);
        }
    }
}
