package io.easgd.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class DownpourTest {
    private static final Offset<Float> EPS = within(1e-6f);

    @Test
    void workerPushesAccumulatedUpdatesAndPullsTheCenterByHand() {
        // g(x) = x; x̃ = 1; η = 0.1; τ = 2
        Downpour.Master master = new Downpour.Master();
        master.init(new float[] {1f});
        InProcessExchange ex = new InProcessExchange(master, 0);
        Quadratic g = Quadratic.unit(1);
        Downpour.Worker w = new Downpour.Worker(0.1f, 2);
        w.init(new float[] {1f});

        w.step(g, ex);   // t=0: push 0, pull 1; x = 0.9, v = −0.1
        w.step(g, ex);   // t=1: x = 0.81, v = −0.19
        assertThat(w.params()).containsExactly(new float[] {0.81f}, EPS);
        assertThat(w.accumulated()).containsExactly(new float[] {-0.19f}, EPS);

        w.step(g, ex);   // t=2: x̃ = 1 − 0.19 = 0.81; x = 0.81; v = 0; then g at the pulled x
        assertThat(ex.uploads.get(1)).containsExactly(new float[] {-0.19f}, EPS);
        assertThat(ex.center()).containsExactly(new float[] {0.81f}, EPS);
        assertThat(g.points.get(2)).containsExactly(new float[] {0.81f}, EPS);
        assertThat(w.params()).containsExactly(new float[] {0.729f}, EPS);
        assertThat(w.accumulated()).containsExactly(new float[] {-0.081f}, EPS);
    }

    @Test
    void masterAddsEachPushAndRepliesWithTheFreshCenter() {
        Downpour.Master master = new Downpour.Master();
        master.init(new float[] {1f, 1f});
        float[] down = new float[2];
        master.exchange(0, new float[] {0.5f, -1f}, down);
        assertThat(down).containsExactly(1.5f, 0f);
        master.exchange(1, new float[] {-0.25f, 0.25f}, down);   // another worker, pushed in between
        assertThat(down).containsExactly(1.25f, 0.25f);
        assertThat(master.updates()).isEqualTo(2);
    }

    @Test
    void momentumDownpourKeepsNesterovAtTheMasterByHand() {
        // master: η = 0.1, δ = 0.5, x̃ = 1; g(x) = x
        MDownpour.Master master = new MDownpour.Master(0.1f, 0.5f);
        master.init(new float[] {1f});
        InProcessExchange ex = new InProcessExchange(master, 0);
        Quadratic g = Quadratic.unit(1);
        MDownpour.Worker w = new MDownpour.Worker();
        w.init(new float[] {1f});

        w.step(g, ex);   // g(1) = 1; v = −0.1; x̃ = 0.9; look-ahead 0.9 − 0.05 = 0.85
        assertThat(ex.center()).containsExactly(new float[] {0.9f}, EPS);
        assertThat(w.params()).containsExactly(new float[] {0.85f}, EPS);
        w.step(g, ex);   // g(0.85); v = −0.05 − 0.085 = −0.135; x̃ = 0.765; look-ahead 0.6975
        assertThat(g.points.get(1)).containsExactly(new float[] {0.85f}, EPS);
        assertThat(ex.center()).containsExactly(new float[] {0.765f}, EPS);
        assertThat(w.params()).containsExactly(new float[] {0.6975f}, EPS);
    }

    @Test
    void largeTauTimesEtaBlowsUpOnAQuadratic() {
        // four workers pushing τ accumulated steps each into one center overshoot when pτη is large
        Downpour.Master master = new Downpour.Master();
        master.init(new float[] {1f});
        Downpour.Worker[] workers = new Downpour.Worker[4];
        InProcessExchange[] ex = new InProcessExchange[4];
        for (int i = 0; i < 4; i++) {
            workers[i] = new Downpour.Worker(0.5f, 16);
            workers[i].init(new float[] {1f});
            ex[i] = new InProcessExchange(master, i);
        }
        Quadratic g = new Quadratic(1f, new float[] {0f});
        boolean blewUp = false;
        outer:
        for (int s = 0; s < 400; s++) {
            for (int i = 0; i < 4; i++) {
                try {
                    workers[i].step(g, ex[i]);
                } catch (NonFiniteUploadException e) {
                    blewUp = true;
                    break outer;
                }
                if (Math.abs(ex[i].center()[0]) > 1e6) {
                    blewUp = true;
                    break outer;
                }
            }
        }
        assertThat(blewUp).isTrue();
    }
}
