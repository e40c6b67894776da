package io.easgd.backend.bench.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The simcheck's costs from a real job's exchanges and its staleness distance, on hand-worked numbers. */
class SimCheckTimingTest {

    @Test
    void stepJitterAndStartUpFromTheRounds() {
        // τ = 2, exchanges of 4 ms. Worker 0 replies at 110, 130, 156 ms (steps 2, 4, 6): rounds of compute
        // 130-110-4 = 16 and 156-130-4 = 22 ms. Worker 1 at 112, 132, 152: 16 and 16 ms.
        Map<Integer, TreeMap<Long, Long>> replies = Map.of(
                0, new TreeMap<>(Map.of(2L, 110L, 4L, 130L, 6L, 156L)),
                1, new TreeMap<>(Map.of(2L, 112L, 4L, 132L, 6L, 152L)));
        Map<Integer, TreeMap<Long, Double>> latency = Map.of(
                0, new TreeMap<>(Map.of(2L, 4.0, 4L, 4.0, 6L, 4.0)),
                1, new TreeMap<>(Map.of(2L, 4.0, 4L, 4.0, 6L, 4.0)));
        SimCheckBenchmark.Timing t = SimCheckBenchmark.Timing.of(replies, latency, 2, 4.0);

        // mean round (16 + 22 + 16 + 16) / 4 = 17.5 ms over τ = 2 steps
        assertThat(t.stepMs()).isCloseTo(8.75, within(1e-12));
        // across workers: round 1 (16, 16) variance 0, round 2 (22, 16) variance 18 -> 9 on average = τ σ²,
        // σ = sqrt(4.5) ms, cv = σ / 8.75
        assertThat(t.jitter()).isCloseTo(Math.sqrt(4.5) / 8.75, within(1e-12));
        // first replies at 110 and 112 ms after 2 steps (17.5 ms) and one exchange (4 ms): 88.5, 90.5 -> 89.5 ms
        assertThat(t.startupSeconds()).isCloseTo(0.0895, within(1e-12));
    }

    @Test
    void totalVariationIsHalfTheL1DistanceOfTheNormalisedHistograms() {
        TreeMap<Long, Integer> real = new TreeMap<>(Map.of(0L, 1, 1L, 8, 2L, 1));   // 0.1 0.8 0.1
        TreeMap<Long, Integer> sim = new TreeMap<>(Map.of(1L, 3, 3L, 1));          // 0   0.75 0 0.25
        assertThat(SimCheckBenchmark.totalVariation(real, sim)).isCloseTo((0.1 + 0.05 + 0.1 + 0.25) / 2, within(1e-12));
        assertThat(SimCheckBenchmark.totalVariation(real, real)).isZero();
    }
}
