package io.easgd.core.rules;

import io.easgd.core.rules.RuleFixtures.Linear;
import static io.easgd.core.rules.RuleFixtures.v;
import static io.easgd.core.rules.RuleFixtures.center;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The overlapped exchange of EASGD, EAMSGD and DOWNPOUR against numbers worked out by hand, with
 * the values of {@link HandComputedRulesTest} (α = 1/4, η = 1/8, δ = 3/4, g(x) = x, all dyadic, so
 * every value is a float exactly and is asserted with delta 0).
 *
 * <p>The fake exchange applies an upload to a real master when it begins (as the in-process runner
 * and the parameter server do) but writes the reply into the worker's array only when awaited, fails
 * when the upload changes while in flight (the worker must send a copy) and when a second exchange
 * begins before the first was awaited.
 */
class OverlapRulesTest {
    private static final float ALPHA = 0.25f;
    private static final float ETA = 0.125f;
    private static final float DELTA = 0.75f;

    /** Begins on a real master at once; hands the reply over only when awaited. */
    private static final class DeferredExchange implements Exchange {
        final MasterRule master;
        final int worker;
        final List<float[]> uploads = new ArrayList<>();
        int begun;
        int awaited;
        private boolean inFlight;

        DeferredExchange(MasterRule master, int worker) {
            this.master = master;
            this.worker = worker;
        }

        @Override
        public void exchange(float[] up, float[] down) {
            throw new AssertionError("an overlapped rule must begin its exchange, not block on it");
        }

        @Override
        public Pending begin(float[] up, float[] down) {
            if (inFlight) {
                throw new AssertionError("a second exchange began before the first was awaited");
            }
            inFlight = true;
            begun++;
            float[] sent = up.clone();
            uploads.add(sent);
            float[] reply = new float[down.length];
            master.exchange(worker, sent, reply);
            return () -> {
                if (!Arrays.equals(sent, up)) {
                    throw new AssertionError("the upload changed while in flight: "
                            + Arrays.toString(sent) + " -> " + Arrays.toString(up));
                }
                System.arraycopy(reply, 0, down, 0, down.length);
                inFlight = false;
                awaited++;
            };
        }
    }

    // ------------------------------------------------------------------ EASGD

    @Test
    void easgdAppliesTheElasticMoveAtTheStartOfTheNextStepAtTauOne() {
        // x̃ = (1, −2); the worker starts at x = (3, 2) (as in HandComputedRulesTest)
        Easgd.Master master = new Easgd.Master(ALPHA);
        master.init(v(1f, -2f));
        DeferredExchange ex = new DeferredExchange(master, 0);
        Easgd.Worker w = new Easgd.Worker(ETA, 1, true);
        w.init(v(3f, 2f));
        Linear g = new Linear();

        // step 1 (t = 0): send x = (3, 2); master: e = (0.5, 1), x̃ = (1.5, −1)
        //   g at (3, 2); x = (3, 2) − η(3, 2) = (2.625, 1.75): e not applied yet
        w.step(g, ex);
        assertArrayEquals(v(3f, 2f), ex.uploads.get(0), 0f);
        assertArrayEquals(v(1.5f, -1f), center(master), 0f);
        assertArrayEquals(v(2.625f, 1.75f), w.params(), 0f);
        assertEquals(0, ex.awaited);

        // step 2 (t = 1): await e = (0.5, 1); x = (2.125, 0.75) — the blocking rule's x after step 1
        //   send (2.125, 0.75): e = 1/4 (0.625, 1.75) = (0.15625, 0.4375), x̃ = (1.65625, −0.5625)
        //   g at (2.125, 0.75); x = 7/8 (2.125, 0.75) = (1.859375, 0.65625)
        w.step(g, ex);
        assertEquals(1, ex.awaited);
        assertArrayEquals(v(2.125f, 0.75f), g.points.get(1), 0f);
        assertArrayEquals(v(2.125f, 0.75f), ex.uploads.get(1), 0f);
        assertArrayEquals(v(1.65625f, -0.5625f), center(master), 0f);
        assertArrayEquals(v(1.859375f, 0.65625f), w.params(), 0f);

        // step 3 (t = 2): await e = (0.15625, 0.4375); x = (1.703125, 0.21875) — the blocking rule's after step 2
        //   send it: e = 1/4 (0.046875, 0.78125) = (0.01171875, 0.1953125), x̃ = (1.66796875, −0.3671875)
        //   x = 7/8 (1.703125, 0.21875) = (1.490234375, 0.19140625)
        w.step(g, ex);
        assertArrayEquals(v(1.703125f, 0.21875f), g.points.get(2), 0f);
        assertArrayEquals(v(1.66796875f, -0.3671875f), center(master), 0f);
        assertArrayEquals(v(1.490234375f, 0.19140625f), w.params(), 0f);

        // settle: x = (1.490234375 − 0.01171875, 0.19140625 − 0.1953125) = (1.478515625, −0.00390625)
        //   = the blocking rule's after step 3: (1.703125, 0.21875) − e − η (1.703125, 0.21875)
        w.settle();
        assertArrayEquals(v(1.478515625f, -0.00390625f), w.params(), 0f);
        assertEquals(3, ex.begun);
        assertEquals(3, ex.awaited);
        assertEquals(3, master.updates());
        w.settle();                                      // nothing in flight: nothing changes
        assertArrayEquals(v(1.478515625f, -0.00390625f), w.params(), 0f);
    }

