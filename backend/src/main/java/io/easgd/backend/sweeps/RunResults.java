package io.easgd.backend.sweeps;

import io.easgd.backend.metrics.MetricPoint;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * What a run's metric points say about it: its best and last test error, when it first reached the
 * target (linear interpolation between the two evaluations around the crossing) and how many bytes
 * had crossed the wire by then. Pure.
 */
public final class RunResults {
    /**
     * @param secondsToTarget seconds since the job started running; null when it never reached the target
     * @param bytesToTarget bytes up and down of all workers at that moment; null when never reached
     * @param lastSeconds the time of the last evaluation since the job started running (virtual for a simulated job)
     */
    public record Derived(Double bestTestError, Double finalTestError, Double secondsToTarget, Long bytesToTarget,
                          Double lastSeconds) {
        public static final Derived NONE = new Derived(null, null, null, null, null);
    }

    private RunResults() {
    }

    /**
     * @param testErrors the {@code test_error} points of the center, any order
     * @param bytesAt total bytes on the wire (up and down, all workers) at a time in ms since running
     */
    public static Derived derive(List<MetricPoint> testErrors, double target, LongUnaryOperator bytesAt) {
        if (testErrors.isEmpty()) {
            return Derived.NONE;
        }
        List<MetricPoint> points = testErrors.stream()
                .sorted(Comparator.comparingLong(MetricPoint::t).thenComparingLong(MetricPoint::step)).toList();
        double best = points.stream().mapToDouble(MetricPoint::value).min().orElseThrow();
        double last = points.get(points.size() - 1).value();
        double lastSeconds = points.get(points.size() - 1).t() / 1000.0;
        for (int i = 0; i < points.size(); i++) {
            MetricPoint p = points.get(i);
            if (p.value() <= target) {
                double tMs = p.t();
                if (i > 0) {
                    MetricPoint before = points.get(i - 1);   // above the target, else we would have stopped there
                    double fraction = (before.value() - target) / (before.value() - p.value());
                    tMs = before.t() + fraction * (p.t() - before.t());
                }
                return new Derived(best, last, tMs / 1000.0, bytesAt.applyAsLong(Math.round(tMs)), lastSeconds);
            }
        }
        return new Derived(best, last, null, null, lastSeconds);
    }

    /**
     * Bytes on the wire at {@code tMs}: for each series ({@code bytes_up}, {@code bytes_down}) and
     * worker, its cumulative count at its last point at or before {@code tMs}; summed. What
     * {@link SweepRepository#bytesAt} computes in SQL.
     */
    public static long bytesAt(List<MetricPoint> bytes, long tMs) {
        Map<String, Double> latest = new HashMap<>();
        for (MetricPoint p : bytes) {
            if (p.t() <= tMs) {
                latest.merge(p.series() + "/" + p.worker(), p.value(), Math::max);
            }
        }
        return Math.round(latest.values().stream().mapToDouble(Double::doubleValue).sum());
    }
}
