package io.easgd.core.rules;

import io.easgd.core.rules.RuleFixtures.Linear;
import static io.easgd.core.rules.RuleFixtures.v;
import static io.easgd.core.rules.RuleFixtures.center;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.easgd.core.compression.Compression;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Admm} against numbers worked out by hand, and its one-round-trip exchange against the
 * paper's three-line round-robin map.
 *
 * <p>Exactness: η = 1/8 and ρ = 2 give ηρ = 1/4, 1 − ηρ = 3/4 and 2ηρ − 1 = −1/2, p = 2 divides by
 * two, and the inputs are short binary fractions: every intermediate value of the hand-computed
 * tests is a float exactly, whatever the order of operations, so they are asserted with delta 0.
 */
class AdmmTest {
    private static final float ETA = 0.125f;
    private static final float RHO = 2f;

    @Test
    void twoWorkersRoundRobinFourTurnsByHand() {
        // η = 1/8, ρ = 2 (ηρ = 1/4), p = 2, g(x) = x; x̃_0 = 8, both workers at 8 with λ = 0
        Admm.Master master = new Admm.Master(ETA, RHO, 2);
        master.init(v(8f));
        InProcessExchange ex0 = new InProcessExchange(master, 0);
        InProcessExchange ex1 = new InProcessExchange(master, 1);
        Admm.Worker w0 = new Admm.Worker(ETA, RHO, 1);
        Admm.Worker w1 = new Admm.Worker(ETA, RHO, 1);
        w0.init(v(8f));
        w1.init(v(8f));
        Linear g = new Linear();

        // turn 1, worker 0 (x = 8, λ = 0, x̃ = 8):
        //   map: λ = 0 − (8 − 8) = 0; x = 8 − 1 + 1/4 (0 − 8 + 8) = 7; x̃ = (7 − 0 + 8)/2 = 7.5
        //   exchange: a = 8 − 1 − 2 = 5; b = 5 + 3/4 · (8 − 0) = 11 goes up;
        //   u_0 = 11 − 1/2 · 8 = 7; x̃ = 8 + (7 − 8)/2 = 7.5; reply 8 (the center before)
        w0.step(g, ex0);
        assertArrayEquals(v(8f), g.points.get(0), 0f);
        assertArrayEquals(v(11f), ex0.uploads.get(0), 0f);
        assertArrayEquals(v(8f), w0.lastCenter(), 0f);
        assertArrayEquals(v(0f), w0.dual(), 0f);
        assertArrayEquals(v(7f), w0.params(), 0f);
        assertArrayEquals(v(7.5f), center(master), 0f);
        assertTrue(Double.isNaN(ex0.distances.get(0)));      // the master does not see x_l

        // turn 2, worker 1 (x = 8, λ = 0, x̃ = 7.5):
        //   map: λ = 0 − (8 − 7.5) = −0.5; x = 8 − 1 + 1/4 (−0.5 − 8 + 7.5) = 6.75;
        //        x̃ = (7 + (6.75 + 0.5))/2 = 7.125
        //   exchange: b = 5 + 3/4 · 8 = 11; u_1 = 11 − 1/2 · 7.5 = 7.25; x̃ = 7.5 + (7.25 − 8)/2 = 7.125
        w1.step(g, ex1);
        assertArrayEquals(v(11f), ex1.uploads.get(0), 0f);
        assertArrayEquals(v(7.5f), w1.lastCenter(), 0f);
        assertArrayEquals(v(-0.5f), w1.dual(), 0f);
        assertArrayEquals(v(6.75f), w1.params(), 0f);
        assertArrayEquals(v(7.125f), center(master), 0f);

        // turn 3, worker 0 (x = 7, λ = 0, x̃ = 7.125):
        //   map: λ = 0 − (7 − 7.125) = 0.125; x = 7 − 0.875 + 1/4 (0.125 − 7 + 7.125) = 6.1875;
        //        x̃ = ((6.1875 − 0.125) + 7.25)/2 = 6.65625
        //   exchange: a = 7 − 0.875 − 1.75 = 4.375; b = 4.375 + 3/4 · 7 = 9.625;
        //        u_0 = 9.625 − 1/2 · 7.125 = 6.0625; x̃ = 7.125 + (6.0625 − 7)/2 = 6.65625
        w0.step(g, ex0);
        assertArrayEquals(v(7f), g.points.get(2), 0f);
        assertArrayEquals(v(9.625f), ex0.uploads.get(1), 0f);
        assertArrayEquals(v(0.125f), w0.dual(), 0f);
        assertArrayEquals(v(6.1875f), w0.params(), 0f);
        assertArrayEquals(v(6.65625f), center(master), 0f);

        // turn 4, worker 1 (x = 6.75, λ = −0.5, x̃ = 6.65625):
        //   map: λ = −0.5 − (6.75 − 6.65625) = −0.59375;
        //        x = 6.75 − 0.84375 + 1/4 (−0.59375 − 6.75 + 6.65625) = 5.90625 − 0.171875 = 5.734375;
        //        x̃ = (6.0625 + (5.734375 + 0.59375))/2 = (6.0625 + 6.328125)/2 = 6.1953125
        //   exchange: a = 6.75 − 0.84375 − 1.6875 = 4.21875; b = 4.21875 + 3/4 · 7.25 = 9.65625;
        //        u_1 = 9.65625 − 1/2 · 6.65625 = 6.328125; x̃ = 6.65625 + (6.328125 − 7.25)/2 = 6.1953125
        w1.step(g, ex1);
        assertArrayEquals(v(9.65625f), ex1.uploads.get(1), 0f);
        assertArrayEquals(v(6.65625f), w1.lastCenter(), 0f);
        assertArrayEquals(v(-0.59375f), w1.dual(), 0f);
        assertArrayEquals(v(5.734375f), w1.params(), 0f);
        assertArrayEquals(v(6.1953125f), center(master), 0f);
        assertEquals(4, master.updates());

        // x̃ is the mean of the u_l the master keeps: u_0 = 6.0625, u_1 = 6.328125
        MasterRule.State s = master.snapshot();
        assertArrayEquals(v(6.0625f), s.vectors().get("u.0"), 0f);
        assertArrayEquals(v(6.328125f), s.vectors().get("u.1"), 0f);
    }