    @Test
    void easgdAtTauTwoAwaitsOnlyAfterAnExchangeStep() {
        Easgd.Master master = new Easgd.Master(ALPHA);
        master.init(v(1f, -2f));
        DeferredExchange ex = new DeferredExchange(master, 0);
        Easgd.Worker w = new Easgd.Worker(ETA, 2, true);
        w.init(v(3f, 2f));
        Linear g = new Linear();

        // step 1 (t = 0, exchange): x̃ = (1.5, −1); x = (2.625, 1.75)
        w.step(g, ex);
        assertArrayEquals(v(2.625f, 1.75f), w.params(), 0f);
        // step 2 (t = 1, no exchange): await e = (0.5, 1): x = (2.125, 0.75); x = 7/8 x = (1.859375, 0.65625)
        w.step(g, ex);
        assertEquals(1, ex.begun);
        assertEquals(1, ex.awaited);
        assertArrayEquals(v(1.859375f, 0.65625f), w.params(), 0f);
        // step 3 (t = 2, exchange): nothing in flight; send (1.859375, 0.65625):
        //   e = 1/4 (0.359375, 1.65625) = (0.08984375, 0.4140625), x̃ = (1.58984375, −0.5859375)
        //   x = 7/8 (1.859375, 0.65625) = (1.626953125, 0.57421875)
        w.step(g, ex);
        assertArrayEquals(v(1.859375f, 0.65625f), ex.uploads.get(1), 0f);
        assertArrayEquals(v(1.58984375f, -0.5859375f), center(master), 0f);
        assertArrayEquals(v(1.626953125f, 0.57421875f), w.params(), 0f);
        // settle: x = (1.537109375, 0.16015625), the blocking rule's after step 3 (HandComputedRulesTest)
        w.settle();
        assertArrayEquals(v(1.537109375f, 0.16015625f), w.params(), 0f);
        assertEquals(2, ex.awaited);
    }

    // ------------------------------------------------------------------ EAMSGD

    @Test
    void eamsgdAtTauOneKeepsTheLookAheadBeforeTheElasticMove() {
        Easgd.Master master = new Easgd.Master(ALPHA);
        master.init(v(1f, -2f));
        DeferredExchange ex = new DeferredExchange(master, 0);
        Eamsgd.Worker w = new Eamsgd.Worker(ETA, DELTA, 1, true);
        w.init(v(3f, 2f));
        Linear g = new Linear();

        // step 1: send (3, 2): e = (0.5, 1), x̃ = (1.5, −1); look-ahead (3, 2); v = (−0.375, −0.25)
        //   x = (3, 2) + v = (2.625, 1.75)
        w.step(g, ex);
        assertArrayEquals(v(1.5f, -1f), center(master), 0f);
        assertArrayEquals(v(-0.375f, -0.25f), w.velocity(), 0f);
        assertArrayEquals(v(2.625f, 1.75f), w.params(), 0f);

        // step 2: await e: x = (2.125, 0.75); send it: e = (0.15625, 0.4375), x̃ = (1.65625, −0.5625)
        //   look-ahead x + δv = (1.84375, 0.5625); v = (−0.51171875, −0.2578125)
        //   x = (2.125 − 0.51171875, 0.75 − 0.2578125) = (1.61328125, 0.4921875)
        w.step(g, ex);
        assertArrayEquals(v(2.125f, 0.75f), ex.uploads.get(1), 0f);
        assertArrayEquals(v(1.84375f, 0.5625f), g.points.get(1), 0f);
        assertArrayEquals(v(1.65625f, -0.5625f), center(master), 0f);
        assertArrayEquals(v(-0.51171875f, -0.2578125f), w.velocity(), 0f);
        assertArrayEquals(v(1.61328125f, 0.4921875f), w.params(), 0f);

        // settle: x = (1.61328125 − 0.15625, 0.4921875 − 0.4375) = (1.45703125, 0.0546875), the
        //   blocking rule's after step 2 (HandComputedRulesTest); v is untouched by e
        w.settle();
        assertArrayEquals(v(1.45703125f, 0.0546875f), w.params(), 0f);
        assertArrayEquals(v(-0.51171875f, -0.2578125f), w.velocity(), 0f);
    }

