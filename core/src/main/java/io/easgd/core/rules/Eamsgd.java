package io.easgd.core.rules;

/**
 * Asynchronous EAMSGD, the paper's Algorithm 2: EASGD's elastic exchange plus Nesterov momentum
 * on each worker. Paper defaults: δ = 0.99, β = pα = 0.9. The master is {@link Easgd.Master}.
 *
 * <pre>
 * x_i ← x̃ ; v_i ← 0 ; t_i ← 0
 * loop:
 *     x ← x_i
 *     if t_i mod τ == 0:  e ← α (x − x̃);  x_i ← x_i − e;  x̃ ← x̃ + e
 *     v_i ← δ v_i − η g_i(x + δ v_i)    # Nesterov look-ahead, from x before the elastic move
 *     x_i ← x_i + v_i
 *     t_i ← t_i + 1
 * </pre>
 */
public final class Eamsgd {
    private Eamsgd() {
    }

    /** Worker i of asynchronous (and, with {@link SyncEasgd.Master}, synchronous) EAMSGD. */
    public static final class Worker extends BaseWorker implements Periodic {
        private final float eta;
        private final float delta;
        private final ExchangePeriod period;
        private float[] v;
        private float[] lookAhead;
        private float[] e;

        public Worker(float eta, float delta, int tau) {
            this.eta = eta;
            this.delta = delta;
            this.period = new ExchangePeriod(tau);
        }

        @Override
        protected void onInit() {
            v = new float[x.length];
            lookAhead = new float[x.length];
            e = new float[x.length];
            period.reset();
        }

        @Override
        public double step(Gradient gradient, Exchange exchange) {
            for (int k = 0; k < x.length; k++) {
                lookAhead[k] = x[k] + delta * v[k];        // x + δ v_i, x before the elastic move
            }
            double loss = gradient.compute(lookAhead, g);
            if (period.due(t)) {                           // t_i mod τ == 0 for a fixed τ
                exchange.exchange(x, e);                   // master: e = α(x − x̃); x̃ += e
                period.exchanged(t);
                for (int k = 0; k < x.length; k++) {
                    x[k] -= e[k];
                }
            }
            for (int k = 0; k < x.length; k++) {
                v[k] = delta * v[k] - eta * g[k];          // v_i ← δ v_i − η g_i(x + δ v_i)
                x[k] += v[k];                              // x_i ← x_i + v_i
            }
            t++;
            return loss;
        }

        /** v_i, live. */
        public float[] velocity() {
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
            return new Worker(eta, delta, period.tau());
        }
    }
}
