package io.easgd.backend.sweeps;

import io.easgd.backend.metrics.MetricPoint;
import io.easgd.core.search.SearchSpec;
import java.util.List;
import java.util.Optional;

/**
 * Where a run reached a rung: its first evaluation of the center whose resource is at or past the rung's
 * value — local steps (the evaluation's step), seconds since the run started (its time), or bytes on the
 * wire then ({@link RunResults#bytesAt}, as a sweep's {@code bytesToTarget} counts them).
 */
final class RungReach {
    /** The deciding evaluation and the resource's value at it. */
    record Reached(MetricPoint evaluation, double value) {
    }

    private RungReach() {
    }

    /**
     * @param testErrors the center's {@code test_error} points, in time order
     * @param bytes the job's {@code bytes_up}/{@code bytes_down} points (only read for the resource bytes)
     */
    static Optional<Reached> first(SearchSpec.Resource resource, long at, List<MetricPoint> testErrors,
                                   List<MetricPoint> bytes) {
        for (MetricPoint e : testErrors) {
            double value = switch (resource) {
                case STEPS -> e.step();
                case SECONDS -> e.t() / 1000.0;
                case BYTES -> RunResults.bytesAt(bytes, e.t());
            };
            if (value >= at) {
                return Optional.of(new Reached(e, value));
            }
        }
        return Optional.empty();
    }
}