    @Test
    void eamsgdAtTauTwo() {
        Easgd.Master master = new Easgd.Master(ALPHA);
        master.init(v(1f, -2f));
        DeferredExchange ex = new DeferredExchange(master, 0);
        Eamsgd.Worker w = new Eamsgd.Worker(ETA, DELTA, 2, true);
        w.init(v(3f, 2f));
        Linear g = new Linear();

        w.step(g, ex);                                   // as at τ = 1: x = (2.625, 1.75), x̃ = (1.5, −1)
        // step 2 (t = 1, no exchange): await e = (0.5, 1): x = (2.125, 0.75); look-ahead (1.84375, 0.5625)
        //   v = (−0.51171875, −0.2578125); x = (1.61328125, 0.4921875)
        w.step(g, ex);
        assertEquals(1, ex.begun);
        assertArrayEquals(v(1.61328125f, 0.4921875f), w.params(), 0f);
        // step 3 (t = 2, exchange): send (1.61328125, 0.4921875):
        //   e = 1/4 (0.11328125, 1.4921875) = (0.0283203125, 0.373046875), x̃ = (1.5283203125, −0.626953125)
        //   look-ahead x + δv = (1.2294921875, 0.298828125)
        //   v = δv − η·look-ahead = (−0.5374755859375, −0.230712890625)
        //   x = (1.0758056640625, 0.261474609375)
        w.step(g, ex);
        assertArrayEquals(v(1.61328125f, 0.4921875f), ex.uploads.get(1), 0f);
        assertArrayEquals(v(1.2294921875f, 0.298828125f), g.points.get(2), 0f);
        assertArrayEquals(v(1.5283203125f, -0.626953125f), center(master), 0f);
        assertArrayEquals(v(-0.5374755859375f, -0.230712890625f), w.velocity(), 0f);
        assertArrayEquals(v(1.0758056640625f, 0.261474609375f), w.params(), 0f);
        // settle: x − e = (1.0474853515625, −0.111572265625)
        w.settle();
        assertArrayEquals(v(1.0474853515625f, -0.111572265625f), w.params(), 0f);
    }

    // ------------------------------------------------------------------ DOWNPOUR

