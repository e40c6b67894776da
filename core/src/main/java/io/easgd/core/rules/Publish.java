package io.easgd.core.rules;

/**
 * How a single-worker baseline (SGD, MSGD, ASGD, MVASGD) reaches the master: every τ local steps
 * the worker sends the variable it offers (x, or the average z), and the master stores it as the
 * variable it evaluates. N floats up, nothing down. Not in the paper, which runs these baselines
 * on one machine; the platform needs it to evaluate them the same way as the distributed rules.
 */
public final class Publish {
    private static final float[] NOTHING = new float[0];

    private Publish() {
    }

    /** Runs a local rule and publishes its {@code params()} after every τ-th local step. */
    public static final class Worker implements WorkerRule {
        private final WorkerRule local;
        private final int tau;

        public Worker(WorkerRule local, int tau) {
            this.local = local;
            this.tau = tau;
        }

        @Override
        public void init(float[] center) {
            local.init(center);
        }

        @Override
        public double step(Gradient gradient, Exchange exchange) {
            double loss = local.step(gradient, exchange);
            if (local.steps() % tau == 0) {
                exchange.exchange(local.params(), NOTHING);
            }
            return loss;
        }

        @Override
        public float[] params() {
            return local.params();
        }

        @Override
        public long steps() {
            return local.steps();
        }

        @Override
        public int[] payloadFloats() {
            return new int[] {local.params().length, 0};
        }

        @Override
        public WorkerRule copy() {
            return new Worker(local.copy(), tau);
        }
    }

    /** x̃ ← the published variable. */
    public static final class Master extends MasterRule {
        @Override
        protected double apply(int worker, float[] up, float[] down) {
            double distance = Vec.distance(up, center);
            System.arraycopy(up, 0, center, 0, center.length);
            return distance;
        }
    }
}
