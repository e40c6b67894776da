package io.easgd.core.rules;

/**
 * DOWNPOUR (Dean et al. 2012) in the form the paper compares against (Zhang et al. 2015, §5 and
 * supplement). Each worker accumulates its own updates in v_i and, every τ steps, pushes them to
 * the master and pulls the fresh center — one round trip, N floats up and N down.
 *
 * <pre>
 * x_i ← x̃ ; v_i ← 0 ; t_i ← 0
 * loop:
 *     if t_i mod τ == 0:
 *         x̃ ← x̃ + v_i      # push (atomic at the master)
 *         x_i ← x̃          # pull
 *         v_i ← 0
 *     g ← g_i(x_i)
 *     x_i ← x_i − η g
 *     v_i ← v_i − η g
 *     t_i ← t_i + 1
 * </pre>
 */
public final class Downpour {
    private Downpour() {
    }

    /** Worker i of DOWNPOUR (also of ADOWNPOUR and MVADOWNPOUR, whose averaging is the master's). */
    public static final class Worker extends BaseWorker implements Periodic {
        private final float eta;
        private final ExchangePeriod period;
        private float[] v;

        public Worker(float eta, int tau) {
            this.eta = eta;
            this.period = new ExchangePeriod(tau);
        }

        @Override
        protected void onInit() {
            v = new float[x.length];
            period.reset();
        }

        @Override
        public double step(Gradient gradient, Exchange exchange) {
            if (period.due(t)) {                           // t_i mod τ == 0 for a fixed τ
                exchange.exchange(v, x);                   // x̃ += v_i; x_i ← x̃
                period.exchanged(t);
                java.util.Arrays.fill(v, 0f);              // v_i ← 0
            }
            double loss = gradient.compute(x, g);          // g ← g_i(x_i)
            for (int k = 0; k < x.length; k++) {
                float d = eta * g[k];
                x[k] -= d;
                v[k] -= d;
            }
            t++;
            return loss;
        }

        /** v_i, the updates accumulated since the last push, live. */
        public float[] accumulated() {
            return v;
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

    /** The master of DOWNPOUR: x̃ ← x̃ + v_i, reply x̃ (rounded for the wire when compressed). */
    public static final class Master extends MasterRule {
        /** "downpour". */
        @Override
        public String name() {
            return "downpour";
        }

        @Override
        protected double apply(int worker, float[] up, float[] down) {
            for (int k = 0; k < center.length; k++) {
                center[k] += up[k];
            }
            System.arraycopy(center, 0, down, 0, center.length);
            roundReply(down);                              // a point: x̃ itself stays exact
            return Double.NaN;
        }
    }
}
