package io.easgd.core.rules;

import io.easgd.core.rules.RuleFixtures.Linear;
import static io.easgd.core.rules.RuleFixtures.v;
import static io.easgd.core.rules.RuleFixtures.center;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The rules against numbers worked out by hand. α ≠ 0.5 everywhere, so that α and 1 − α, or the
 * worker's and the center's share of an elastic move, cannot be confused.
 *
 * <p>Exactness: α = 1/4, η = 1/8 and δ = 3/4 are dyadic and the inputs are short binary fractions,
 * so every intermediate value of the asynchronous rules below is a float exactly, whatever the
 * order of operations: all of those are asserted with delta 0. The synchronous test uses α = 0.2,
 * which is not a float; its gaps x_i − x̃ are multiples of 5, where fl(0.2f · 5k) = k exactly for the
 * |k| ≤ 4 used (0.2f = 0.2 + 3.0e−9, so 0.2f · 5k = k + 1.5e−8·k, less than half an ulp of k away),
 * so it is asserted with delta 0 as well.
 */
class HandComputedRulesTest {
    private static final float ALPHA = 0.25f;
    private static final float ETA = 0.125f;
    private static final float DELTA = 0.75f;

    // ------------------------------------------------------------------ EASGD

    @Test
    void easgdWorkerAndMasterTwoStepsAtTauOne() {
        // α = 1/4, η = 1/8, g(x) = x; x̃ = (1, −2); the worker starts at x = (3, 2)
        Easgd.Master master = new Easgd.Master(ALPHA);
        master.init(v(1f, -2f));
        InProcessExchange ex = new InProcessExchange(master, 0);
        Easgd.Worker w = new Easgd.Worker(ETA, 1);
        w.init(v(3f, 2f));
        Linear g = new Linear();

        // step 1 (t = 0, exchange): g at x = (3, 2) before the elastic move
        //   e = α(x − x̃) = 1/4 · (2, 4) = (0.5, 1);  x̃ = (1, −2) + e = (1.5, −1)
        //   x = (3, 2) − e − η g = (2.5, 1) − (0.375, 0.25) = (2.125, 0.75)
        w.step(g, ex);
        assertArrayEquals(v(3f, 2f), g.points.get(0), 0f);
        assertArrayEquals(v(3f, 2f), ex.uploads.get(0), 0f);
        assertArrayEquals(v(1.5f, -1f), center(master), 0f);
        assertArrayEquals(v(2.125f, 0.75f), w.params(), 0f);
        assertEquals(Math.sqrt(2 * 2 + 4 * 4), ex.distances.get(0), 0);   // ‖x − x̃‖ before the move

        // step 2 (t = 1, exchange): g at (2.125, 0.75)
        //   e = 1/4 · ((2.125, 0.75) − (1.5, −1)) = 1/4 · (0.625, 1.75) = (0.15625, 0.4375)
        //   x̃ = (1.5 + 0.15625, −1 + 0.4375) = (1.65625, −0.5625)
        //   x = (2.125 − 0.15625 − 0.265625, 0.75 − 0.4375 − 0.09375) = (1.703125, 0.21875)
        w.step(g, ex);
        assertArrayEquals(v(2.125f, 0.75f), g.points.get(1), 0f);
        assertArrayEquals(v(1.65625f, -0.5625f), center(master), 0f);
        assertArrayEquals(v(1.703125f, 0.21875f), w.params(), 0f);
        assertEquals(2, master.updates());
    }

    @Test
    void easgdWorkerAndMasterAtTauTwo() {
        Easgd.Master master = new Easgd.Master(ALPHA);
        master.init(v(1f, -2f));
        InProcessExchange ex = new InProcessExchange(master, 0);
        Easgd.Worker w = new Easgd.Worker(ETA, 2);
        w.init(v(3f, 2f));
        Linear g = new Linear();

        // step 1 (t = 0, exchange): as at τ = 1: x̃ = (1.5, −1), x = (2.125, 0.75)
        w.step(g, ex);
        assertArrayEquals(v(1.5f, -1f), center(master), 0f);
        assertArrayEquals(v(2.125f, 0.75f), w.params(), 0f);

        // step 2 (t = 1, no exchange): x = (1 − η) x = 7/8 · (2.125, 0.75) = (1.859375, 0.65625)
        w.step(g, ex);
        assertEquals(1, ex.uploads.size());
        assertEquals(1, master.updates());
        assertArrayEquals(v(1.5f, -1f), center(master), 0f);
        assertArrayEquals(v(1.859375f, 0.65625f), w.params(), 0f);

        // step 3 (t = 2, exchange): g at (1.859375, 0.65625)
        //   e = 1/4 · (0.359375, 1.65625) = (0.08984375, 0.4140625)
        //   x̃ = (1.58984375, −0.5859375)
        //   x = (1.859375 − 0.08984375 − 0.232421875, 0.65625 − 0.4140625 − 0.08203125)
        //     = (1.537109375, 0.16015625)
        w.step(g, ex);
        assertArrayEquals(v(1.859375f, 0.65625f), ex.uploads.get(1), 0f);
        assertArrayEquals(v(1.859375f, 0.65625f), g.points.get(2), 0f);
        assertArrayEquals(v(1.58984375f, -0.5859375f), center(master), 0f);
        assertArrayEquals(v(1.537109375f, 0.16015625f), w.params(), 0f);
    }

