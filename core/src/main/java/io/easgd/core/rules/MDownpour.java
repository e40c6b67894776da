package io.easgd.core.rules;

/**
 * MDOWNPOUR, the paper's momentum DOWNPOUR baseline (Zhang et al. 2015, supplement): τ = 1 and
 * Nesterov momentum applied at the master. A worker computes g at the look-ahead point x̃ + δv it
 * last pulled and pushes g; the master does v ← δv − ηg, x̃ ← x̃ + v and replies with the new
 * look-ahead point x̃ + δv. One round trip per step, N floats each way.
 */
public final class MDownpour {
    private MDownpour() {
    }

    /** Worker of MDOWNPOUR: its x_i is always the look-ahead point last pulled from the master. */
    public static final class Worker extends BaseWorker {
        // after init x is x̃: v = 0, so the look-ahead point is the center itself

        @Override
        public double step(Gradient gradient, Exchange exchange) {
            double loss = gradient.compute(x, g);          // g at x̃ + δv
            exchange.exchange(g, x);                       // push g, pull the next look-ahead point
            t++;
            return loss;
        }

        @Override
        public WorkerRule copy() {
            return new Worker();
        }
    }

    /** Master of MDOWNPOUR: v ← δv − ηg; x̃ ← x̃ + v; reply x̃ + δv. */
    public static final class Master extends MasterRule {
        private final float eta;
        private final float delta;
        private float[] v;

        public Master(float eta, float delta) {
            this.eta = eta;
            this.delta = delta;
        }

        @Override
        protected void onInit() {
            v = new float[center.length];
        }

        @Override
        protected double apply(int worker, float[] up, float[] down) {
            for (int k = 0; k < center.length; k++) {
                v[k] = delta * v[k] - eta * up[k];
                center[k] += v[k];
                down[k] = center[k] + delta * v[k];
            }
            return Double.NaN;
        }
    }
}
