package io.easgd.core.rules;

/**
 * Asynchronous EAMSGD, the paper's Algorithm 2: EASGD's elastic exchange plus Nesterov momentum
 * on each worker. Paper defaults: δ = 0.99, β = pα = 0.9. The master is {@link Easgd.Master}.
 *
 * <pre>
 * x_i ← x̃ ; v_i ← 0 ; t_i ← 0
 * loop:
 *     x ← x_i
 *     if t_i mod τ == 0:  e ← α (x − x̃);  x_i ← x_i − e;  x̃ ← x̃ + e
 *     v_i ← δ v_i − η g_i(x + δ v_i)    # Nesterov look-ahead, from x before the elastic move
 *     x_i ← x_i + v_i
 *     t_i ← t_i + 1
 * </pre>
 *
 * <p>Overlapped ({@code "overlap"} on, k ≥ 1 local steps; asynchronous master only): the worker
 * sends a copy of x_i, goes on with its momentum steps without waiting, and applies e at the start
 * of step t_s + k, t_s the step that sent it (waiting there if e has not arrived; earlier if the
 * next exchange falls due first):
 * <pre>
 * x_i ← x̃ ; v_i ← 0 ; t_i ← 0 ; nothing in flight
 * loop:
 *     if an exchange is in flight and (t_i == t_s + k or t_i mod τ == 0):
 *         wait for its e;  x_i ← x_i − e        # the elastic move, k local steps late
 *     x ← x_i
 *     if t_i mod τ == 0:  send a copy of x ; t_s ← t_i   # master: e ← α (x − x̃); x̃ ← x̃ + e; reply e
 *     v_i ← δ v_i − η g_i(x + δ v_i)            # while the reply travels
 *     x_i ← x_i + v_i
 *     t_i ← t_i + 1
 * at the end: wait for an e in flight and apply it (settle)
 * </pre>
 * The elastic move reaches x_i k local steps after the upload it was computed from; x̃ moves by +e
 * and x_i by −e, the same e. At k = 1, as the look-ahead is taken from x before the elastic move,
 * x_i at the start of each step is the paper's x − e + v_i given the same e (in exact arithmetic;
 * v_i never sees e); only x_i between two steps lacks the move. At k ≥ 2 the look-ahead gradients of
 * steps t_s + 1 … t_s + k − 1 are taken from points that lack −e (docs/algorithms.md "Overlapped
 * exchange"); v_i still never sees e.
 */
public final class Eamsgd {
    private Eamsgd() {
    }

    /** Worker i of asynchronous (and, with {@link SyncEasgd.Master}, synchronous) EAMSGD. */
    public static final class Worker extends OverlappableWorker implements Periodic {
        private final float eta;
        private final float delta;
        private final ExchangePeriod period;
        private float[] v;
        private float[] lookAhead;
        private float[] e;

        public Worker(float eta, float delta, int tau) {
            this(eta, delta, tau, 0);
        }

        /** @param overlap the overlapped exchange at k = 1 (class comment), else the paper's blocking one */
        public Worker(float eta, float delta, int tau, boolean overlap) {
            this(eta, delta, tau, overlap ? 1 : 0);
        }

        /** @param overlapSteps k ≥ 1 for the overlapped exchange (class comment), 0 for the paper's blocking one */
        public Worker(float eta, float delta, int tau, int overlapSteps) {
            super(overlapSteps);
            this.eta = eta;
            this.delta = delta;
            this.period = new ExchangePeriod(tau);
        }

        @Override
        protected void onInit() {
            v = new float[x.length];
            lookAhead = new float[x.length];
            e = new float[x.length];
            period.reset();
            inFlight.reset(x.length);
        }

        @Override
        public double step(Gradient gradient, Exchange exchange) {
            return overlap ? overlappedStep(gradient, exchange) : blockingStep(gradient, exchange);
        }

        private double blockingStep(Gradient gradient, Exchange exchange) {
            for (int k = 0; k < x.length; k++) {
                lookAhead[k] = x[k] + delta * v[k];        // x + δ v_i, x before the elastic move
            }
            double loss = gradient.compute(lookAhead, g);
            if (period.due(t)) {                           // t_i mod τ == 0 for a fixed τ
                exchange.exchange(x, e);                   // master: e = α(x − x̃); x̃ += e
                period.exchanged(t);
                for (int k = 0; k < x.length; k++) {
                    x[k] -= e[k];
                }
            }
            for (int k = 0; k < x.length; k++) {
                v[k] = delta * v[k] - eta * g[k];          // v_i ← δ v_i − η g_i(x + δ v_i)
                x[k] += v[k];                              // x_i ← x_i + v_i
            }
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
            for (int k = 0; k < x.length; k++) {
                lookAhead[k] = x[k] + delta * v[k];        // x + δ v_i
            }
            double loss = gradient.compute(lookAhead, g);  // while the reply travels
            for (int k = 0; k < x.length; k++) {
                v[k] = delta * v[k] - eta * g[k];          // v_i ← δ v_i − η g_i(x + δ v_i)
                x[k] += v[k];                              // x_i ← x_i + v_i
            }
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


        /** v_i, live. */
        public float[] velocity() {
            return v;
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
            return new Worker(eta, delta, period.tau(), overlapSteps());
        }
    }
}