    @Test
    void tauTwoTakesLocalStepsOnTheAugmentedLagrangianWithTheLastCenter() {
        // η = 1/8, ρ = 2, p = 2 (only rank 0 runs), τ = 2; a fixed gradient g = (4, −8); x̃_0 = (8, 0)
        Admm.Master master = new Admm.Master(ETA, RHO, 2);
        master.init(v(8f, 0f));
        InProcessExchange ex = new InProcessExchange(master, 0);
        Admm.Worker w = new Admm.Worker(ETA, RHO, 2);
        w.init(v(8f, 0f));
        Gradient fixed = (at, out) -> {
            out[0] = 4f;
            out[1] = -8f;
            return 0;
        };

        // t = 0, exchange (x = (8, 0), λ = 0, x̃ = (8, 0)); η g = (0.5, −1):
        //   λ = 0; x = (8 − 0.5, 0 + 1) + 1/4 · 0 = (7.5, 1); u_0 = (7.5, 1); x̃ = ((7.5, 1) + (8, 0))/2 = (7.75, 0.5)
        //   exchange: a = (8 − 0.5 − 2, 0 + 1 − 0) = (5.5, 1); b = a + 3/4 (8, 0) = (11.5, 1)
        w.step(fixed, ex);
        assertArrayEquals(v(11.5f, 1f), ex.uploads.get(0), 0f);
        assertArrayEquals(v(0f, 0f), w.dual(), 0f);
        assertArrayEquals(v(7.5f, 1f), w.params(), 0f);
        assertArrayEquals(v(7.75f, 0.5f), center(master), 0f);

        // t = 1, local, with the last center c = (8, 0) and λ = 0:
        //   x = (7.5 − 0.5 + 1/4 (0 − 7.5 + 8), 1 + 1 + 1/4 (0 − 1 + 0)) = (7.125, 1.75)
        w.step(fixed, ex);
        assertEquals(1, ex.uploads.size());
        assertEquals(1, master.updates());
        assertArrayEquals(v(0f, 0f), w.dual(), 0f);
        assertArrayEquals(v(7.125f, 1.75f), w.params(), 0f);
        assertArrayEquals(v(7.75f, 0.5f), center(master), 0f);

        // t = 2, exchange (x = (7.125, 1.75), λ = 0, x̃ = (7.75, 0.5)):
        //   map: λ = −(x − x̃) = (0.625, −1.25)
        //        x = (7.125 − 0.5 + 1/4 (0.625 − 7.125 + 7.75), 1.75 + 1 + 1/4 (−1.25 − 1.75 + 0.5))
        //          = (6.625 + 0.3125, 2.75 − 0.625) = (6.9375, 2.125)
        //        u_0 = x − λ = (6.3125, 3.375); x̃ = ((6.3125, 3.375) + (8, 0))/2 = (7.15625, 1.6875)
        //   exchange: a = (7.125 − 0.5 − 1.78125, 1.75 + 1 − 0.4375) = (4.84375, 2.3125)
        //        b = a + 3/4 (7.125, 1.75) = (10.1875, 3.625); u_0 = b − 1/2 (7.75, 0.5) = (6.3125, 3.375)
        w.step(fixed, ex);
        assertArrayEquals(v(10.1875f, 3.625f), ex.uploads.get(1), 0f);
        assertArrayEquals(v(7.75f, 0.5f), w.lastCenter(), 0f);
        assertArrayEquals(v(0.625f, -1.25f), w.dual(), 0f);
        assertArrayEquals(v(6.9375f, 2.125f), w.params(), 0f);
        assertArrayEquals(v(7.15625f, 1.6875f), center(master), 0f);

        // t = 3, local, c = (7.75, 0.5), λ = (0.625, −1.25):
        //   x = (6.9375 − 0.5 + 1/4 (0.625 − 6.9375 + 7.75), 2.125 + 1 + 1/4 (−1.25 − 2.125 + 0.5))
        //     = (6.4375 + 0.359375, 3.125 − 0.71875) = (6.796875, 2.40625)
        w.step(fixed, ex);
        assertEquals(2, master.updates());
        assertArrayEquals(v(0.625f, -1.25f), w.dual(), 0f);
        assertArrayEquals(v(6.796875f, 2.40625f), w.params(), 0f);
    }

