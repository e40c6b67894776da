package io.easgd.core.rules;

/**
 * Asynchronous EASGD, the paper's Algorithm 1 (Zhang, Choromanska, LeCun, NIPS 2015, §3, eq. 5–6
 * in their asynchronous form). Paper defaults: β = pα = 0.9, τ ∈ {1, 4, 16, 64}.
 *
 * <pre>
 * x_i ← x̃ ; t_i ← 0
 * loop:
 *     x ← x_i
 *     if t_i mod τ == 0:
 *         e ← α (x − x̃)        # at the master: x̃ as it holds it right now
 *         x_i ← x_i − e
 *         x̃ ← x̃ + e            # atomic at the master
 *     x_i ← x_i − η g_i(x)     # gradient at x, the point before the elastic move
 *     t_i ← t_i + 1
 * </pre>
 * One round trip per exchange: the worker sends x_i (N floats), the master replies e (N floats).
 *
 * <p>Overlapped ({@code "overlap"} on, k ≥ 1 local steps): the worker sends a copy of x_i, goes on
 * with its local steps without waiting, and applies e at the start of step t_s + k, t_s the step
 * that sent it (waiting there if e has not arrived; earlier if the next exchange falls due first):
 * <pre>
 * x_i ← x̃ ; t_i ← 0 ; nothing in flight
 * loop:
 *     if an exchange is in flight and (t_i == t_s + k or t_i mod τ == 0):
 *         wait for its e
 *         x_i ← x_i − e                    # the elastic move, k local steps late
 *     x ← x_i
 *     if t_i mod τ == 0:
 *         send a copy of x ; t_s ← t_i     # master: e ← α (x − x̃); x̃ ← x̃ + e; reply e
 *     x_i ← x_i − η g_i(x)                 # while the reply travels
 *     t_i ← t_i + 1
 * at the end: wait for an e in flight and apply it (settle)
 * </pre>
 * The elastic move reaches x_i k local steps after the upload it was computed from; x̃ moves by +e
 * at the master and x_i by −e, the same e, exactly as before. At k = 1, because Algorithm 1 takes the
 * gradient at x, the point before the elastic move, x_i at the start of each step is the paper's
 * x_i − e − η g_i(x) given the same reply e (in exact arithmetic: the two subtractions come in the
 * other order); only x_i read between the end of step t_i and the start of step t_i + 1 still lacks
 * the move. At k ≥ 2 the gradients of steps t_s + 1 … t_s + k − 1 are taken at points that lack
 * −e: a delayed elastic force (docs/algorithms.md "Overlapped exchange").
 */
public final class Easgd {
    private Easgd() {
    }

    /** Worker i of asynchronous EASGD; its τ may change between steps ({@link Periodic}), and so may k. */
    public static final class Worker extends OverlappableWorker implements Periodic {
        private final float eta;
        private final ExchangePeriod period;
        private float[] e;

        public Worker(float eta, int tau) {
            this(eta, tau, 0);
        }

        /** @param overlap the overlapped exchange at k = 1 (class comment), else the paper's blocking one */
        public Worker(float eta, int tau, boolean overlap) {
            this(eta, tau, overlap ? 1 : 0);
        }

        /** @param overlapSteps k ≥ 1 for the overlapped exchange (class comment), 0 for the paper's blocking one */
        public Worker(float eta, int tau, int overlapSteps) {
            super(overlapSteps);
            this.eta = eta;
            this.period = new ExchangePeriod(tau);
        }

        @Override
        protected void onInit() {
            e = new float[x.length];
            period.reset();
            inFlight.reset(x.length);
        }

        @Override
        public double step(Gradient gradient, Exchange exchange) {
            return overlap ? overlappedStep(gradient, exchange) : blockingStep(gradient, exchange);
        }

