package io.easgd.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SyncEasgdTest {

    @Test
    void aRoundUsesOldValuesOnBothSidesAndMovesTheCenterByBetaTimesTheMeanGap() throws Exception {
        // p = 2, α = 0.25, β = 0.5; x̃ = 0; x_1 = 4, x_2 = 8
        SyncEasgd.Master master = new SyncEasgd.Master(0.25f, 2);
        master.init(new float[] {0f});
        float[] d0 = new float[1];
        float[] d1 = new float[1];
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> master.exchange(0, new float[] {4f}, d0));
        Thread.onSpinWait();
        assertThat(master.rounds()).isZero();                 // worker 0 waits at the barrier
        master.exchange(1, new float[] {8f}, d1);
        first.get(10, TimeUnit.SECONDS);

        assertThat(d0[0]).isEqualTo(1f);                       // α(4 − 0)
        assertThat(d1[0]).isEqualTo(2f);                       // α(8 − 0), not against a moved center
        float[] c = new float[1];
        master.copyCenter(c);
        assertThat(c[0]).isCloseTo(0.5f * (6f - 0f), within(1e-6f));   // x̃ + β(mean − x̃)
        assertThat(master.rounds()).isEqualTo(1);
    }

    @Test
    void closingWakesAWorkerWhoseRoundWillNeverComplete() throws Exception {
        SyncEasgd.Master master = new SyncEasgd.Master(0.25f, 2);
        master.init(new float[] {0f});
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> master.exchange(0, new float[] {4f}, new float[1]));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getState() == Thread.State.WAITING
                        && java.util.Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().contains("SyncEasgd"))));
        master.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("the job ended");
        assertThat(master.rounds()).isZero();
    }

    @Test
    void workersStayInLockstepOverManyRounds() throws Exception {
        int p = 3;
        SyncEasgd.Master master = new SyncEasgd.Master(0.3f, p);
        master.init(new float[] {0f, 0f});
        float[] optimum = {1f, -1f};
        CompletableFuture<?>[] runs = new CompletableFuture<?>[p];
        for (int i = 0; i < p; i++) {
            int rank = i;
            runs[i] = CompletableFuture.runAsync(() -> {
                Easgd.Worker w = new Easgd.Worker(0.1f, 5);
                w.init(new float[] {0f, 0f});
                InProcessExchange ex = new InProcessExchange(master, rank);
                Quadratic g = new Quadratic(1f, optimum, 0.1f, rank);
                for (int s = 0; s < 500; s++) {
                    w.step(g, ex);
                }
            });
        }
        CompletableFuture.allOf(runs).get(60, TimeUnit.SECONDS);
        assertThat(master.rounds()).isEqualTo(100);
        float[] c = new float[2];
        master.copyCenter(c);
        assertThat(Vec.distance(c, optimum)).isLessThan(0.1);
    }
}
