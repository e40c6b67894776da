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
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The overlapped exchange at depth k ≥ 2 ({@link Overlapped}): an exchange begun at step t_s is
 * applied at the start of step t_s + k, or earlier when the next exchange falls due first. Numbers
 * worked out by hand with the values of {@link OverlapRulesTest} (α = 1/4, η = 1/8, δ = 3/4,
 * g(x) = x, x̃ = (1, −2), x_i = (3, 2); all dyadic, so every value is a float exactly and is asserted
 * with delta 0). The exchange begins on a real master at once and hands its reply over only when
 * awaited; it records at which step each reply was awaited.
 */
class OverlapStepsRulesTest {
    private static final float ALPHA = 0.25f;
    private static final float ETA = 0.125f;
    private static final float DELTA = 0.75f;

    /** Begins on a real master at once; the reply reaches the worker's array only when awaited. */
    private static final class DeferredExchange implements Exchange {
        final MasterRule master;
        final List<float[]> uploads = new ArrayList<>();
        final List<float[]> replies = new ArrayList<>();
        /** The step counter of the worker (set by the test before each step) at each await. */
        final List<Long> awaitedAt = new ArrayList<>();
        long step;
        private boolean inFlight;

        DeferredExchange(MasterRule master) {
            this.master = master;
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
            float[] sent = up.clone();
            uploads.add(sent);
            float[] reply = new float[down.length];
            master.exchange(0, sent, reply);
            replies.add(reply);
            return () -> {
                if (!Arrays.equals(sent, up)) {
                    throw new AssertionError("the upload changed while in flight");
                }
                System.arraycopy(reply, 0, down, 0, down.length);
                inFlight = false;
                awaitedAt.add(step);
            };
        }
    }

