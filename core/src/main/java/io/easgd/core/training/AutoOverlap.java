package io.easgd.core.training;

/**
 * Auto-k ({@code "overlap": true}): how many local steps an overlapped exchange runs in the
 * background ({@link io.easgd.core.rules.Overlapped}), chosen by the worker itself from what it
 * measures, so that the reply is there when it is applied:
 * <pre>
 *     k = clamp( ⌈ w / s ⌉ , 1, τ )
 * </pre>
 * w the exchange's wall time (from handing the upload over to the reply being in, smoothed: the
 * agent's {@link AutoTauPolicy.Ewma} at {@link AutoTauPolicy#EXCHANGE_SMOOTHING}), s the compute time
 * per local step (the exchange excluded, {@link AutoTauPolicy#STEP_SMOOTHING}). Before both are known
 * k is {@link #INITIAL}. Above τ a larger k would change nothing: the next exchange falls due at τ
 * and waits for the reply first. The worker re-chooses k at every step boundary; an exchange keeps
 * the k it was begun with. Pure: no clock, no state.
 */
public final class AutoOverlap {
    /** k before the first measurement: today's one-step overlap. */
    public static final int INITIAL = 1;
    /** ⌈w / s⌉ is rounded up from a ratio this close below an integer as if it were that integer (float noise). */
    private static final double ROUNDING_SLACK = 1e-9;

    private AutoOverlap() {
    }

    /**
     * @param exchangeMs w, ms per exchange (NaN before the first measurement)
     * @param stepMs s, compute ms per local step (NaN before the first measurement)
     * @param tau τ now (≥ 1)
     * @return k in [1, τ]
     */
    public static int choose(double exchangeMs, double stepMs, int tau) {
        if (tau < 1) {
            throw new IllegalArgumentException("tau must be >= 1, found " + tau);
        }
        if (!(Double.isFinite(exchangeMs) && exchangeMs >= 0 && Double.isFinite(stepMs) && stepMs > 0)) {
            return Math.min(INITIAL, tau);
        }
        double ratio = Math.ceil(exchangeMs / stepMs - ROUNDING_SLACK);
        return (int) Math.max(1, Math.min(tau, ratio));
    }
}
