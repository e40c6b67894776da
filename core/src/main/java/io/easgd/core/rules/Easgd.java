package io.easgd.core.rules;

/**
 * Asynchronous EASGD, the paper's Algorithm 1 (Zhang, Choromanska, LeCun, NIPS 2015, §3, eq. 5–6
 * in their asynchronous form). Paper defaults: β = pα = 0.9, τ ∈ {1, 4, 16, 64}.
 *
 * <pre>
 * x_i ← x̃ ; t_i ← 0
 * loop:
 *     x ← x_i
 *     if t_i mod τ == 0:
 *         e ← α (x − x̃)        # at the master: x̃ as it holds it right now
 *         x_i ← x_i − e
 *         x̃ ← x̃ + e            # atomic at the master
 *     x_i ← x_i − η g_i(x)     # gradient at x, the point before the elastic move
 *     t_i ← t_i + 1
 * </pre>
 * One round trip per exchange: the worker sends x_i (N floats), the master replies e (N floats).
 */
public final class Easgd {
    private Easgd() {
    }

    /** Worker i of asynchronous EASGD; its τ may change between steps ({@link Periodic}). */
    public static final class Worker extends BaseWorker implements Periodic {
        private final float eta;
        private final ExchangePeriod period;
        private float[] e;

        public Worker(float eta, int tau) {
            this.eta = eta;
            this.period = new ExchangePeriod(tau);
        }

        @Override
        protected void onInit() {
            e = new float[x.length];
            period.reset();
        }

        @Override
        public double step(Gradient gradient, Exchange exchange) {
            double loss = gradient.compute(x, g);          // g_i(x), x = x_i before the elastic move
            if (period.due(t)) {                           // t_i mod τ == 0 for a fixed τ
                exchange.exchange(x, e);                   // master: e = α(x − x̃); x̃ += e
                period.exchanged(t);
                for (int k = 0; k < x.length; k++) {
                    x[k] -= e[k];                          // x_i ← x_i − e
                }
            }
            Vec.axpy(-eta, g, x);                          // x_i ← x_i − η g_i(x)
            t++;
            return loss;
        }

        @Override
        public int period() {
            return period.tau();
        }

        @Override
        public void period(int tau) {
            period.set(tau);
        }

        @Override
        public WorkerRule copy() {
            return new Worker(eta, period.tau());
        }
    }

    /**
     * The master of asynchronous EASGD and EAMSGD: e = α(x_i − x̃), x̃ ← x̃ + e, reply e. α may change
     * between exchanges ({@link #alpha(float)}): a job whose worker count p changes keeps β = pα by
     * setting α = β/p; an exchange uses the α set before it, never a mix.
     */
    public static final class Master extends MasterRule {
        private float alpha;

        public Master(float alpha) {
            this.alpha = checkAlpha(alpha);
        }

        /** Sets α for every later exchange (under the master's lock: an exchange under way keeps its α). */
        public synchronized void alpha(float alpha) {
            this.alpha = checkAlpha(alpha);
        }

        /** The α the next exchange uses. */
        public synchronized float alpha() {
            return alpha;
        }

        private static float checkAlpha(float alpha) {
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("alpha must be in (0, 1), found " + alpha);
            }
            return alpha;
        }

        /** "easgd" (also the master of EAMSGD). */
        @Override
        public String name() {
            return "easgd";
        }

        @Override
        protected double apply(int worker, float[] up, float[] down) {
            double sq = 0;
            for (int k = 0; k < center.length; k++) {
                float diff = up[k] - center[k];
                sq += (double) diff * diff;
                float e = alpha * diff;
                center[k] += e;
                down[k] = e;
            }
            return Math.sqrt(sq);
        }
    }
}