    @Test
    void downpourPullsOneStepLateAndLosesNoUpdate() {
        // η = 1/8, τ = 1; x̃ = (1, −2) and the worker starts there. Another worker pushes (0.5, 0.5)
        // after step 1, so the pull of step 2 is late: step 2's gradient is at x_i, not at x̃.
        Downpour.Master master = new Downpour.Master();
        master.init(v(1f, -2f));
        DeferredExchange ex = new DeferredExchange(master, 0);
        Downpour.Worker w = new Downpour.Worker(ETA, 1, true);
        w.init(v(1f, -2f));
        Linear g = new Linear();

        // step 1 (t = 0): push v = 0 (x̃ stays (1, −2), reply (1, −2)); v = 0
        //   g at (1, −2); x = (0.875, −1.75); v = (−0.125, 0.25)
        w.step(g, ex);
        assertArrayEquals(v(0f, 0f), ex.uploads.get(0), 0f);
        assertArrayEquals(v(0.875f, -1.75f), w.params(), 0f);
        assertArrayEquals(v(-0.125f, 0.25f), w.accumulated(), 0f);

        master.exchange(1, v(0.5f, 0.5f), new float[2]);  // another worker: x̃ = (1.5, −1.5)

        // step 2 (t = 1): await the reply of step 1, (1, −2): x = (1, −2) + v = (0.875, −1.75)
        //   push v = (−0.125, 0.25): x̃ = (1.375, −1.25); v = 0
        //   g at (0.875, −1.75) — the blocking rule would take it at the pulled (1.375, −1.25)
        //   x = 7/8 (0.875, −1.75) = (0.765625, −1.53125); v = (−0.109375, 0.21875)
        w.step(g, ex);
        assertArrayEquals(v(-0.125f, 0.25f), ex.uploads.get(1), 0f);
        assertArrayEquals(v(1.375f, -1.25f), center(master), 0f);
        assertArrayEquals(v(0.875f, -1.75f), g.points.get(1), 0f);
        assertArrayEquals(v(0.765625f, -1.53125f), w.params(), 0f);
        assertArrayEquals(v(-0.109375f, 0.21875f), w.accumulated(), 0f);

        // step 3 (t = 2): await (1.375, −1.25): x = (1.375, −1.25) + v = (1.265625, −1.03125) — the other
        //   worker's push has arrived; push v = (−0.109375, 0.21875): x̃ = (1.265625, −1.03125); v = 0
        //   g at (1.265625, −1.03125): η g = (0.158203125, −0.12890625)
        //   x = (1.107421875, −0.90234375); v = (−0.158203125, 0.12890625)
        w.step(g, ex);
        assertArrayEquals(v(1.265625f, -1.03125f), g.points.get(2), 0f);
        assertArrayEquals(v(1.265625f, -1.03125f), center(master), 0f);
        assertArrayEquals(v(1.107421875f, -0.90234375f), w.params(), 0f);

        // settle: x = (1.265625, −1.03125) + v = (1.107421875, −0.90234375); v is kept for the next push
        w.settle();
        assertArrayEquals(v(1.107421875f, -0.90234375f), w.params(), 0f);
        assertArrayEquals(v(-0.158203125f, 0.12890625f), w.accumulated(), 0f);

        // nothing lost: Σ pushed + v = Σ local updates = −η Σ g
        //   Σ pushed = (0, 0) + (−0.125, 0.25) + (−0.109375, 0.21875) = (−0.234375, 0.46875)
        //   + v = (−0.392578125, 0.59765625) = −η ((1, −2) + (0.875, −1.75) + (1.265625, −1.03125))
        float[] pushedPlusV = w.accumulated().clone();
        for (float[] up : ex.uploads) {
            pushedPlusV[0] += up[0];
            pushedPlusV[1] += up[1];
        }
        float[] localUpdates = new float[2];
        for (float[] p : g.points) {
            localUpdates[0] -= ETA * p[0];
            localUpdates[1] -= ETA * p[1];
        }
        assertArrayEquals(v(-0.392578125f, 0.59765625f), pushedPlusV, 0f);
        assertArrayEquals(localUpdates, pushedPlusV, 0f);
        // and x̃ = x̃₀ + the other's push + Σ pushed
        assertArrayEquals(v(1f + 0.5f - 0.234375f, -2f + 0.5f + 0.46875f), center(master), 0f);
    }

    @Test
    void downpourAtTauTwo() {
        Downpour.Master master = new Downpour.Master();
        master.init(v(1f, -2f));
        DeferredExchange ex = new DeferredExchange(master, 0);
        Downpour.Worker w = new Downpour.Worker(ETA, 2, true);
        w.init(v(1f, -2f));
        Linear g = new Linear();

        // step 1 (t = 0, exchange): push 0; x = (0.875, −1.75); v = (−0.125, 0.25)
        w.step(g, ex);
        // step 2 (t = 1, no exchange): await (1, −2): x = (1, −2) + v = (0.875, −1.75)
        //   x = 7/8 x = (0.765625, −1.53125); v = (−0.234375, 0.46875)
        w.step(g, ex);
        assertEquals(1, ex.awaited);
        assertArrayEquals(v(0.765625f, -1.53125f), w.params(), 0f);
        assertArrayEquals(v(-0.234375f, 0.46875f), w.accumulated(), 0f);
        // step 3 (t = 2, exchange): push v: x̃ = (0.765625, −1.53125); v = 0
        //   g at (0.765625, −1.53125); x = (0.669921875, −1.33984375); v = (−0.095703125, 0.19140625)
        w.step(g, ex);
        assertArrayEquals(v(-0.234375f, 0.46875f), ex.uploads.get(1), 0f);
        assertArrayEquals(v(0.765625f, -1.53125f), center(master), 0f);
        assertArrayEquals(v(0.669921875f, -1.33984375f), w.params(), 0f);
        assertArrayEquals(v(-0.095703125f, 0.19140625f), w.accumulated(), 0f);
        // settle: x = (0.765625, −1.53125) + v = (0.669921875, −1.33984375)
        w.settle();
        assertArrayEquals(v(0.669921875f, -1.33984375f), w.params(), 0f);
        assertEquals(2, ex.awaited);
    }