    private static float[] sum(float[] a, float[] b) {
        float[] s = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    private static void step(WorkerRule w, Gradient g, DeferredExchange ex) {
        ex.step = w.steps();
        w.step(g, ex);
    }

    // ------------------------------------------------------------------ EASGD, k = 2

    @Test
    void easgdAtKTwoAppliesTheElasticMoveTwoStepsAfterItsUpload() {
        Easgd.Master master = new Easgd.Master(ALPHA);
        master.init(v(1f, -2f));
        DeferredExchange ex = new DeferredExchange(master);
        Easgd.Worker w = new Easgd.Worker(ETA, 3, 2);
        w.init(v(3f, 2f));
        Linear g = new Linear();
        assertEquals(2, w.overlapSteps());
        // x_i + x̃ = (4, 0) at the start; only the local steps −η g may change it, the elastic moves cancel

        // t = 0 (exchange): send (3, 2); master e = 1/4 ((3, 2) − (1, −2)) = (1/2, 1), x̃ = (3/2, −1)
        //   x = 7/8 (3, 2) = (21/8, 7/4) = (2.625, 1.75); e in flight
        step(w, g, ex);
        assertArrayEquals(v(3f, 2f), ex.uploads.get(0), 0f);
        assertArrayEquals(v(0.5f, 1f), ex.replies.get(0), 0f);
        assertArrayEquals(v(1.5f, -1f), center(master), 0f);
        assertArrayEquals(v(2.625f, 1.75f), w.params(), 0f);
        assertTrue(w.exchangeInFlight());

        // t = 1: e still in flight (due at t = 2); g at (21/8, 7/4), not at x − e
        //   x = 7/8 (21/8, 7/4) = (147/64, 49/32) = (2.296875, 1.53125)
        step(w, g, ex);
        assertEquals(List.of(), ex.awaitedAt);
        assertArrayEquals(v(2.625f, 1.75f), g.points.get(1), 0f);
        assertArrayEquals(v(2.296875f, 1.53125f), w.params(), 0f);

        // t = 2 = 0 + k: await e and apply it: x = (147/64 − 1/2, 49/32 − 1) = (115/64, 17/32) = (1.796875, 0.53125)
        //   x_i + x̃ = (115/64 + 3/2, 17/32 − 1) = (211/64, −15/32): the start's (4, 0) plus −η(g0 + g1),
        //   −1/8 ((3, 2) + (21/8, 7/4)) = (−45/64, −15/32): e went +e to x̃ and −e to x_i
        //   then x = 7/8 (115/64, 17/32) = (805/512, 119/256) = (1.572265625, 0.46484375)
        step(w, g, ex);
        assertEquals(List.of(2L), ex.awaitedAt);
        assertArrayEquals(v(1.796875f, 0.53125f), g.points.get(2), 0f);
        assertArrayEquals(v(3.296875f, -0.46875f), sum(g.points.get(2), center(master)), 0f);
        assertArrayEquals(v(1.572265625f, 0.46484375f), w.params(), 0f);
        assertFalse(w.exchangeInFlight());

        // t = 3 (exchange, τ = 3): nothing in flight; send (805/512, 119/256):
        //   e = 1/4 ((805/512, 119/256) − (3/2, −1)) = (37/2048, 375/1024) = (0.01806640625, 0.3662109375)
        //   x̃ = (3109/2048, −649/1024) = (1.51806640625, −0.6337890625)
        //   x = 7/8 x = (5635/4096, 833/2048) = (1.375732421875, 0.40673828125)
        step(w, g, ex);
        assertArrayEquals(v(1.572265625f, 0.46484375f), ex.uploads.get(1), 0f);
        assertArrayEquals(v(0.01806640625f, 0.3662109375f), ex.replies.get(1), 0f);
        assertArrayEquals(v(1.51806640625f, -0.6337890625f), center(master), 0f);
        assertArrayEquals(v(1.375732421875f, 0.40673828125f), w.params(), 0f);

        // t = 4: in flight; x = 7/8 x = (39445/32768, 5831/16384) = (1.203765869140625, 0.35589599609375)
        step(w, g, ex);
        assertArrayEquals(v(1.203765869140625f, 0.35589599609375f), w.params(), 0f);

        // t = 5 = 3 + k: apply e: x = (38853/32768, −169/16384) = (1.185699462890625, −0.01031494140625)
        //   then x = 7/8 x = (271971/262144, −1183/131072) = (1.0374107360839844, −0.0090255737304688)
        step(w, g, ex);
        assertEquals(List.of(2L, 5L), ex.awaitedAt);
        assertArrayEquals(v(1.185699462890625f, -0.01031494140625f), g.points.get(5), 0f);
        assertArrayEquals(v(271971f / 262144, -1183f / 131072), w.params(), 0f);

        // nothing in flight: settle changes nothing; x_i + x̃ − (4, 0) is exactly Σ −η g over the six steps
        w.settle();
        assertArrayEquals(v(271971f / 262144, -1183f / 131072), w.params(), 0f);
        float[] local = new float[2];
        for (float[] p : g.points) {
            Vec.axpy(-ETA, p, local);
        }
        assertArrayEquals(sum(v(4f, 0f), local), sum(w.params(), center(master)), 0f);
        assertEquals(2, master.updates());
    }

    // ------------------------------------------------------------------ EAMSGD, k = 2

    @Test
    void eamsgdAtKTwoKeepsTheMomentumFreeOfTheLateElasticMove() {
        Easgd.Master master = new Easgd.Master(ALPHA);
        master.init(v(1f, -2f));
        DeferredExchange ex = new DeferredExchange(master);
        Eamsgd.Worker w = new Eamsgd.Worker(ETA, DELTA, 3, 2);
        w.init(v(3f, 2f));
        Linear g = new Linear();
        List<float[]> velocities = new ArrayList<>();

        // t = 0 (exchange): send (3, 2): e = (1/2, 1), x̃ = (3/2, −1)
        //   look-ahead (3, 2); v = −1/8 (3, 2) = (−3/8, −1/4); x = (21/8, 7/4) = (2.625, 1.75)
        step(w, g, ex);
        velocities.add(w.velocity().clone());
        assertArrayEquals(v(0.5f, 1f), ex.replies.get(0), 0f);
        assertArrayEquals(v(1.5f, -1f), center(master), 0f);
        assertArrayEquals(v(-0.375f, -0.25f), w.velocity(), 0f);
        assertArrayEquals(v(2.625f, 1.75f), w.params(), 0f);

        // t = 1: e in flight; look-ahead x + δv = (21/8 − 9/32, 7/4 − 3/16) = (75/32, 25/16) = (2.34375, 1.5625)
        //   v = 3/4 (−3/8, −1/4) − 1/8 (75/32, 25/16) = (−147/256, −49/128) = (−0.57421875, −0.3828125)
        //   x = (21/8 − 147/256, 7/4 − 49/128) = (525/256, 175/128) = (2.05078125, 1.3671875)
        step(w, g, ex);
        velocities.add(w.velocity().clone());
        assertEquals(List.of(), ex.awaitedAt);
        assertArrayEquals(v(2.34375f, 1.5625f), g.points.get(1), 0f);
        assertArrayEquals(v(-0.57421875f, -0.3828125f), w.velocity(), 0f);
        assertArrayEquals(v(2.05078125f, 1.3671875f), w.params(), 0f);

        // t = 2 = 0 + k: apply e: x = (397/256, 47/128) = (1.55078125, 0.3671875); v is untouched by e
        //   look-ahead x + δv = (397/256 − 441/1024, 47/128 − 147/512) = (1147/1024, 41/512) = (1.1201171875, 0.080078125)
        //   v = 3/4 v − 1/8 look-ahead = (−4675/8192, −1217/4096) = (−0.5706787109375, −0.297119140625)
        //   x = (8029/8192, 287/4096) = (0.9801025390625, 0.070068359375)
        step(w, g, ex);
        velocities.add(w.velocity().clone());
        assertEquals(List.of(2L), ex.awaitedAt);
        assertArrayEquals(v(1.1201171875f, 0.080078125f), g.points.get(2), 0f);
        assertArrayEquals(v(-0.5706787109375f, -0.297119140625f), w.velocity(), 0f);
        assertArrayEquals(v(0.9801025390625f, 0.070068359375f), w.params(), 0f);

        // t = 3 (exchange): send (8029/8192, 287/4096): e = 1/4 (x − (3/2, −1)) = (−4259/32768, 4383/16384)
        //   x̃ = (44893/32768, −12001/16384) = (1.370025634765625, −0.73248291015625)
        //   look-ahead (18091/32768, −2503/16384); v = (−130291/262144, −26705/131072)
        //   x = (126637/262144, −17521/131072) = (0.4830818176269531, −0.1336746215820312)
        step(w, g, ex);
        velocities.add(w.velocity().clone());
        assertArrayEquals(v(0.9801025390625f, 0.070068359375f), ex.uploads.get(1), 0f);
        assertArrayEquals(v(-4259f / 32768, 4383f / 16384), ex.replies.get(1), 0f);
        assertArrayEquals(v(1.370025634765625f, -0.73248291015625f), center(master), 0f);
        assertArrayEquals(v(18091f / 32768, -2503f / 16384), g.points.get(3), 0f);
        assertArrayEquals(v(-130291f / 262144, -26705f / 131072), w.velocity(), 0f);
        assertArrayEquals(v(126637f / 262144, -17521f / 131072), w.params(), 0f);

        // t = 4: in flight; look-ahead (115675/1048576, −150199/524288);
        //   v = (−3242659/8388608, −490721/4194304); x = (809725/8388608, −1051393/4194304)
        step(w, g, ex);
        velocities.add(w.velocity().clone());
        assertEquals(List.of(2L), ex.awaitedAt);
        assertArrayEquals(v(115675f / 1048576, -150199f / 524288), g.points.get(4), 0f);
        assertArrayEquals(v(809725f / 8388608, -1051393f / 4194304), w.params(), 0f);

        // settle before the worker stops: x = x − e = (1900029/8388608, −2173441/4194304)
        w.settle();
        assertArrayEquals(v(1900029f / 8388608, -2173441f / 4194304), w.params(), 0f);
        assertArrayEquals(v(-3242659f / 8388608, -490721f / 4194304), w.velocity(), 0f);
        // x_i + x̃ = (13392637/8388608, −5245697/4194304) = (4, 0) + Σ v over the five steps, in exact
        // arithmetic: (−3/8 − 147/256 − 4675/8192 − 130291/262144 − 3242659/8388608, …) — the two elastic
        // moves cancelled (Σ v summed in floats rounds, so it is compared within a float's last bits)
        assertArrayEquals(v(13392637f / 8388608, -5245697f / 4194304), sum(w.params(), center(master)), 0f);
        float[] local = new float[2];
        for (float[] vel : velocities) {
            Vec.axpy(1f, vel, local);
        }
        assertArrayEquals(sum(v(4f, 0f), local), sum(w.params(), center(master)), 1e-6f);
    }

    // ------------------------------------------------------------------ one in flight; k changes

    @Test
    void theNextExchangeDueBeforeTPlusKWaitsForTheReplyAndAppliesItFirst() {
        // τ = 1, k = 2: the exchange of t = 0 would be due at t = 2, but t = 1 exchanges again: it awaits
        // and applies e first, so the run is the k = 1 run of OverlapRulesTest step for step
        Easgd.Master master = new Easgd.Master(ALPHA);
        master.init(v(1f, -2f));
        DeferredExchange ex = new DeferredExchange(master);
        Easgd.Worker w = new Easgd.Worker(ETA, 1, 2);
        w.init(v(3f, 2f));
        Linear g = new Linear();

        step(w, g, ex);                                  // send (3, 2): e = (1/2, 1); x = (2.625, 1.75)
        // t = 1: due → await e at t = 1: x = (17/8, 3/4); send it: e = (5/32, 7/16), x̃ = (53/32, −9/16)
        //   x = 7/8 (17/8, 3/4) = (119/64, 21/32)
        step(w, g, ex);
        assertEquals(List.of(1L), ex.awaitedAt);
        assertArrayEquals(v(2.125f, 0.75f), ex.uploads.get(1), 0f);
        assertArrayEquals(v(1.65625f, -0.5625f), center(master), 0f);
        assertArrayEquals(v(1.859375f, 0.65625f), w.params(), 0f);
        // t = 2: await at 2; send (109/64, 7/32): e = (3/256, 25/128); x = (763/512, 49/256)
        step(w, g, ex);
        assertEquals(List.of(1L, 2L), ex.awaitedAt);
        assertArrayEquals(v(1.490234375f, 0.19140625f), w.params(), 0f);
        w.settle();                                      // (757/512, −1/256): the blocking rule's after 3 steps
        assertArrayEquals(v(1.478515625f, -0.00390625f), w.params(), 0f);

        // the same when τ drops under k during the run (auto-τ): τ = 4, k = 3, τ → 1 after the first step
        Easgd.Master m2 = new Easgd.Master(ALPHA);
        m2.init(v(1f, -2f));
        DeferredExchange ex2 = new DeferredExchange(m2);
        Easgd.Worker w2 = new Easgd.Worker(ETA, 4, 3);
        w2.init(v(3f, 2f));
        step(w2, g, ex2);
        w2.period(1);
        step(w2, g, ex2);                                // the next exchange is due at t = 1: await first
        assertEquals(List.of(1L), ex2.awaitedAt);
        assertArrayEquals(v(1.859375f, 0.65625f), w2.params(), 0f);
    }

    @Test
    void aNewKCountsFromTheNextExchangeTheOneInFlightKeepsItsStep() {
        Easgd.Master master = new Easgd.Master(ALPHA);
        master.init(v(1f, -2f));
        DeferredExchange ex = new DeferredExchange(master);
        Easgd.Worker w = new Easgd.Worker(ETA, 4, 3);
        w.init(v(3f, 2f));
        Linear g = new Linear();
        step(w, g, ex);                                  // t = 0: begun with k = 3, due at t = 3
        w.overlapSteps(1);
        step(w, g, ex);                                  // t = 1: still in flight
        step(w, g, ex);                                  // t = 2: still in flight
        assertEquals(List.of(), ex.awaitedAt);
        step(w, g, ex);                                  // t = 3: applied
        assertEquals(List.of(3L), ex.awaitedAt);
        step(w, g, ex);                                  // t = 4: exchange, now with k = 1
        step(w, g, ex);                                  // t = 5: applied
        assertEquals(List.of(3L, 5L), ex.awaitedAt);
        assertEquals(1, w.overlapSteps());
        assertEquals(1, ((Easgd.Worker) w.copy()).overlapSteps());
    }

    @Test
    void downpourAtKTwoPullsTwoStepsLateAndLosesNoUpdate() {
        // x̃ = (1, −2); the worker starts there; g(x) = x; τ = 3, k = 2
        Downpour.Master master = new Downpour.Master();
        master.init(v(1f, -2f));
        DeferredExchange ex = new DeferredExchange(master);
        Downpour.Worker w = new Downpour.Worker(ETA, 3, 2);
        w.init(v(1f, -2f));
        Linear g = new Linear();
        // t = 0: push v = 0 (x̃ stays (1, −2)), reply x̃' = (1, −2) in flight; x = 7/8 (1, −2) = (0.875, −1.75); v = (−1/8, 1/4)
        step(w, g, ex);
        // t = 1: x = 7/8 x = (0.765625, −1.53125); v = (−1/8 − 7/64, 1/4 + 7/32) = (−0.234375, 0.46875)
        step(w, g, ex);
        assertArrayEquals(v(0.765625f, -1.53125f), w.params(), 0f);
        // t = 2 = 0 + k: pull: x = x̃' + v = (0.765625, −1.53125) (x̃' = the start); x = 7/8 x = (0.669921875, −1.33984375)
        step(w, g, ex);
        assertEquals(List.of(2L), ex.awaitedAt);
        assertArrayEquals(v(0.669921875f, -1.33984375f), w.params(), 0f);
        // t = 3: push v = x − (1, −2) = (−0.330078125, 0.66015625): x̃ = (0.669921875, −1.33984375)
        step(w, g, ex);
        assertArrayEquals(v(-0.330078125f, 0.66015625f), ex.uploads.get(1), 0f);
        assertArrayEquals(v(0.669921875f, -1.33984375f), center(master), 0f);
        w.settle();
        // every local update is in x̃ or still in v: x_i = x̃ + v_i
        float[] expected = sum(center(master), w.accumulated());
        assertArrayEquals(expected, w.params(), 0f);
    }

    // ------------------------------------------------------------------ k = 1 is the one-step overlap

    @Test
    void kOneIsTheOneStepOverlapBitForBit() {
        // a noisy quadratic, τ = 3, 40 steps, one worker each against its own master: k = 1 given as a
        // number and the boolean one-step overlap (pinned by OverlapRulesTest's hand-computed numbers)
        // send the same uploads and end in the same place, float for float
        for (boolean momentum : new boolean[] {false, true}) {
            WorkerRule one = momentum ? new Eamsgd.Worker(0.05f, 0.9f, 3, 1) : new Easgd.Worker(0.05f, 3, 1);
            WorkerRule bool = momentum ? new Eamsgd.Worker(0.05f, 0.9f, 3, true) : new Easgd.Worker(0.05f, 3, true);
            float[] start = {1.5f, -0.75f, 0.25f};
            Easgd.Master m1 = new Easgd.Master(0.3f);
            Easgd.Master m2 = new Easgd.Master(0.3f);
            m1.init(new float[3]);
            m2.init(new float[3]);
            one.init(start);
            bool.init(start);
            DeferredExchange e1 = new DeferredExchange(m1);
            DeferredExchange e2 = new DeferredExchange(m2);
            Random r1 = new Random(7);
            Random r2 = new Random(7);
            Gradient g1 = (at, out) -> noisy(at, out, r1);
            Gradient g2 = (at, out) -> noisy(at, out, r2);
            for (int s = 0; s < 40; s++) {
                step(one, g1, e1);
                step(bool, g2, e2);
                assertArrayEquals(bool.params(), one.params(), 0f);
            }
            one.settle();
            bool.settle();
            assertArrayEquals(bool.params(), one.params(), 0f);
            assertEquals(e2.uploads.size(), e1.uploads.size());
            for (int i = 0; i < e1.uploads.size(); i++) {
                assertArrayEquals(e2.uploads.get(i), e1.uploads.get(i), 0f);
            }
            assertEquals(e2.awaitedAt, e1.awaitedAt);
        }
    }

    private static double noisy(float[] at, float[] out, Random r) {
        for (int i = 0; i < at.length; i++) {
            out[i] = at[i] + (float) r.nextGaussian() * 0.1f;
        }
        return 0;
    }

    @Test
    void kIsAtLeastOneAndOnlyAnOverlappedRuleHasOne() {
        assertThrows(IllegalArgumentException.class, () -> new Easgd.Worker(ETA, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Easgd.Worker(ETA, 1, 2).overlapSteps(0));
        assertThrows(IllegalStateException.class, () -> new Easgd.Worker(ETA, 1).overlapSteps(2));
        assertThrows(IllegalStateException.class, () -> new Eamsgd.Worker(ETA, DELTA, 1).overlapSteps(2));
        assertThrows(IllegalStateException.class, () -> new Downpour.Worker(ETA, 1).overlapSteps(2));
        assertEquals(0, new Eamsgd.Worker(ETA, DELTA, 1).overlapSteps());
        assertEquals(4, ((Eamsgd.Worker) new Eamsgd.Worker(ETA, DELTA, 1, 4).copy()).overlapSteps());
        assertEquals(4, ((Downpour.Worker) new Downpour.Worker(ETA, 1, 4).copy()).overlapSteps());
    }
}
