package io.easgd.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class EasgdTest {
    private static final Offset<Float> EPS = within(1e-6f);

    @Test
    void masterMovesTheCenterByAlphaTimesTheDifferenceAndRepliesWithThatMove() {
        Easgd.Master master = new Easgd.Master(0.25f);
        master.init(new float[] {1f, -2f, 0f});
        float[] down = new float[3];

        double distance = master.exchange(0, new float[] {3f, 2f, 0f}, down);

        assertThat(down).containsExactly(new float[] {0.5f, 1f, 0f}, EPS);   // e = α(x − x̃)
        float[] c = new float[3];
        master.copyCenter(c);
        assertThat(c).containsExactly(new float[] {1.5f, -1f, 0f}, EPS);     // x̃ + e
        assertThat(distance).isCloseTo(Math.sqrt(4 + 16), within(1e-9));      // ‖x − x̃‖ before the move
        assertThat(master.updates()).isEqualTo(1);
    }

    @Test
    void workerFollowsAlgorithmOneByHand() {
        // f(x) = x²/2, g(x) = x; x̃ = (1, 2); α = 0.5, η = 0.1, τ = 2
        Easgd.Master master = new Easgd.Master(0.5f);
        master.init(new float[] {1f, 2f});
        InProcessExchange ex = new InProcessExchange(master, 0);
        Quadratic g = Quadratic.unit(2);
        Easgd.Worker w = new Easgd.Worker(0.1f, 2);
        w.init(new float[] {1f, 2f});

        w.step(g, ex);                         // t=0: exchange (e = 0), x = (1,2) − 0.1(1,2)
        assertThat(w.params()).containsExactly(new float[] {0.9f, 1.8f}, EPS);
        w.step(g, ex);                         // t=1: no exchange
        assertThat(w.params()).containsExactly(new float[] {0.81f, 1.62f}, EPS);
        assertThat(ex.uploads).hasSize(1);

        w.step(g, ex);                         // t=2: exchange, gradient at the pre-elastic point
        // e = 0.5((0.81, 1.62) − (1, 2)) = (−0.095, −0.19); x̃ = (0.905, 1.81)
        assertThat(ex.center()).containsExactly(new float[] {0.905f, 1.81f}, EPS);
        // x = (0.81,1.62) − e − 0.1·(0.81,1.62) = (0.824, 1.648)
        assertThat(w.params()).containsExactly(new float[] {0.824f, 1.648f}, EPS);
        assertThat(g.points.get(2)).containsExactly(new float[] {0.81f, 1.62f}, EPS);
        assertThat(ex.uploads).hasSize(2);
        assertThat(w.steps()).isEqualTo(3);
    }

    @Test
    void exchangesExactlyWhenStepIsAMultipleOfTau() {
        Easgd.Master master = new Easgd.Master(0.1f);
        master.init(new float[] {0f});
        InProcessExchange ex = new InProcessExchange(master, 0);
        Easgd.Worker w = new Easgd.Worker(0.01f, 4);
        w.init(new float[] {0f});
        for (int i = 0; i < 13; i++) {
            w.step(Quadratic.unit(1), ex);
        }
        assertThat(ex.uploads).hasSize(4);       // t = 0, 4, 8, 12
        assertThat(master.updates()).isEqualTo(4);
    }

    @Test
    void elasticExchangeConservesTheSumOfWorkerAndCenter() {
        Easgd.Master master = new Easgd.Master(0.3f);
        float[] center = {0.5f, -1.25f, 2f, 7f};
        master.init(center);
        float[] x = {3f, 1f, -2f, 7.5f};
        float[] before = new float[4];
        for (int k = 0; k < 4; k++) {
            before[k] = x[k] + center[k];
        }
        float[] e = new float[4];
        master.exchange(0, x, e);
        float[] c = new float[4];
        master.copyCenter(c);
        for (int k = 0; k < 4; k++) {
            assertThat(x[k] - e[k] + c[k]).as("component %d", k).isCloseTo(before[k], EPS);
        }
    }

    @Test
    void aNonFiniteUploadNeverReachesTheCenter() {
        Easgd.Master master = new Easgd.Master(0.5f);
        master.init(new float[] {1f, 1f});
        assertThatThrownBy(() -> master.exchange(3, new float[] {2f, Float.NaN}, new float[2]))
                .isInstanceOf(NonFiniteUploadException.class)
                .hasMessageContaining("worker 3").hasMessageContaining("index 1");
        float[] c = new float[2];
        master.copyCenter(c);
        assertThat(c).containsExactly(1f, 1f);
        assertThat(master.updates()).isZero();
    }

    @Test
    void convergesToTheOptimumOfANoisyQuadraticWithFourConcurrentWorkers() throws InterruptedException {
        float[] optimum = {3f, -1f, 0.5f, 10f, -4f};
        int p = 4;
        Easgd.Master master = new Easgd.Master(0.9f / p);
        master.init(new float[5]);
        Thread[] threads = new Thread[p];
        for (int i = 0; i < p; i++) {
            int rank = i;
            threads[i] = new Thread(() -> {
                // noise σ = 0.1: each worker's stationary spread is √(ησ²/2h) ≈ 0.016 per coordinate,
                // so a center within 0.15 of the optimum (from 11.4 away) leaves a wide margin
                Quadratic g = new Quadratic(1f, optimum, 0.1f, 100 + rank);
                Easgd.Worker w = new Easgd.Worker(0.05f, 4);
                w.init(new float[5]);
                InProcessExchange ex = new InProcessExchange(master, rank);
                for (int s = 0; s < 4000; s++) {
                    w.step(g, ex);
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        float[] c = new float[5];
        master.copyCenter(c);
        assertThat(Vec.distance(c, optimum)).isLessThan(0.15);
        assertThat(master.updates()).isEqualTo(4L * 1000);
    }
}