    // ------------------------------------------------------------------ both modes

    @Test
    void overlappedElasticIteratesAreTheBlockingOnesGivenTheSameReplies() {
        // one worker each, a noisy quadratic, τ = 3, 40 steps: after settle the overlapped EASGD and
        // EAMSGD land where the blocking ones do (up to float rounding: the moves come in another order)
        float[] start = {0.8f, -1.3f, 2.1f};
        float[] c0 = {0.1f, 0.2f, -0.3f};
        for (boolean momentum : new boolean[] {false, true}) {
            WorkerRule blocking = momentum ? new Eamsgd.Worker(0.05f, 0.9f, 3) : new Easgd.Worker(0.05f, 3);
            WorkerRule overlapped = momentum ? new Eamsgd.Worker(0.05f, 0.9f, 3, true) : new Easgd.Worker(0.05f, 3, true);
            Easgd.Master m1 = new Easgd.Master(0.3f);
            Easgd.Master m2 = new Easgd.Master(0.3f);
            m1.init(c0);
            m2.init(c0);
            blocking.init(start);
            overlapped.init(start);
            Quadratic g1 = new Quadratic(1f, new float[] {1f, 1f, 1f}, 0.1f, 7L);
            Quadratic g2 = new Quadratic(1f, new float[] {1f, 1f, 1f}, 0.1f, 7L);
            InProcessExchange ex1 = new InProcessExchange(m1, 0);
            DeferredExchange ex2 = new DeferredExchange(m2, 0);
            for (int s = 0; s < 40; s++) {
                blocking.step(g1, ex1);
                overlapped.step(g2, ex2);
            }
            overlapped.settle();
            assertArrayEquals(blocking.params(), overlapped.params(), 1e-5f);
            assertArrayEquals(center(m1), center(m2), 1e-5f);
            assertEquals(14, ex2.begun);
        }
    }

    @Test
    void theBlockingModeNeverBeginsAndSettleDoesNothing() {
        Easgd.Master master = new Easgd.Master(ALPHA);
        master.init(v(1f, -2f));
        InProcessExchange ex = new InProcessExchange(master, 0);
        Easgd.Worker w = new Easgd.Worker(ETA, 1);
        w.init(v(3f, 2f));
        w.step(new Linear(), ex);
        w.settle();
        assertArrayEquals(v(2.125f, 0.75f), w.params(), 0f);
        assertFalse(w.overlapped());
        assertTrue(((Easgd.Worker) new Easgd.Worker(ETA, 1, true).copy()).overlapped());
        assertTrue(((Eamsgd.Worker) new Eamsgd.Worker(ETA, DELTA, 1, true).copy()).overlapped());
        assertTrue(((Downpour.Worker) new Downpour.Worker(ETA, 1, true).copy()).overlapped());
    }

    @Test
    void aSecondBeginBeforeTheAwaitIsRefused() {
        InFlight f = new InFlight(1);
        f.reset(1);
        Exchange never = (u, d) -> {
        };
        Exchange slow = new Exchange() {
            @Override
            public void exchange(float[] up, float[] down) {
            }

            @Override
            public Pending begin(float[] up, float[] down) {
                return () -> {
                };
            }
        };
        f.begin(slow, v(1f), new float[1], 0);
        assertThrows(IllegalStateException.class, () -> f.begin(never, v(1f), new float[1], 1));
        assertTrue(f.await());
        assertFalse(f.await());
    }
}
