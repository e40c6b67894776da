package io.easgd.core.rules;

/**
 * Synchronous EASGD and EAMSGD (the paper's eq. 3–4): every τ steps all p workers meet at a
 * barrier, then, with the old values on both sides,
 * <pre>
 * x_i ← x_i − α (x_i − x̃)              for each i
 * x̃  ← x̃ + β (mean_i x_i − x̃),  β = pα
 * </pre>
 * The workers are {@link Easgd.Worker} (EASGD) or {@link Eamsgd.Worker} (EAMSGD): each sends x_i
 * and receives e_i = α(x_i − x̃_old). The master's move β(mean x_i − x̃) equals Σ_i e_i.
 * {@link #exchange} blocks the calling worker until the round's p-th upload has arrived.
 */
public final class SyncEasgd {
    private SyncEasgd() {
    }

    public static final class Master extends MasterRule {
        private final float alpha;
        private final int p;
        private float[][] ups;
        private float[][] downs;
        private double[] distances;
        private int arrived;
        private long round;
        private boolean closed;

        public Master(float alpha, int p) {
            this.alpha = alpha;
            this.p = p;
        }

        @Override
        protected void onInit() {
            ups = new float[p][center.length];
            downs = new float[p][center.length];
            distances = new double[p];
            arrived = 0;
            round = 0;
        }

        @Override
        public synchronized void close() {
            closed = true;
            super.close();
        }

        /** Rounds completed so far. */
        public synchronized long rounds() {
            return round;
        }

        @Override
        protected double apply(int worker, float[] up, float[] down) {
            if (worker < 0 || worker >= p) {
                throw new IllegalArgumentException("worker must be in [0, " + p + "), found " + worker);
            }
            long myRound = round;
            System.arraycopy(up, 0, ups[worker], 0, up.length);
            arrived++;
            if (arrived == p) {
                for (int i = 0; i < p; i++) {
                    double sq = 0;
                    for (int k = 0; k < center.length; k++) {
                        float diff = ups[i][k] - center[k];
                        sq += (double) diff * diff;
                        downs[i][k] = alpha * diff;        // e_i = α(x_i − x̃_old)
                    }
                    distances[i] = Math.sqrt(sq);
                }
                for (int i = 0; i < p; i++) {
                    Vec.axpy(1f, downs[i], center);       // x̃ ← x̃ + Σ e_i = x̃ + β(mean x_i − x̃)
                }
                arrived = 0;
                round++;
                notifyAll();
            } else {
                while (round == myRound) {
                    if (closed) {
                        throw new IllegalStateException("the job ended while worker " + worker
                                + " waited at the barrier of round " + myRound);
                    }
                    try {
                        wait();
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting at the round barrier", ex);
                    }
                }
            }
            System.arraycopy(downs[worker], 0, down, 0, down.length);
            return distances[worker];
        }
    }
}
