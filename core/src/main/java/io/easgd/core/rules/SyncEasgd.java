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
 */
public final class SyncEasgd {
    private SyncEasgd() {
    }

    /**
     * The master of a synchronous EASGD/EAMSGD round; the barrier is {@link RoundMaster}'s. When all
     * p uploads x_i are there (or, at the round deadline, the p' that arrived: A below is then those
     * ranks and β becomes p'α), with x̃ as it was before the round:
     * <pre>
     * e_j ← α (x_j − x̃)  for every j in A
     * x̃ ← x̃ + Σ_{j∈A} e_j                # = x̃ + β (mean_j x_j − x̃) when A is all p
     * reply e_j and ‖x_j − x̃_old‖ to every j in A
     * </pre>
     * α stays the spec's (β/p): a worker's own elastic move does not depend on who else came.
     * State: x̃ and the round counters of {@link RoundMaster}.
     */
    public static final class Master extends RoundMaster {
        private final float alpha;
        private float[][] downs;

        public Master(float alpha, int p) {
            super(p);
            this.alpha = alpha;
        }

        /** "sync-easgd" (also the master of synchronous EAMSGD). */
        @Override
        public String name() {
            return "sync-easgd";
        }

        @Override
        protected void onRoundInit() {
            downs = new float[p][center.length];
        }

        @Override
        protected void readRoundState(MasterRule.State s) {
            downs = new float[p][center.length];
        }

        /**
         * Under the lock, the uploads x_j of the round's ranks A (all p, or the p' that arrived by the
         * deadline): e_j into {@code downs}, x̃ moved by Σ_{j∈A} e_j = p'α (mean_A x_j − x̃).
         */
        @Override
        protected void completeRound(float[][] ups, int[] ranks, double[] distances) {
            for (int i : ranks) {
                double sq = 0;
                for (int k = 0; k < center.length; k++) {
                    float diff = ups[i][k] - center[k];
                    sq += (double) diff * diff;
                    downs[i][k] = alpha * diff;            // e_i = α(x_i − x̃_old)
                }
                distances[i] = Math.sqrt(sq);
                roundReply(downs[i]);                      // what worker i decodes, and what x̃ gets
            }
            for (int i : ranks) {
                Vec.axpy(1f, downs[i], center);           // x̃ ← x̃ + Σ_A e_i = x̃ + p'α(mean_A x_i − x̃)
            }
        }

        @Override
        protected void writeReply(int worker, float[] down) {
            System.arraycopy(downs[worker], 0, down, 0, down.length);
        }
    }
}