    // ------------------------------------------------------------------ EAMSGD

    @Test
    void eamsgdWithNesterovMomentumTwoSteps() {
        // α = 1/4, η = 1/8, δ = 3/4, τ = 1, g(x) = x; x̃ = (1, −2); x = (3, 2), v = 0
        Easgd.Master master = new Easgd.Master(ALPHA);
        master.init(v(1f, -2f));
        InProcessExchange ex = new InProcessExchange(master, 0);
        Eamsgd.Worker w = new Eamsgd.Worker(ETA, DELTA, 1);
        w.init(v(3f, 2f));
        Linear g = new Linear();

        // step 1: look-ahead x + δv = (3, 2); e = (0.5, 1); x̃ = (1.5, −1); x = (2.5, 1)
        //   v = δ·0 − η (3, 2) = (−0.375, −0.25); x = (2.5 − 0.375, 1 − 0.25) = (2.125, 0.75)
        w.step(g, ex);
        assertArrayEquals(v(3f, 2f), g.points.get(0), 0f);
        assertArrayEquals(v(1.5f, -1f), center(master), 0f);
        assertArrayEquals(v(-0.375f, -0.25f), w.velocity(), 0f);
        assertArrayEquals(v(2.125f, 0.75f), w.params(), 0f);

        // step 2: look-ahead from x before the elastic move:
        //   x + δv = (2.125 − 0.28125, 0.75 − 0.1875) = (1.84375, 0.5625)
        //   upload x = (2.125, 0.75): e = 1/4 · (0.625, 1.75) = (0.15625, 0.4375); x̃ = (1.65625, −0.5625)
        //   x = (1.96875, 0.3125)
        //   v = δv − η g = (−0.28125 − 0.23046875, −0.1875 − 0.0703125) = (−0.51171875, −0.2578125)
        //   x = (1.96875 − 0.51171875, 0.3125 − 0.2578125) = (1.45703125, 0.0546875)
        w.step(g, ex);
        assertArrayEquals(v(1.84375f, 0.5625f), g.points.get(1), 0f);
        assertArrayEquals(v(2.125f, 0.75f), ex.uploads.get(1), 0f);
        assertArrayEquals(v(1.65625f, -0.5625f), center(master), 0f);
        assertArrayEquals(v(-0.51171875f, -0.2578125f), w.velocity(), 0f);
        assertArrayEquals(v(1.45703125f, 0.0546875f), w.params(), 0f);
    }

    // ------------------------------------------------------------------ DOWNPOUR

    @Test
    void twoDownpourWorkersInterleaved() {
        // η = 1/8, τ = 1, g(x) = x; x̃ = (1, −2); both workers start at x̃ (x_i ← x̃).
        // The order w0, w1, w0, w1, w0 makes each pull see the other worker's push. What a broken
        // worker would give is noted at each step.
        Downpour.Master master = new Downpour.Master();
        master.init(v(1f, -2f));
        InProcessExchange ex0 = new InProcessExchange(master, 0);
        InProcessExchange ex1 = new InProcessExchange(master, 1);
        Downpour.Worker w0 = new Downpour.Worker(ETA, 1);
        Downpour.Worker w1 = new Downpour.Worker(ETA, 1);
        w0.init(v(1f, -2f));
        w1.init(v(1f, -2f));
        Linear g0 = new Linear();
        Linear g1 = new Linear();

        // w0, t = 0: push v0 = 0; pull (1, −2); x0 = 7/8 (1, −2) = (0.875, −1.75); v0 = (−0.125, 0.25)
        w0.step(g0, ex0);
        // w1, t = 0: push 0; pull (1, −2); x1 = (0.875, −1.75); v1 = (−0.125, 0.25)
        w1.step(g1, ex1);
        assertArrayEquals(v(1f, -2f), center(master), 0f);
        assertArrayEquals(v(0.875f, -1.75f), w1.params(), 0f);

        // w0, t = 1: push v0 → x̃ = (1 − 0.125, −2 + 0.25) = (0.875, −1.75); pull it;
        //   x0 = 7/8 (0.875, −1.75) = (0.765625, −1.53125); v0 = (−0.109375, 0.21875)
        //   (pushing x instead of v: x̃ = (1.875, −3.75); pulling before pushing: x0 from (1, −2))
        w0.step(g0, ex0);
        assertArrayEquals(v(-0.125f, 0.25f), ex0.uploads.get(1), 0f);
        assertArrayEquals(v(0.875f, -1.75f), center(master), 0f);
        assertArrayEquals(v(0.875f, -1.75f), g0.points.get(1), 0f);
        assertArrayEquals(v(0.765625f, -1.53125f), w0.params(), 0f);
        assertArrayEquals(v(-0.109375f, 0.21875f), w0.accumulated(), 0f);

        // w1, t = 1: push v1 = (−0.125, 0.25) → x̃ = (0.75, −1.5): w0's push is in it; pull it;
        //   x1 = 7/8 (0.75, −1.5) = (0.65625, −1.3125); v1 = (−0.09375, 0.1875)
        //   (ignoring the reply: gradient at its own (0.875, −1.75), x1 = (0.765625, −1.53125);
        //    pulling before pushing: it would start from (0.875, −1.75))
        w1.step(g1, ex1);
        assertArrayEquals(v(-0.125f, 0.25f), ex1.uploads.get(1), 0f);
        assertArrayEquals(v(0.75f, -1.5f), center(master), 0f);
        assertArrayEquals(v(0.75f, -1.5f), g1.points.get(1), 0f);
        assertArrayEquals(v(0.65625f, -1.3125f), w1.params(), 0f);

        // w0, t = 2: push v0 = (−0.109375, 0.21875) → x̃ = (0.640625, −1.28125); pull it;
        //   x0 = 7/8 (0.640625, −1.28125) = (0.560546875, −1.12109375); v0 = (−0.080078125, 0.16015625)
        //   (v not reset after a push: v0 would be (−0.189453125, 0.37890625))
        w0.step(g0, ex0);
        assertArrayEquals(v(-0.109375f, 0.21875f), ex0.uploads.get(2), 0f);
        assertArrayEquals(v(0.640625f, -1.28125f), center(master), 0f);
        assertArrayEquals(v(0.640625f, -1.28125f), g0.points.get(2), 0f);
        assertArrayEquals(v(0.560546875f, -1.12109375f), w0.params(), 0f);
        assertArrayEquals(v(-0.080078125f, 0.16015625f), w0.accumulated(), 0f);
        assertEquals(5, master.updates());
    }

