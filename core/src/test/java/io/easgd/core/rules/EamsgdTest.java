package io.easgd.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class EamsgdTest {
    private static final Offset<Float> EPS = within(1e-6f);

    @Test
    void workerFollowsAlgorithmTwoByHand() {
        // g(x) = x; x̃ = (2); α = 0.5, η = 0.1, δ = 0.5, τ = 2
        Easgd.Master master = new Easgd.Master(0.5f);
        master.init(new float[] {2f});
        InProcessExchange ex = new InProcessExchange(master, 0);
        Quadratic g = Quadratic.unit(1);
        Eamsgd.Worker w = new Eamsgd.Worker(0.1f, 0.5f, 2);
        w.init(new float[] {2f});

        w.step(g, ex);   // t=0: look-ahead 2 + 0 = 2; e = 0; v = −0.2; x = 1.8
        assertThat(g.points.get(0)).containsExactly(new float[] {2f}, EPS);
        assertThat(w.velocity()).containsExactly(new float[] {-0.2f}, EPS);
        assertThat(w.params()).containsExactly(new float[] {1.8f}, EPS);

        w.step(g, ex);   // t=1: look-ahead 1.8 − 0.1 = 1.7; v = −0.1 − 0.17 = −0.27; x = 1.53
        assertThat(g.points.get(1)).containsExactly(new float[] {1.7f}, EPS);
        assertThat(w.velocity()).containsExactly(new float[] {-0.27f}, EPS);
        assertThat(w.params()).containsExactly(new float[] {1.53f}, EPS);

        w.step(g, ex);   // t=2: look-ahead from the pre-elastic x: 1.53 − 0.135 = 1.395
        assertThat(g.points.get(2)).containsExactly(new float[] {1.395f}, EPS);
        // e = 0.5(1.53 − 2) = −0.235, x̃ = 1.765, x = 1.765; v = −0.135 − 0.1395 = −0.2745; x = 1.4905
        assertThat(ex.center()).containsExactly(new float[] {1.765f}, EPS);
        assertThat(w.velocity()).containsExactly(new float[] {-0.2745f}, EPS);
        assertThat(w.params()).containsExactly(new float[] {1.4905f}, EPS);
    }

    @Test
    void withoutExchangeItIsNesterovMomentumExactly() {
        // τ so large that only t = 0 exchanges (with e = 0): the worker must match MSGD step for step
        Easgd.Master master = new Easgd.Master(0.5f);
        master.init(new float[] {1f, -3f});
        InProcessExchange ex = new InProcessExchange(master, 0);
        Eamsgd.Worker eam = new Eamsgd.Worker(0.05f, 0.9f, 1_000_000);
        eam.init(new float[] {1f, -3f});
        Msgd.Worker msgd = new Msgd.Worker(0.05f, 0.9f);
        msgd.init(new float[] {1f, -3f});
        float[] x = {1f, -3f};
        float[] v = new float[2];
        for (int s = 0; s < 50; s++) {
            eam.step(Quadratic.unit(2), ex);
            msgd.step(Quadratic.unit(2), (u, d) -> { });
            for (int k = 0; k < 2; k++) {                       // v ← δv − η g(x + δv); x ← x + v
                float look = x[k] + 0.9f * v[k];
                v[k] = 0.9f * v[k] - 0.05f * look;
                x[k] += v[k];
            }
        }
        assertThat(eam.params()).containsExactly(x, within(1e-5f));
        assertThat(msgd.params()).containsExactly(x, within(1e-5f));
    }

    @Test
    void convergesOnAQuadratic() {
        float[] optimum = {-2f, 5f};
        Easgd.Master master = new Easgd.Master(0.45f);
        master.init(new float[2]);
        InProcessExchange ex = new InProcessExchange(master, 0);
        Eamsgd.Worker w = new Eamsgd.Worker(0.05f, 0.9f, 10);
        w.init(new float[2]);
        for (int s = 0; s < 3000; s++) {
            w.step(new Quadratic(1f, optimum), ex);
        }
        assertThat(Vec.distance(ex.center(), optimum)).isLessThan(1e-3);
    }
}
