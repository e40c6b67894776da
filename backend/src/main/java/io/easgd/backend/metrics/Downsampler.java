package io.easgd.backend.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Thins a time series for a chart without hiding spikes: the time range is cut into equal buckets
 * and each bucket keeps its minimum and its maximum point (in time order), so a one-point spike
 * survives any zoom level; the first and the last point are always kept, so the line spans the
 * same range. Series already short enough are returned as they are.
 */
public final class Downsampler {
    private Downsampler() {
    }

    public static List<MetricPoint> minMax(List<MetricPoint> points, int maxPoints) {
        if (points.size() <= maxPoints || maxPoints < 4) {
            return points;
        }
        int buckets = (maxPoints - 2) / 2;
        long t0 = points.get(0).t();
        long t1 = points.get(points.size() - 1).t();
        double width = Math.max(1.0, (t1 - t0 + 1) / (double) buckets);
        List<MetricPoint> out = new ArrayList<>(maxPoints);
        int i = 0;
        while (i < points.size()) {
            int bucket = (int) Math.min(buckets - 1, (points.get(i).t() - t0) / width);
            MetricPoint min = points.get(i);
            MetricPoint max = points.get(i);
            int j = i + 1;
            while (j < points.size() && (int) Math.min(buckets - 1, (points.get(j).t() - t0) / width) == bucket) {
                MetricPoint p = points.get(j);
                if (p.value() < min.value()) {
                    min = p;
                }
                if (p.value() > max.value()) {
                    max = p;
                }
                j++;
            }
            if (min == max) {
                out.add(min);
            } else if (min.t() < max.t() || (min.t() == max.t() && min.step() <= max.step())) {
                out.add(min);
                out.add(max);
            } else {
                out.add(max);
                out.add(min);
            }
            i = j;
        }
        if (out.get(0) != points.get(0)) {
            out.add(0, points.get(0));
        }
        if (out.get(out.size() - 1) != points.get(points.size() - 1)) {
            out.add(points.get(points.size() - 1));
        }
        return out;
    }
}