    // ------------------------------------------------------------------ synchronous EASGD

    @Test
    void synchronousRoundWithThreeWorkersAndAlphaPointTwo() throws Exception {
        // p = 3, α = 0.2, β = pα = 0.6; x̃ = (1, −2). Three threads call the blocking exchange.
        // Round 1: x_0 = x̃ + (5, 10) = (6, 8), x_1 = x̃ + (10, −15) = (11, −17), x_2 = x̃ + (20, 5) = (21, 3)
        //   e_i = α(x_i − x̃_old): e_0 = (1, 2), e_1 = (2, −3), e_2 = (4, 1) — all against the OLD x̃
        //   x̃ ← x̃ + Σ e_i = (1 + 7, −2 + 0) = (8, −2)
        //   = x̃ + β(mean x_i − x̃) = (1, −2) + 0.6 · ((35, 0)/3) = (1 + 7, −2) ✓
        //   (an asynchronous master would have answered the second and third arrivals against a
        //    center already moved by the first)
        SyncEasgd.Master master = new SyncEasgd.Master(0.2f, 3);
        master.init(v(1f, -2f));
        float[][] e = syncRound(master, new float[][] {v(6f, 8f), v(11f, -17f), v(21f, 3f)});
        assertArrayEquals(v(1f, 2f), e[0], 0f);
        assertArrayEquals(v(2f, -3f), e[1], 0f);
        assertArrayEquals(v(4f, 1f), e[2], 0f);
        assertArrayEquals(v(8f, -2f), center(master), 0f);
        assertEquals(1, master.rounds());

        // Round 2, from x̃ = (8, −2), with the workers' new uploads (3, 3), (13, −2), (8, −12):
        //   gaps (−5, 5), (5, 0), (0, −10) → e = (−1, 1), (1, 0), (0, −2); Σ e = (0, −1)
        //   x̃ = (8, −3); mean x_i − x̃ = (0, −5/3), β · that = (0, −1) ✓
        e = syncRound(master, new float[][] {v(3f, 3f), v(13f, -2f), v(8f, -12f)});
        assertArrayEquals(v(-1f, 1f), e[0], 0f);
        assertArrayEquals(v(1f, 0f), e[1], 0f);
        assertArrayEquals(v(0f, -2f), e[2], 0f);
        assertArrayEquals(v(8f, -3f), center(master), 0f);
        assertEquals(2, master.rounds());
        assertEquals(6, master.updates());
    }

    /** One barrier round: worker i uploads {@code ups[i]} from its own thread; returns the replies. */
    private static float[][] syncRound(SyncEasgd.Master master, float[][] ups) throws Exception {
        int p = ups.length;
        float[][] downs = new float[p][ups[0].length];
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[p];
        for (int i = 0; i < p; i++) {
            int rank = i;
            threads[i] = new Thread(() -> {
                try {
                    start.await();
                    master.exchange(rank, ups[rank], downs[rank]);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
            threads[i].start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            if (t.isAlive()) {
                throw new AssertionError("a worker is still waiting at the barrier");
            }
        }
        if (failure.get() != null) {
            throw new AssertionError("a worker failed", failure.get());
        }
        return downs;
    }
}
