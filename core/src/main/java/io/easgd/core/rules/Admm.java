package io.easgd.core.rules;

import io.easgd.core.compression.Compression;
import java.util.List;
import java.util.Map;

/**
 * Asynchronous ADMM in the round-robin form the paper analyses against EASGD (Zhang, Choromanska,
 * LeCun 2015, arXiv 1412.6651, §4 "stability analysis"): p workers, each with its own dual variable
 * λ_l, one gradient step on the augmented Lagrangian per turn instead of an exact minimisation.
 * Worker l at its turn t, with x̃ as the master holds it right now:
 * <pre>
 * x_l ← x̃_0 ; λ_l ← 0 for every l
 * at the turn of worker l:
 *     λ_l ← λ_l − (x_l − x̃)                         # dual update
 *     x_l ← x_l − η ∇F_l(x_l) + ηρ (λ_l − x_l + x̃)    # λ_l the new one; x_l, x̃ the old
 *     x̃  ← (1/p) Σ_l (x_l − λ_l)                     # with worker l's new x_l and λ_l
 * (every other worker unchanged)
 * </pre>
 *
 * <p>One round trip per exchange, exactly this map in exact arithmetic. Write u_l = x_l − λ_l; the
 * master keeps one u_l per rank (all x̃_0 at the start), so x̃ = (1/p) Σ u_l throughout. With
 * g = ∇F_l(x_t) and a = x_t − η g − ηρ x_t, the new u is u_{t+1} = b + (2ηρ − 1) x̃_t where
 * b = a + (1 − ηρ)(x_t − λ_t) is known to the worker before it hears x̃_t:
 * <pre>
 * worker:  g ← ∇F_l(x) ; b ← x − η g − ηρ x + (1 − ηρ)(x − λ) ; send b          (N floats up)
 * master:  c ← x̃ ; u_new ← b + (2ηρ − 1) x̃ ; x̃ ← x̃ + (u_new − u_l)/p ; u_l ← u_new ; reply c
 *                                                                              (N floats down)
 * worker:  λ ← λ − (x − c) ; x ← x − η g + ηρ (λ − x + c)                       # x, λ the map's own
 * </pre>
 * (x_{t+1} − λ_{t+1} = a + ηρ(λ_{t+1} + c) − λ_{t+1} = a + (ηρ − 1)(λ_t − x_t + c) + ηρ c = b + (2ηρ − 1) c.)
 *
 * <p>Rounding order, in float: ηρ is one float product {@code eta * rho}, the same on worker and
 * master. The worker computes λ and x with the map's own expressions, left to right as written, so
 * its x and λ are the three-line map's bit for bit given the same c. Only x̃ differs from the map by
 * rounding: the master updates the mean incrementally (x̃ += (u_new − u_l)/p, a float division by p)
 * instead of summing p vectors, and b folds two of the map's terms; the difference is the rounding of
 * a few operations per exchange (AdmmTest: within 1e-5 of the map in double over 40 turns at p = 2).
 *
 * <p>τ > 1 (the platform's generalisation, not in the paper): a step with t mod τ ≠ 0 is a local
 * step on the augmented Lagrangian with the last center c the worker received and its λ unchanged,
 * x ← x − η g + ηρ (λ − x + c); the exchange at t mod τ == 0 is the one above from wherever x and λ
 * are. At τ = 1 every step is an exchange: the paper's map.
 *
 * <p>Fixed p: the master needs p for the mean and one u_l per rank 0 … p − 1; no worker range, no
 * auto-τ, no overlap and no compression (a rounded b or c would make the master's u_l differ from
 * the worker's x_l − λ_l, which nothing would correct). A worker that re-joins starts from x̃ with
 * λ = 0; its u_l at the master stays what it last sent until its first exchange replaces it.
 */
public final class Admm {
    private Admm() {
    }

    /** Worker l of asynchronous ADMM (class comment). */
    public static final class Worker extends BaseWorker {
        private final float eta;
        private final float rho;
        private final float etaRho;
        private final int tau;
        private float[] lambda;
        private float[] c;
        private float[] b;

        /**
         * @param eta the learning rate η
         * @param rho the penalty ρ > 0
         * @param tau the exchange period τ ≥ 1 (1 is the paper's map)
         */
        public Worker(float eta, float rho, int tau) {
            if (!(rho > 0) || !Float.isFinite(rho)) {
                throw new IllegalArgumentException("rho must be > 0, found " + rho);
            }
            if (tau < 1) {
                throw new IllegalArgumentException("tau must be >= 1, found " + tau);
            }
            this.eta = eta;
            this.rho = rho;
            this.etaRho = eta * rho;
            this.tau = tau;
        }

        @Override
        protected void onInit() {
            lambda = new float[x.length];                  // λ_l ← 0
            c = x.clone();                                 // the last center: x̃_0 until the first reply
            b = new float[x.length];
        }

