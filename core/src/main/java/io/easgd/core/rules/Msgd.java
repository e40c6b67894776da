package io.easgd.core.rules;

/**
 * MSGD, single-worker SGD with Nesterov momentum (the paper's MSGD baseline, δ = 0.99 by default):
 * v ← δv − η g(x + δv); x ← x + v. A local rule, published by {@link Publish.Worker}.
 */
public final class Msgd {
    private Msgd() {
    }

    public static final class Worker extends BaseWorker {
        private final float eta;
        private final float delta;
        private float[] v;
        private float[] lookAhead;

        public Worker(float eta, float delta) {
            this.eta = eta;
            this.delta = delta;
        }

        @Override
        protected void onInit() {
            v = new float[x.length];
            lookAhead = new float[x.length];
        }

        @Override
        public double step(Gradient gradient, Exchange exchange) {
            for (int k = 0; k < x.length; k++) {
                lookAhead[k] = x[k] + delta * v[k];
            }
            double loss = gradient.compute(lookAhead, g);  // g(x + δv)
            for (int k = 0; k < x.length; k++) {
                v[k] = delta * v[k] - eta * g[k];          // v ← δv − η g(x + δv)
                x[k] += v[k];                              // x ← x + v
            }
            t++;
            return loss;
        }

        @Override
        public int[] payloadFloats() {
            return new int[] {0, 0};
        }

        @Override
        public WorkerRule copy() {
            return new Worker(eta, delta);
        }
    }
}
