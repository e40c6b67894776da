package io.easgd.core.rules;

import java.util.List;
import java.util.Map;

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

    /**
     * Master of MDOWNPOUR: v ← δv − ηg; x̃ ← x̃ + v; reply x̃ + δv. Its state is x̃ and the momentum
     * v ("velocity"); a worker joins at the look-ahead point x̃ + δv, the point every other worker
     * computes its gradient at.
     */
    public static final class Master extends MasterRule {
        /** The name of v in a {@link MasterRule.State}. */
        public static final String VELOCITY = "velocity";

        private final float eta;
        private final float delta;
        private float[] v;

        public Master(float eta, float delta) {
            this.eta = eta;
            this.delta = delta;
        }

        /** "mdownpour". */
        @Override
        public String name() {
            return "mdownpour";
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
            roundReply(down);                              // a point: x̃ and v stay exact
            return Double.NaN;
        }

        /** x̃ + δv, the look-ahead point: what the master's last reply was, for a joining worker. */
        @Override
        public synchronized void copyJoinPoint(float[] dst) {
            for (int k = 0; k < dst.length; k++) {
                dst[k] = center[k] + delta * v[k];
            }
        }

        @Override
        protected void stateNames(List<String> vectors, List<String> counters) {
            vectors.add(VELOCITY);
        }

        @Override
        protected void writeState(Map<String, float[]> vectors, Map<String, Long> counters) {
            vectors.put(VELOCITY, v.clone());
        }

        @Override
        protected void readState(MasterRule.State s) {
            v = s.vectors().get(VELOCITY).clone();
        }
    }
}