        private double blockingStep(Gradient gradient, Exchange exchange) {
            double loss = gradient.compute(x, g);          // g_i(x), x = x_i before the elastic move
            if (period.due(t)) {                           // t_i mod τ == 0 for a fixed τ
                exchange.exchange(x, e);                   // master: e = α(x − x̃); x̃ += e
                period.exchanged(t);
                for (int k = 0; k < x.length; k++) {
                    x[k] -= e[k];                          // x_i ← x_i − e
                }
            }
            Vec.axpy(-eta, g, x);                          // x_i ← x_i − η g_i(x)
            t++;
            return loss;
        }

        private double overlappedStep(Gradient gradient, Exchange exchange) {
            boolean due = period.due(t);                   // t_i mod τ == 0 for a fixed τ
            if (inFlight.replyDue(t, due)) {               // t_i == t_s + k, or the next exchange is due
                settle();
            }
            if (due) {
                inFlight.begin(exchange, x, e, t);         // a copy of x goes up; e is applied at t_i + k
                period.exchanged(t);
            }
            double loss = gradient.compute(x, g);          // g_i(x) while the reply travels
            Vec.axpy(-eta, g, x);                          // x_i ← x_i − η g_i(x)
            t++;
            return loss;
        }

        /** Waits for an e in flight and applies it: x_i ← x_i − e. */
        @Override
        public void settle() {
            if (inFlight.await()) {
                for (int k = 0; k < x.length; k++) {
                    x[k] -= e[k];                          // x_i ← x_i − e, k local steps late
                }
            }
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
            return new Worker(eta, period.tau(), overlapSteps());
        }
    }

    /**
     * The master of asynchronous EASGD and EAMSGD: e = α(x_i − x̃), x̃ ← x̃ + e, reply e. α may change
     * between exchanges ({@link #alpha(float)}): a job whose worker count p changes keeps β = pα by
     * setting α = β/p; an exchange uses the α set before it, never a mix.
     */
    public static final class Master extends MasterRule {
        private float alpha;

        public Master(float alpha) {
            this.alpha = checkAlpha(alpha);
        }

        /** Sets α for every later exchange (under the master's lock: an exchange under way keeps its α). */
        public synchronized void alpha(float alpha) {
            this.alpha = checkAlpha(alpha);
        }

        /** The α the next exchange uses. */
        public synchronized float alpha() {
            return alpha;
        }

        private static float checkAlpha(float alpha) {
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("alpha must be in (0, 1), found " + alpha);
            }
            return alpha;
        }

        /** "easgd" (also the master of EAMSGD). */
        @Override
        public String name() {
            return "easgd";
        }

        /** This master's distance pass refuses a non-finite upload before the center moves. */
        @Override
        public boolean checksUploads() {
            return true;
        }

        /**
         * Two passes: the elastic distance ‖x_i − x̃‖ ({@link Vec#squaredDistanceLanes}), which also finds a
         * non-finite upload before anything changes; then e = α(x_i − x̃), x̃ += e, reply e — a loop of
         * independent elements (the compiler vectorises it), bit for bit the update of one fused loop.
         */
        @Override
        protected double apply(int worker, float[] up, float[] down) {
            double sq = Vec.squaredDistanceLanes(up, center);
            if (!Double.isFinite(sq)) {
                Vec.requireFinite(up, worker);           // throws at the first NaN/±Inf; the center is untouched
            }                                            // (else a finite difference overflowed: applied as before)
            if (!compression().lossless()) {
                applyRounded(up, down);
                return Math.sqrt(sq);
            }
            float a = alpha;
            float[] c = center;
            for (int k = 0; k < c.length; k++) {
                float e = a * (up[k] - c[k]);
                c[k] += e;
                down[k] = e;
            }
            return Math.sqrt(sq);
        }

        /** e = round(α(x_i − x̃)); x̃ += e; reply e: equal and opposite, exactly what the wire carries. */
        private void applyRounded(float[] up, float[] down) {
            for (int k = 0; k < center.length; k++) {
                down[k] = alpha * (up[k] - center[k]);
            }
            roundReply(down);
            for (int k = 0; k < center.length; k++) {
                center[k] += down[k];
            }
        }
    }
}
