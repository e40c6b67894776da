package io.easgd.backend.sweeps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.easgd.backend.metrics.MetricPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunResultsTest {
    private static MetricPoint err(long t, double v) {
        return new MetricPoint(1, "test_error", null, t, t / 10, v);
    }

    private static MetricPoint bytes(String series, int worker, long t, double v) {
        return new MetricPoint(1, series, worker, t, t / 10, v);
    }

    /** Two workers, up and down, 1000 bytes each way per 1000 ms each. */
    private static final List<MetricPoint> WIRE = List.of(
            bytes("bytes_up", 0, 1000, 1000), bytes("bytes_up", 0, 2000, 2000), bytes("bytes_up", 0, 3000, 3000),
            bytes("bytes_down", 0, 1000, 1000), bytes("bytes_down", 0, 2000, 2000), bytes("bytes_down", 0, 3000, 3000),
            bytes("bytes_up", 1, 1500, 1000), bytes("bytes_up", 1, 2500, 2000),
            bytes("bytes_down", 1, 1500, 1000), bytes("bytes_down", 1, 2500, 2000));

    @Test
    void bytesAtSumsEachWorkersLastCumulativeCountUpAndDown() {
        assertThat(RunResults.bytesAt(WIRE, 999)).isZero();
        assertThat(RunResults.bytesAt(WIRE, 1000)).isEqualTo(2000);
        assertThat(RunResults.bytesAt(WIRE, 2400)).isEqualTo(2 * 2000 + 2 * 1000);
        assertThat(RunResults.bytesAt(WIRE, 10_000)).isEqualTo(2 * 3000 + 2 * 2000);
    }

    @Test
    void timeToTargetIsInterpolatedBetweenTheEvaluationsAroundTheCrossing() {
        // 0.10 at 1 s, 0.05 at 2 s, 0.02 at 3 s: 0.03 is crossed two thirds of the way from 2 s to 3 s
        List<MetricPoint> errors = List.of(err(3000, 0.02), err(1000, 0.10), err(2000, 0.05), err(4000, 0.025));
        RunResults.Derived d = RunResults.derive(errors, 0.03, t -> RunResults.bytesAt(WIRE, t));
        assertThat(d.bestTestError()).isEqualTo(0.02);
        assertThat(d.finalTestError()).isEqualTo(0.025);
        assertThat(d.secondsToTarget()).isCloseTo(2.6667, within(1e-4));
        assertThat(d.bytesToTarget()).isEqualTo(2 * 2000 + 2 * 2000);     // at 2667 ms
    }

    @Test
    void reachedAtTheFirstEvaluationOrNever() {
        RunResults.Derived first = RunResults.derive(List.of(err(1500, 0.01)), 0.03, t -> RunResults.bytesAt(WIRE, t));
        assertThat(first.secondsToTarget()).isEqualTo(1.5);
        assertThat(first.bytesToTarget()).isEqualTo(2000 + 2000);
        assertThat(RunResults.derive(List.of(err(1000, 0.5), err(2000, 0.04)), 0.03, t -> 0))
                .isEqualTo(new RunResults.Derived(0.04, 0.04, null, null, 2.0));
        assertThat(RunResults.derive(List.of(), 0.03, t -> 0)).isEqualTo(RunResults.Derived.NONE);
    }
}
