package io.easgd.core.rules;

/**
 * DOWNPOUR (Dean et al. 2012) in the form the paper compares against (Zhang et al. 2015, §5 and
 * supplement). Each worker accumulates its own updates in v_i and, every τ steps, pushes them to
 * the master and pulls the fresh center — one round trip, N floats up and N down.
 *
 * <pre>
 * x_i ← x̃ ; v_i ← 0 ; t_i ← 0
 * loop:
 *     if t_i mod τ == 0:
 *         x̃ ← x̃ + v_i      # push (atomic at the master)
 *         x_i ← x̃          # pull
 *         v_i ← 0
 *     g ← g_i(x_i)
 *     x_i ← x_i − η g
 *     v_i ← v_i − η g
 *     t_i ← t_i + 1
 * </pre>
 *
 * <p>Overlapped ({@code "overlap"} on, k ≥ 1 local steps): the worker sends a copy of v_i, clears
 * v_i, goes on with its local steps from x_i without waiting, and at the start of step t_s + k (t_s
 * the step that pushed; earlier if the next exchange falls due first) sets x_i to the pulled center
 * plus the updates it took since the push:
 * <pre>
 * x_i ← x̃ ; v_i ← 0 ; t_i ← 0 ; nothing in flight
 * loop:
 *     if an exchange is in flight and (t_i == t_s + k or t_i mod τ == 0):
 *         wait for its reply x̃'
 *         x_i ← x̃' + v_i                  # the pull, k local steps late; v_i is kept
 *     if t_i mod τ == 0:
 *         send a copy of v_i ; t_s ← t_i   # master: x̃ ← x̃ + v; reply x̃' = x̃
 *         v_i ← 0
 *     g ← g_i(x_i)                          # at x_i, not yet at the pulled center
 *     x_i ← x_i − η g
 *     v_i ← v_i − η g
 *     t_i ← t_i + 1
 * at the end: wait for an x̃' in flight and set x_i ← x̃' + v_i (settle)
 * </pre>
 * Deviation from the paper: the gradients of steps t_s … t_s + k − 1 are taken at x_i before the
 * pull, not at the pulled center. Nothing is lost: every local update is in exactly one push or
 * still in v_i (Σ pushed + v_i = Σ local updates), and v_i goes up at the next exchange.
 */
public final class Downpour {
    private Downpour() {
    }

    /** Worker i of DOWNPOUR (also of ADOWNPOUR and MVADOWNPOUR, whose averaging is the master's). */
    public static final class Worker extends OverlappableWorker implements Periodic {
        private final float eta;
        private final ExchangePeriod period;
        private float[] v;
        private float[] pulled;

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
            v = new float[x.length];
            pulled = overlap ? new float[x.length] : null;
            period.reset();
            inFlight.reset(overlap ? x.length : 0);
        }

        @Override
        public double step(Gradient gradient, Exchange exchange) {
            return overlap ? overlappedStep(gradient, exchange) : blockingStep(gradient, exchange);
        }

        private double blockingStep(Gradient gradient, Exchange exchange) {
            if (period.due(t)) {                           // t_i mod τ == 0 for a fixed τ
                exchange.exchange(v, x);                   // x̃ += v_i; x_i ← x̃
                period.exchanged(t);
                java.util.Arrays.fill(v, 0f);              // v_i ← 0
            }
            double loss = gradient.compute(x, g);          // g ← g_i(x_i)
            for (int k = 0; k < x.length; k++) {
                float d = eta * g[k];
                x[k] -= d;
                v[k] -= d;
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
                inFlight.begin(exchange, v, pulled, t);    // a copy of v_i goes up; x̃' is applied at t_i + k
                period.exchanged(t);
                java.util.Arrays.fill(v, 0f);              // v_i ← 0
            }
            double loss = gradient.compute(x, g);          // g ← g_i(x_i) while the reply travels
            for (int k = 0; k < x.length; k++) {
                float d = eta * g[k];
                x[k] -= d;
                v[k] -= d;
            }
            t++;
            return loss;
        }

        /** Waits for a pulled center in flight and moves there, keeping the updates since the push. */
        @Override
        public void settle() {
            if (inFlight.await()) {
                for (int k = 0; k < x.length; k++) {
                    x[k] = pulled[k] + v[k];               // x_i ← x̃' + v_i
                }
            }
        }


        /** v_i, the updates accumulated since the last push, live. */
        public float[] accumulated() {
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
            return new Worker(eta, period.tau(), overlapSteps());
        }
    }

    /** The master of DOWNPOUR: x̃ ← x̃ + v_i, reply x̃ (rounded for the wire when compressed). */
    public static final class Master extends MasterRule {
        /** "downpour". */
        @Override
        public String name() {
            return "downpour";
        }

        @Override
        protected double apply(int worker, float[] up, float[] down) {
            for (int k = 0; k < center.length; k++) {
                center[k] += up[k];
            }
            System.arraycopy(center, 0, down, 0, center.length);
            roundReply(down);                              // a point: x̃ itself stays exact
            return Double.NaN;
        }
    }
}
