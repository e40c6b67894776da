package io.easgd.backend.bench.platform;

import java.util.List;

/**
 * A test-error curve: points {seconds since the start of training, test error} in time order, as
 * seen by evaluations (no interpolation between them).
 */
record Curve(String label, List<double[]> points) {
    /** Seconds at the first evaluation with error ≤ {@code target}; NaN when never reached. */
    double timeTo(double target) {
        for (double[] p : points) {
            if (p[1] <= target) {
                return p[0];
            }
        }
        return Double.NaN;
    }

    double[] seconds() {
        return points.stream().mapToDouble(p -> p[0]).toArray();
    }

    double[] errors() {
        return points.stream().mapToDouble(p -> p[1]).toArray();
    }
}
