package io.easgd.backend.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownsamplerTest {
    private static List<MetricPoint> series(int n) {
        List<MetricPoint> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            points.add(new MetricPoint(1, "train_loss", 0, i * 10L, i, 1.0 + (i % 7) * 0.01));
        }
        return points;
    }

    @Test
    void keepsAOnePointSpikeAndTheDipAndStaysWithinTheBudget() {
        List<MetricPoint> points = series(10_000);
        points.set(5_123, new MetricPoint(1, "train_loss", 0, 51_230, 5_123, 99.0));
        points.set(8_000, new MetricPoint(1, "train_loss", 0, 80_000, 8_000, -5.0));
        List<MetricPoint> out = Downsampler.minMax(points, 200);
        assertThat(out.size()).isLessThanOrEqualTo(200).isGreaterThan(150);
        assertThat(out).extracting(MetricPoint::value).contains(99.0, -5.0);
        assertThat(out).extracting(MetricPoint::t).isSorted();
        assertThat(out.get(0).t()).isZero();
        assertThat(out.get(out.size() - 1).t()).isEqualTo(99_990);
    }

    @Test
    void shortSeriesAreReturnedAsTheyAre() {
        List<MetricPoint> points = series(50);
        assertThat(Downsampler.minMax(points, 100)).isSameAs(points);
    }
}
