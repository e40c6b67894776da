package io.easgd.core.rules;

import java.util.List;
import java.util.Map;

/**
 * How a single-worker baseline (SGD, MSGD, ASGD, MVASGD) reaches the master: every τ local steps
 * the worker sends what the master needs to evaluate it and to resume it, and the master stores
 * it. Nothing comes down. Not in the paper, which runs these baselines on one machine; the
 * platform needs it to evaluate them the same way as the distributed rules.
 *
 * <pre>
 * loop:
 *     local step (SGD or MSGD; ASGD/MVASGD also z ← (1 − a_t) z + a_t x)
 *     if t mod τ == 0:
 *         SGD, MSGD:     publish x          (N floats)   master: x̃ ← x,  evaluates x̃
 *         ASGD, MVASGD:  publish [x | z]    (2N floats)  master: x̃ ← x, z̃ ← z, evaluates z̃
 * </pre>
 * The averaged baselines publish their iterate x as well as their average z, so that a resumed
 * job (or a replacement worker) restarts from the iterate — where SGD was — and not from the
 * average, while the master still evaluates the average.
 */
public final class Publish {
    private static final float[] NOTHING = new float[0];

    private Publish() {
    }

    /** Runs a local rule and publishes after every τ-th local step: x, or [x | z] for an averaged one. */
    public static final class Worker implements WorkerRule {
        private final WorkerRule local;
        private final int tau;
        private float[] upload;                            // [x | z] for an averaged rule, else unused

        public Worker(WorkerRule local, int tau) {
            this.local = local;
            this.tau = tau;
        }

        @Override
        public void init(float[] center) {
            local.init(center);
            upload = averaged() ? new float[2 * center.length] : null;
        }

        /** True when the local rule averages its iterates (ASGD, MVASGD): it publishes [x | z]. */
        public boolean averaged() {
            return local instanceof Averaging.Worker;
        }

        @Override
        public double step(Gradient gradient, Exchange exchange) {
            double loss = local.step(gradient, exchange);
            if (local.steps() % tau == 0) {
                exchange.exchange(published(), NOTHING);
            }
            return loss;
        }

        /**
         * What this worker publishes now, live: x (plain rules; the same array as {@link #params()})
         * or [x | z] (averaged rules; refreshed by this call). The final exchange of a leaving
         * worker sends this too.
         */
        public float[] published() {
            if (!averaged()) {
                return local.params();
            }
            Averaging.Worker avg = (Averaging.Worker) local;
            float[] x = avg.iterate();
            float[] z = avg.params();
            System.arraycopy(x, 0, upload, 0, x.length);
            System.arraycopy(z, 0, upload, x.length, z.length);
            return upload;
        }

        /** The offered variable: x, or the average z of an averaged rule. */
        @Override
        public float[] params() {
            return local.params();
        }

        @Override
        public long steps() {
            return local.steps();
        }

        /** {N, 0}, or {2N, 0} for an averaged rule. */
        @Override
        public int[] payloadFloats() {
            int n = local.params().length;
            return new int[] {averaged() ? 2 * n : n, 0};
        }

        @Override
        public WorkerRule copy() {
            return new Worker(local.copy(), tau);
        }
    }

    /** SGD, MSGD: x̃ ← the published x; evaluates x̃; workers (re)join at x̃. */
    public static final class Master extends MasterRule {
        /** "publish". */
        @Override
        public String name() {
            return "publish";
        }

        @Override
        protected int downFloats() {
            return 0;
        }

        @Override
        protected double apply(int worker, float[] up, float[] down) {
            double distance = Vec.distance(up, center);
            System.arraycopy(up, 0, center, 0, center.length);
            return distance;
        }
    }

    /**
     * ASGD, MVASGD: from the published [x | z], x̃ ← x (the join point: a resumed worker goes on
     * from the iterate) and z̃ ← z (the evaluated variable). The state holds both.
     */
    public static final class AveragedMaster extends MasterRule {
        /** The name of z̃ in a {@link MasterRule.State}. */
        public static final String AVERAGE = "average";

        private float[] z;

        /** "publish-averaged". */
        @Override
        public String name() {
            return "publish-averaged";
        }

        @Override
        protected void onInit() {
            z = center.clone();
        }

        @Override
        protected int upFloats() {
            return 2 * center.length;
        }

        @Override
        protected int downFloats() {
            return 0;
        }

        /** Returns ‖x − x̃_old‖, how far the iterate moved since the last publication. */
        @Override
        protected double apply(int worker, float[] up, float[] down) {
            int n = center.length;
            double sq = 0;
            for (int k = 0; k < n; k++) {
                double d = (double) up[k] - center[k];
                sq += d * d;
            }
            System.arraycopy(up, 0, center, 0, n);
            System.arraycopy(up, n, z, 0, n);
            return Math.sqrt(sq);
        }

        @Override
        protected float[] evaluated() {
            return z;
        }

        @Override
        protected void stateNames(List<String> vectors, List<String> counters) {
            vectors.add(AVERAGE);
        }

        @Override
        protected void writeState(Map<String, float[]> vectors, Map<String, Long> counters) {
            vectors.put(AVERAGE, z.clone());
        }

        @Override
        protected void readState(MasterRule.State s) {
            z = s.vectors().get(AVERAGE).clone();
        }
    }
}
