package io.easgd.core.rules;

import java.util.List;
import java.util.Map;

/**
 * DiLoCo, synchronous rounds of H local steps with an outer optimiser on the averaged
 * pseudo-gradient (Douillard et al., "DiLoCo: Distributed Low-Communication Training of Language
 * Models", 2023, Algorithm 1). Paper defaults: H = 500 inner steps, inner AdamW, outer Nesterov
 * with learning rate 0.7 and momentum 0.9. Here H is the job's τ, the inner optimiser is Nesterov
 * SGD (η, δ; as {@link Msgd}) or Adam (η; {@link Adam}), and the outer learning rate and momentum
 * are the spec's {@code outerLr} and {@code outerMomentum}.
 *
 * <pre>
 * worker i:                                   master:
 *     x_i ← x̃ ; x_start ← x̃ ; t_i ← 0         v ← 0 ; rounds ← 0
 *     loop:
 *         inner step on x_i (Nesterov or Adam; its state is kept across rounds)
 *         t_i ← t_i + 1
 *         if t_i mod H == 0:                  # after the H-th inner step of the round
 *             Δ_i ← x_start − x_i  ───────▶   when all p Δ_i of the round are there
 *                                             (or the p' there at the round deadline):
 *                                                 Δ ← mean_i Δ_i          # over those p (or p')
 *                                                 v ← μ v + Δ
 *                                                 x̃ ← x̃ − lr (Δ + μ v)     # Nesterov, PyTorch's form
 *             x_i ← x̃ ; x_start ← x̃   ◀───────    reply x̃ to every i
 * </pre>
 *
 * <p>The exchange comes <em>after</em> the step that completes H inner steps, as in the paper
 * (H inner steps, then the outer step), unlike the platform's other rules, which exchange before
 * the step at t mod τ == 0: an exchange at t = 0 would be a round of empty Δ, and a run of
 * {@code maxSteps} a multiple of H would end with H inner steps the center never sees. Here the
 * last round of such a run takes them in.
 *
 * <p>Wire: Δ_i up (N floats), x̃ down (N floats), once per round. The master is a
 * {@link RoundMaster}: a barrier without a waiting thread, whose state holds whole rounds.
 */
public final class Diloco {
    private Diloco() {
    }

    /**
     * Worker i: an inner local rule ({@link Msgd.Worker} or {@link Adam.Worker}, never exchanging by
     * itself) whose x it moves back to x̃ after every round, its inner state left as it is.
     */
    public static final class Worker implements WorkerRule {
        private static final Exchange NONE = (up, down) -> {
            throw new IllegalStateException("DiLoCo's inner optimiser does not exchange");
        };

        private final WorkerRule inner;
        private final int h;
        private float[] start;
        private float[] delta;

        /** @param h H, the inner steps per round (the job's τ) */
        public Worker(WorkerRule inner, int h) {
            if (h < 1) {
                throw new IllegalArgumentException("H must be >= 1, found " + h);
            }
            this.inner = inner;
            this.h = h;
        }

        @Override
        public void init(float[] center) {
            inner.init(center);
            start = center.clone();                        // x_start ← x̃
            delta = new float[center.length];
        }

        @Override
        public double step(Gradient gradient, Exchange exchange) {
            double loss = inner.step(gradient, NONE);      // one inner step; t_i ← t_i + 1
            if (inner.steps() % h == 0) {
                float[] x = inner.params();
                for (int k = 0; k < x.length; k++) {
                    delta[k] = start[k] - x[k];            // Δ_i ← x_start − x_i
                }
                exchange.exchange(delta, start);           // master: outer step; x_start ← x̃ (the reply)
                System.arraycopy(start, 0, x, 0, x.length); // x_i ← x̃
            }
            return loss;
        }

        /** The inner rule (its state, e.g. Nesterov's v or Adam's moments, is live). */
        public WorkerRule inner() {
            return inner;
        }

        @Override
        public float[] params() {
            return inner.params();
        }

        @Override
        public long steps() {
            return inner.steps();
        }

        @Override
        public int[] payloadFloats() {
            return new int[] {start.length, start.length};
        }

        @Override
        public WorkerRule copy() {
            return new Worker(inner.copy(), h);
        }
    }

    /**
     * The master: a {@link RoundMaster} whose round is the outer Nesterov step on the mean of the p
     * pseudo-gradients. Replies x̃ (after the step) to every worker, with the distance ‖Δ_i‖
     * (= ‖x_i − x̃_old‖ for a worker that started the round from x̃_old). State: x̃, the outer
     * momentum v ({@value #MOMENTUM}) and the round counters.
     */
    public static final class Master extends RoundMaster {
        /** Vector: the outer momentum buffer v. */
        public static final String MOMENTUM = "momentum";

        private final float lr;
        private final float mu;
        private float[] v;

        /**
         * @param lr the outer learning rate (paper: 0.7)
         * @param mu the outer Nesterov momentum (paper: 0.9)
         */
        public Master(float lr, float mu, int p) {
            super(p);
            this.lr = lr;
            this.mu = mu;
        }

        /** "diloco". */
        @Override
        public String name() {
            return "diloco";
        }

        @Override
        protected void onRoundInit() {
            v = new float[center.length];
        }

        /**
         * The outer step on the mean over the round's ranks A: all p, or the p' that arrived by the
         * round deadline (Δ = (1/p') Σ_{j∈A} Δ_j; summed in rank order either way).
         */
        @Override
        protected void completeRound(float[][] ups, int[] ranks, double[] distances) {
            for (int i : ranks) {
                distances[i] = Vec.norm(ups[i]);           // ‖Δ_i‖
            }
            int n = ranks.length;
            for (int k = 0; k < center.length; k++) {
                float sum = 0f;
                for (int i : ranks) {
                    sum += ups[i][k];                      // in rank order
                }
                float d = sum / n;                         // Δ = mean_{i∈A} Δ_i
                v[k] = mu * v[k] + d;                      // v ← μ v + Δ
                center[k] -= lr * (d + mu * v[k]);         // x̃ ← x̃ − lr (Δ + μ v)
            }
        }

        @Override
        protected void writeReply(int worker, float[] down) {
            System.arraycopy(center, 0, down, 0, down.length);   // the new x̃
            roundReply(down);                                     // as the wire carries it (a point: no feedback)
        }

        /** v, copied. */
        public synchronized float[] momentum() {
            return v.clone();
        }

        @Override
        protected void roundStateNames(List<String> vectors) {
            vectors.add(MOMENTUM);
        }

        @Override
        protected void writeRoundState(Map<String, float[]> vectors) {
            vectors.put(MOMENTUM, v.clone());
        }

        @Override
        protected void readRoundState(MasterRule.State s) {
            v = s.vectors().get(MOMENTUM).clone();
        }
    }
}
