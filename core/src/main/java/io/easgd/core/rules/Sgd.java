package io.easgd.core.rules;

/**
 * Plain SGD on one worker, x ← x − η g(x): the single-worker baseline of the paper's comparisons.
 * A local rule: it never exchanges by itself; {@link Publish.Worker} makes its x visible to the
 * master, where it is evaluated like a center.
 */
public final class Sgd {
    private Sgd() {
    }

    public static final class Worker extends BaseWorker {
        private final float eta;

        public Worker(float eta) {
            this.eta = eta;
        }

        @Override
        public double step(Gradient gradient, Exchange exchange) {
            double loss = gradient.compute(x, g);
            Vec.axpy(-eta, g, x);
            t++;
            return loss;
        }

        @Override
        public int[] payloadFloats() {
            return new int[] {0, 0};
        }

        @Override
        public WorkerRule copy() {
            return new Worker(eta);
        }
    }
}