        @Override
        public double step(Gradient gradient, Exchange exchange) {
            double loss = gradient.compute(x, g);          // g = ∇F_l(x_t), before anything moves
            float er = etaRho;
            boolean exchanges = t % tau == 0;
            if (exchanges) {
                float keep = 1f - er;
                for (int k = 0; k < x.length; k++) {
                    float xk = x[k];
                    float a = xk - eta * g[k] - er * xk;   // a = x − η g − ηρ x
                    b[k] = a + keep * (xk - lambda[k]);    // b = a + (1 − ηρ)(x − λ)
                }
                exchange.exchange(b, c);                   // master: u_l ← b + (2ηρ − 1) x̃; reply c = x̃_t
            }
            for (int k = 0; k < x.length; k++) {
                float xk = x[k];
                float ck = c[k];
                float l = exchanges ? lambda[k] - (xk - ck) : lambda[k];   // λ ← λ − (x − x̃_t)
                lambda[k] = l;
                x[k] = xk - eta * g[k] + er * (l - xk + ck);                  // x ← x − ηg + ηρ(λ − x + x̃)
            }
            t++;
            return loss;
        }

        /** λ_l, live: read it, do not keep it across steps. */
        public float[] dual() {
            return lambda;
        }

        /** The last center this worker received (x̃_0 before its first exchange), live. */
        public float[] lastCenter() {
            return c;
        }

        /** τ, fixed for the worker's life. */
        public int period() {
            return tau;
        }

        @Override
        public WorkerRule copy() {
            return new Worker(eta, rho, tau);
        }
    }

    /**
     * The master of asynchronous ADMM: x̃ and one u_l = x_l − λ_l per rank (class comment). Its state
     * ({@link #snapshot}) holds x̃ and the vectors {@code u.0} … {@code u.<p−1>}, so a restored master
     * answers every later upload bit for bit like one never interrupted.
     */
    public static final class Master extends MasterRule {
        /** Vector prefix: {@code u.<l>}, the u_l of rank l. */
        public static final String U = "u.";

        private final int p;
        private final float factor;
        private float[][] u;

        /**
         * @param eta the workers' η
         * @param rho the workers' ρ (the master needs ηρ for the (2ηρ − 1) of the exchange)
         * @param p the fixed number of workers, ranks 0 … p − 1
         */
        public Master(float eta, float rho, int p) {
            if (!(rho > 0) || !Float.isFinite(rho)) {
                throw new IllegalArgumentException("rho must be > 0, found " + rho);
            }
            if (p < 1) {
                throw new IllegalArgumentException("p must be >= 1, found " + p);
            }
            this.p = p;
            float etaRho = eta * rho;                      // the same float product as the worker's
            this.factor = 2f * etaRho - 1f;
        }

        /** "admm". */
        @Override
        public String name() {
            return "admm";
        }

        /** p, the number of ranks whose u_l the master keeps. */
        public int workers() {
            return p;
        }

        /** ADMM runs uncompressed only (class comment); refuses anything lossy. */
        @Override
        public synchronized void compression(Compression c) {
            if (!c.lossless()) {
                throw new IllegalArgumentException("admm: compression must be none (the master's u_l must stay the "
                        + "worker's x_l − λ_l), found " + c);
            }
            super.compression(c);
        }

        @Override
        protected void onInit() {
            u = new float[p][];
            for (int l = 0; l < p; l++) {
                u[l] = center.clone();                     // u_l = x_l − λ_l = x̃_0 − 0
            }
        }

        /**
         * c ← x̃; u_new ← b + (2ηρ − 1) x̃; x̃ ← x̃ + (u_new − u_l)/p; u_l ← u_new; reply c.
         *
         * @return NaN: the master does not see x_l
         * @throws IllegalArgumentException when {@code worker} is not a rank 0 … p − 1; nothing is touched
         */
        @Override
        protected double apply(int worker, float[] up, float[] down) {
            if (worker < 0 || worker >= p) {
                throw new IllegalArgumentException("admm: worker " + worker + " is not a rank 0 … " + (p - 1)
                        + " of this job's p = " + p);
            }
            float[] ul = u[worker];
            float[] x = center;
            float f = factor;
            for (int k = 0; k < x.length; k++) {
                float ck = x[k];
                down[k] = ck;                              // the reply: x̃_t before this update
                float un = up[k] + f * ck;                 // u_new = b + (2ηρ − 1) x̃_t
                x[k] = ck + (un - ul[k]) / p;              // x̃ ← x̃ + (u_new − u_l)/p
                ul[k] = un;
            }
            return Double.NaN;
        }

        @Override
        protected void stateNames(List<String> vectors, List<String> counters) {
            for (int l = 0; l < p; l++) {
                vectors.add(U + l);
            }
        }

        @Override
        protected void writeState(Map<String, float[]> vectors, Map<String, Long> counters) {
            for (int l = 0; l < p; l++) {
                vectors.put(U + l, u[l].clone());
            }
        }

        @Override
        protected void readState(State s) {
            u = new float[p][];
            for (int l = 0; l < p; l++) {
                u[l] = s.vectors().get(U + l).clone();
            }
        }
    }
}
