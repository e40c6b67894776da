package io.easgd.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * DiLoCo on numbers worked out by hand: two workers on the one-dimensional quadratics
 * f_i(x) = (x − c_i)²/2 (so g_i(x) = x − c_i), x̃₀ = 1, H = 2, outer lr 0.7, momentum 0.9.
 */
class DilocoTest {
    private static final float TOL = 2e-6f;

    /** g_i(x) = x − c. */
    private static Gradient quadratic(float c) {
        return (at, out) -> {
            out[0] = at[0] - c;
            return 0.5 * out[0] * out[0];
        };
    }

    private static float center(MasterRule m) {
        float[] c = new float[1];
        m.copyCenter(c);
        return c[0];
    }

    /** One DiLoCo round of H = 2 steps for both workers, worker 0 on another thread (the barrier needs both). */
    private static void round(Diloco.Worker w0, Diloco.Worker w1, Gradient g0, Gradient g1,
                              InProcessExchange e0, InProcessExchange e1) throws Exception {
        w0.step(g0, e0);
        w1.step(g1, e1);
        assertThat(e0.uploads.size()).isEqualTo(e1.uploads.size());   // no exchange after the first inner step
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> w0.step(g0, e0));
        w1.step(g1, e1);
        first.get(10, TimeUnit.SECONDS);
    }

    @Test
    void twoRoundsWithNesterovInsideMatchTheHandComputedValues() throws Exception {
        Diloco.Master master = new Diloco.Master(0.7f, 0.9f, 2);
        master.init(new float[] {1f});
        Diloco.Worker w0 = new Diloco.Worker(new Msgd.Worker(0.1f, 0.5f), 2);    // η = 0.1, δ = 0.5
        Diloco.Worker w1 = new Diloco.Worker(new Msgd.Worker(0.1f, 0.5f), 2);
        w0.init(new float[] {1f});
        w1.init(new float[] {1f});
        InProcessExchange e0 = new InProcessExchange(master, 0);
        InProcessExchange e1 = new InProcessExchange(master, 1);
        Gradient g0 = quadratic(0f);
        Gradient g1 = quadratic(3f);

        // round 1, worker 0 (c = 0): v = −0.1·1 = −0.1, x = 0.9; look 0.85, v = −0.05 − 0.085 = −0.135, x = 0.765
        //          worker 1 (c = 3): v = 0.2, x = 1.2; look 1.3, g = −1.7, v = 0.1 + 0.17 = 0.27, x = 1.47
        round(w0, w1, g0, g1, e0, e1);
        assertThat(e0.uploads.get(0)[0]).isCloseTo(0.235f, within(TOL));          // Δ_0 = 1 − 0.765
        assertThat(e1.uploads.get(0)[0]).isCloseTo(-0.47f, within(TOL));          // Δ_1 = 1 − 1.47
        // Δ = −0.1175; v = −0.1175; x̃ = 1 − 0.7 (−0.1175 + 0.9 · −0.1175) = 1.156275
        assertThat(master.momentum()[0]).isCloseTo(-0.1175f, within(TOL));
        assertThat(center(master)).isCloseTo(1.156275f, within(TOL));
        assertThat(w0.params()[0]).isEqualTo(center(master));                     // x_i ← x̃
        assertThat(w1.params()[0]).isEqualTo(center(master));
        assertThat(e0.distances.get(0)).isCloseTo(0.235, within(1e-6));          // ‖Δ_i‖
        assertThat(e1.distances.get(0)).isCloseTo(0.47, within(1e-6));
        // the inner momentum survives the round
        assertThat(((Msgd.Worker) w0.inner()).steps()).isEqualTo(2);

        // round 2, worker 0: look = 1.156275 − 0.0675 = 1.088775, v = −0.1763775, x = 0.9798975;
        //   look 0.89170875, v = −0.177359625, x = 0.802537875: Δ_0 = 0.353737125
        // worker 1: look 1.291275, v = 0.3058725, x = 1.4621475; look 1.61508375, v = 0.291427875,
        //   x = 1.753575375: Δ_1 = −0.597300375
        round(w0, w1, g0, g1, e0, e1);
        assertThat(e0.uploads.get(1)[0]).isCloseTo(0.353737125f, within(TOL));
        assertThat(e1.uploads.get(1)[0]).isCloseTo(-0.597300375f, within(TOL));
        // Δ = −0.121781625; v = 0.9 · −0.1175 − 0.121781625 = −0.227531625;
        // x̃ = 1.156275 − 0.7 (−0.121781625 + 0.9 · −0.227531625) = 1.384867061
        assertThat(master.momentum()[0]).isCloseTo(-0.227531625f, within(TOL));
        assertThat(center(master)).isCloseTo(1.384867061f, within(TOL));
        assertThat(master.rounds()).isEqualTo(2);
        assertThat(master.updates()).isEqualTo(4);
        assertThat(w0.steps()).isEqualTo(4);
    }

    @Test
    void twoRoundsWithAdamInsideMatchTheHandComputedValues() throws Exception {
        Diloco.Master master = new Diloco.Master(0.7f, 0.9f, 2);
        master.init(new float[] {1f});
        Diloco.Worker w0 = new Diloco.Worker(new Adam.Worker(0.1f), 2);
        Diloco.Worker w1 = new Diloco.Worker(new Adam.Worker(0.1f), 2);
        w0.init(new float[] {1f});
        w1.init(new float[] {1f});
        InProcessExchange e0 = new InProcessExchange(master, 0);
        InProcessExchange e1 = new InProcessExchange(master, 1);
        Gradient g0 = quadratic(0f);
        Gradient g1 = quadratic(0.5f);

        // worker 0, t = 1: g = 1, m = 0.1, v = 0.001, m̂ = 1, v̂ = 1: x = 1 − 0.1 = 0.9 (Adam's first step is η·sign g)
        //           t = 2: g = 0.9, m = 0.18, v = 0.001809, m̂ = 0.18/0.19, v̂ = 0.001809/0.001999: x = 0.8004122297
        // worker 1, t = 1: g = 0.5: x = 0.9;  t = 2: g = 0.4, m = 0.085, v = 0.00040975: x = 0.8011874237
        round(w0, w1, g0, g1, e0, e1);
        assertThat(e0.uploads.get(0)[0]).isCloseTo(0.1995877703f, within(TOL));
        assertThat(e1.uploads.get(0)[0]).isCloseTo(0.1988125763f, within(TOL));
        // Δ = 0.1992001733 = v; x̃ = 1 − 0.7 · 1.9 · 0.1992001733 = 0.7350637695
        assertThat(center(master)).isCloseTo(0.7350637695f, within(TOL));
        Adam.Worker adam0 = (Adam.Worker) w0.inner();
        assertThat(adam0.firstMoment()[0]).isCloseTo(0.18f, within(TOL));        // kept across the round
        assertThat(adam0.secondMoment()[0]).isCloseTo(0.001809f, within(1e-7f));

        // round 2 from x̃ = 0.7350637695, moments kept (t = 3, 4):
        // worker 0: x = 0.6368724452, 0.540291385: Δ_0 = 0.1947723845
        // worker 1: x = 0.6413368239, 0.554357373: Δ_1 = 0.1807063965
        round(w0, w1, g0, g1, e0, e1);
        assertThat(e0.uploads.get(1)[0]).isCloseTo(0.1947723845f, within(TOL));
        assertThat(e1.uploads.get(1)[0]).isCloseTo(0.1807063965f, within(TOL));
        // Δ = 0.1877393905; v = 0.9 · 0.1992001733 + Δ = 0.3670195465; x̃ = 0.7350637695 − 0.7 (Δ + 0.9 v) = 0.3724238819
        assertThat(master.momentum()[0]).isCloseTo(0.3670195465f, within(TOL));
        assertThat(center(master)).isCloseTo(0.3724238819f, within(TOL));
    }

    @Test
    void theWorkerExchangesAfterEveryHthInnerStepAndNeverAtTheStart() {
        Diloco.Worker w = new Diloco.Worker(new Msgd.Worker(0.1f, 0f), 3);        // δ = 0: plain SGD inside
        w.init(new float[] {2f, -1f});
        assertThat(w.payloadFloats()).containsExactly(2, 2);
        List<Long> exchangedAt = new ArrayList<>();
        List<float[]> ups = new ArrayList<>();
        Exchange reply = (up, down) -> {
            exchangedAt.add(w.steps());
            ups.add(up.clone());
            down[0] = 10f;                                                        // the new x̃
            down[1] = 20f;
        };
        Gradient ones = (at, out) -> {
            out[0] = 1f;
            out[1] = -1f;
            return 0;
        };
        for (int s = 0; s < 7; s++) {
            w.step(ones, reply);
        }
        assertThat(exchangedAt).containsExactly(3L, 6L);                          // t_i mod H == 0 after the step
        assertThat(ups.get(0)[0]).isCloseTo(0.3f, within(1e-6f));                 // Δ = x_start − x = 3η·g
        assertThat(ups.get(0)[1]).isCloseTo(-0.3f, within(1e-6f));
        assertThat(ups.get(1)[0]).isCloseTo(0.3f, within(1e-5f));                 // measured from the x̃ received
        assertThat(w.params()[0]).isCloseTo(10f - 0.1f, within(1e-5f));           // x ← x̃, then one more step
        assertThat(w.params()[1]).isCloseTo(20f + 0.1f, within(1e-5f));
        assertThat(w.copy().steps()).isZero();
    }

    @Test
    void theMasterRepliesTheNewCenterToEveryWorkerAndRefusesADuplicate() {
        Diloco.Master master = new Diloco.Master(0.5f, 0f, 2);                    // μ = 0: x̃ ← x̃ − lr·mean Δ
        master.init(new float[] {1f, 1f});
        float[] d0 = new float[2];
        float[] d1 = new float[2];
        RecordingReply r0 = new RecordingReply();
        master.submit(0, new float[] {2f, 0f}, d0, r0);
        assertThatThrownBy(() -> master.submit(0, new float[] {2f, 0f}, new float[2], new RecordingReply()))
                .isInstanceOf(DuplicateArrivalException.class);
        assertThat(r0.answered()).isFalse();
        master.submit(1, new float[] {0f, 4f}, d1, new RecordingReply());
        assertThat(d0).containsExactly(0.5f, 0f);                                  // 1 − 0.5 · (1, 2)
        assertThat(d1).containsExactly(0.5f, 0f);
        assertThat(r0.distance).isEqualTo(2.0);
        assertThat(master.rounds()).isEqualTo(1);
        assertThat(master.snapshot().vectors()).containsOnlyKeys(MasterRule.CENTER, Diloco.Master.MOMENTUM);
    }

    @Test
    void aMasterRestoredFromAMidRoundSnapshotAnswersBitForBitLikeOneNeverInterrupted() {
        int p = 3;
        int n = 5;
        Random random = new Random(7);
        float[][][] uploads = new float[6][p][n];
        for (float[][] round : uploads) {
            for (float[] up : round) {
                for (int k = 0; k < n; k++) {
                    up[k] = (float) random.nextGaussian();
                }
            }
        }
        float[] x0 = {0.3f, -0.2f, 1f, 0f, 2f};
        Diloco.Master straight = new Diloco.Master(0.7f, 0.9f, p);
        straight.init(x0);
        Diloco.Master first = new Diloco.Master(0.7f, 0.9f, p);
        first.init(x0);
        List<float[]> straightReplies = new ArrayList<>();
        for (float[][] round : uploads) {
            for (int i = 0; i < p; i++) {
                float[] down = new float[n];
                straight.submit(i, round[i], down, new RecordingReply());
                straightReplies.add(down);
            }
        }
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < p; i++) {
                first.submit(i, uploads[r][i], new float[n], new RecordingReply());
            }
        }
        first.submit(2, uploads[3][2], new float[n], new RecordingReply());        // waits in round 3
        MasterRule.State s = first.snapshot();
        assertThat(s.counters().get(RoundMaster.ROUNDS)).isEqualTo(3);
        assertThat(s.counters().get(RoundMaster.ARRIVALS + 2)).isEqualTo(3);

        Diloco.Master resumed = new Diloco.Master(0.7f, 0.9f, p);
        resumed.restore(s);
        List<float[]> resumedReplies = new ArrayList<>();
        for (int r = 3; r < uploads.length; r++) {
            for (int i = 0; i < p; i++) {
                float[] down = new float[n];
                resumed.submit(i, uploads[r][i], down, new RecordingReply());
                resumedReplies.add(down);
            }
        }
        for (int j = 0; j < resumedReplies.size(); j++) {
            assertThat(resumedReplies.get(j)).containsExactly(straightReplies.get(9 + j));   // bit for bit
        }
        MasterRule.State a = straight.snapshot();
        MasterRule.State b = resumed.snapshot();
        assertThat(b.vectors().get(Diloco.Master.MOMENTUM)).containsExactly(a.vectors().get(Diloco.Master.MOMENTUM));
        assertThat(b.center()).containsExactly(a.center());
        assertThat(b.counters()).isEqualTo(a.counters());
        assertThat(b.updates()).isEqualTo(a.updates());
    }

    @Test
    void aStateWithoutTheMomentumIsRefused() {
        Diloco.Master master = new Diloco.Master(0.7f, 0.9f, 2);
        master.init(new float[] {0f});
        SyncEasgd.Master other = new SyncEasgd.Master(0.25f, 2);
        other.init(new float[] {0f});
        MasterRule.State s = other.snapshot();
        assertThatThrownBy(() -> master.restore(new MasterRule.State("diloco", s.updates(), s.vectors(), s.counters())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no vector 'momentum'");
    }
}