    // ------------------------------------------------------------ the exchange equals the paper's map

    /** The paper's three lines for worker l's turn, in double, on full state (x_l, λ_l for every l, x̃). */
    private static void paperTurn(double[][] x, double[][] lambda, double[] center, int l, double[] grad,
            double eta, double rho) {
        int n = center.length;
        int p = x.length;
        for (int k = 0; k < n; k++) {
            double xk = x[l][k];
            lambda[l][k] = lambda[l][k] - (xk - center[k]);
            x[l][k] = xk - eta * grad[k] + eta * rho * (lambda[l][k] - xk + center[k]);
        }
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int j = 0; j < p; j++) {
                s += x[j][k] - lambda[j][k];
            }
            center[k] = s / p;
        }
    }

    /** F_l(x) = ½ h_l ‖x − o_l‖²: each worker its own quadratic, so the duals do not vanish. */
    private static double[] grad(double[] at, int l) {
        double h = l == 0 ? 1.0 : 0.6;
        double[] o = l == 0 ? new double[] {1.0, -2.0, 0.5} : new double[] {-1.5, 0.25, 3.0};
        double[] g = new double[at.length];
        for (int k = 0; k < at.length; k++) {
            g[k] = h * (at[k] - o[k]);
        }
        return g;
    }

    @Test
    void oneRoundTripFormInDoublesIsThePapersMap() {
        // p = 2 round robin, 12 turns, η = 0.1, ρ = 1.7 (not dyadic): the exchange's algebra
        // (b up, u_new = b + (2ηρ − 1) x̃, x̃ += (u_new − u_l)/p, reply x̃_t) carried out in double
        double eta = 0.1;
        double rho = 1.7;
        double er = eta * rho;
        int p = 2;
        double[] x0 = {0.3, -0.7, 2.0};
        double[][] xm = {x0.clone(), x0.clone()};
        double[][] lm = new double[p][3];
        double[] cm = x0.clone();
        double[][] xe = {x0.clone(), x0.clone()};
        double[][] le = new double[p][3];
        double[][] ue = {x0.clone(), x0.clone()};
        double[] ce = x0.clone();
        for (int turn = 0; turn < 12; turn++) {
            int l = turn % p;
            paperTurn(xm, lm, cm, l, grad(xm[l], l), eta, rho);

            double[] g = grad(xe[l], l);
            double[] b = new double[3];
            for (int k = 0; k < 3; k++) {
                double a = xe[l][k] - eta * g[k] - er * xe[l][k];
                b[k] = a + (1 - er) * (xe[l][k] - le[l][k]);
            }
            double[] reply = ce.clone();
            for (int k = 0; k < 3; k++) {
                double un = b[k] + (2 * er - 1) * ce[k];
                ce[k] += (un - ue[l][k]) / p;
                ue[l][k] = un;
            }
            for (int k = 0; k < 3; k++) {
                le[l][k] = le[l][k] - xe[l][k] + reply[k];
                xe[l][k] = xe[l][k] - eta * g[k] - er * xe[l][k] + er * (le[l][k] + reply[k]);
            }
            for (int j = 0; j < p; j++) {
                assertArrayEquals(xm[j], xe[j], 1e-6, "x_" + j + " after turn " + (turn + 1));
                assertArrayEquals(lm[j], le[j], 1e-6, "λ_" + j + " after turn " + (turn + 1));
            }
            assertArrayEquals(cm, ce, 1e-6, "x̃ after turn " + (turn + 1));
        }
    }

    @Test
    void theRuleClassesInFloatFollowThePapersMapInDouble() {
        // the same run with Admm.Worker and Admm.Master (float): x, λ and x̃ stay within 1e-5 of the
        // double map over 40 turns (values of order 1; float rounding is ~6e-8 relative per operation)
        float eta = 0.1f;
        float rho = 1.7f;
        int p = 2;
        float[] start = {0.3f, -0.7f, 2.0f};
        Admm.Master master = new Admm.Master(eta, rho, p);
        master.init(start);
        Admm.Worker[] w = {new Admm.Worker(eta, rho, 1), new Admm.Worker(eta, rho, 1)};
        InProcessExchange[] ex = {new InProcessExchange(master, 0), new InProcessExchange(master, 1)};
        for (Admm.Worker worker : w) {
            worker.init(start);
        }
        double[] x0 = {start[0], start[1], start[2]};
        double[][] xm = {x0.clone(), x0.clone()};
        double[][] lm = new double[p][3];
        double[] cm = x0.clone();
        for (int turn = 0; turn < 40; turn++) {
            int l = turn % p;
            paperTurn(xm, lm, cm, l, grad(xm[l], l), eta, rho);
            int rank = l;
            w[l].step((at, out) -> {
                double[] g = grad(toDouble(at), rank);
                for (int k = 0; k < out.length; k++) {
                    out[k] = (float) g[k];
                }
                return 0;
            }, ex[l]);
            for (int j = 0; j < p; j++) {
                assertArrayEquals(xm[j], toDouble(w[j].params()), 1e-5, "x_" + j + " after turn " + (turn + 1));
                assertArrayEquals(lm[j], toDouble(w[j].dual()), 1e-5, "λ_" + j + " after turn " + (turn + 1));
            }
            assertArrayEquals(cm, toDouble(center(master)), 1e-5, "x̃ after turn " + (turn + 1));
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            d[k] = a[k];
        }
        return d;
    }

    // ------------------------------------------------------------ state, ranks, refusals

    @Test
    void aRestoredMasterAnswersBitForBitLikeTheOneNeverInterrupted() {
        float eta = 0.1f;
        float rho = 1.7f;
        float[] start = {0.3f, -0.7f, 2.0f};
        Admm.Master a = new Admm.Master(eta, rho, 2);
        a.init(start);
        float[] down = new float[3];
        a.exchange(0, v(1.1f, 0.2f, -0.4f), down);
        a.exchange(1, v(-0.3f, 0.9f, 1.5f), down);
        MasterRule.State s = a.snapshot();
        assertEquals(List.of("center", "u.0", "u.1"), new ArrayList<>(s.vectors().keySet()));

        Admm.Master b = new Admm.Master(eta, rho, 2);
        b.restore(s);
        float[] downA = new float[3];
        float[] downB = new float[3];
        a.exchange(0, v(0.7f, -0.1f, 0.3f), downA);
        b.exchange(0, v(0.7f, -0.1f, 0.3f), downB);
        a.exchange(1, v(0.2f, 0.4f, -0.8f), downA);
        b.exchange(1, v(0.2f, 0.4f, -0.8f), downB);
        assertArrayEquals(downA, downB, 0f);
        assertArrayEquals(center(a), center(b), 0f);
        assertEquals(a.updates(), b.updates());
        assertEquals(4, b.updates());
        assertArrayEquals(a.snapshot().vectors().get("u.1"), b.snapshot().vectors().get("u.1"), 0f);
    }

    @Test
    void aStateWithoutTheDualsIsRefusedNamingTheVector() {
        Admm.Master a = new Admm.Master(ETA, RHO, 2);
        a.init(v(1f, 2f));
        MasterRule.State s = a.snapshot();
        java.util.Map<String, float[]> vectors = new java.util.LinkedHashMap<>(s.vectors());
        vectors.remove("u.1");
        MasterRule.State missing = new MasterRule.State("admm", 0, vectors, s.counters());
        Admm.Master b = new Admm.Master(ETA, RHO, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.restore(missing));
        assertTrue(e.getMessage().contains("'u.1'"), e.getMessage());
    }

    @Test
    void aRankOutsideZeroToPMinusOneIsRefusedAndNothingMoves() {
        Admm.Master m = new Admm.Master(ETA, RHO, 2);
        m.init(v(8f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.exchange(2, v(11f), new float[1]));
        assertTrue(e.getMessage().contains("worker 2"), e.getMessage());
        assertArrayEquals(v(8f), center(m), 0f);
        assertEquals(0, m.updates());
    }

    @Test
    void lossyCompressionAndBadHyperparametersAreRefused() {
        Admm.Master m = new Admm.Master(ETA, RHO, 2);
        m.compression(Compression.NONE);
        assertThrows(IllegalArgumentException.class, () -> m.compression(Compression.FP16));
        assertThrows(IllegalArgumentException.class, () -> new Admm.Master(ETA, 0f, 2));
        assertThrows(IllegalArgumentException.class, () -> new Admm.Master(ETA, RHO, 0));
        assertThrows(IllegalArgumentException.class, () -> new Admm.Worker(ETA, -1f, 1));
        assertThrows(IllegalArgumentException.class, () -> new Admm.Worker(ETA, RHO, 0));
        Admm.Worker w = new Admm.Worker(ETA, RHO, 3);
        w.init(v(1f, 2f));
        assertArrayEquals(new int[] {2, 2}, w.payloadFloats());
        assertEquals(3, ((Admm.Worker) w.copy()).period());
        assertTrue(Arrays.equals(v(0f, 0f), w.dual()));
    }
}
