package io.easgd.backend.sweeps;

import io.easgd.core.search.SearchSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a run reached a rung: its first evaluation of the center whose resource is at or past the rung's
 * value — local steps (the evaluation's step), seconds since the run started (its time), or bytes on the
 * wire then (per series and worker the cumulative count at its last point at or before that time, summed).
 */
final class RungReach {
    /** The deciding evaluation and the resource's value at it. */
    record Reached(RungRepository.Evaluation evaluation, double value) {
    }

    private RungReach() {
    }

    static Optional<Reached> first(SearchSpec.Resource resource, long at, List<RungRepository.Evaluation> evaluations,
                                   List<RungRepository.BytesPoint> bytes) {
        Map<String, Double> latest = new HashMap<>();
        int b = 0;
        for (RungRepository.Evaluation e : evaluations) {
            double value = switch (resource) {
                case STEPS -> e.step();
                case SECONDS -> e.tMs() / 1000.0;
                case BYTES -> {
                    while (b < bytes.size() && bytes.get(b).tMs() <= e.tMs()) {
                        RungRepository.BytesPoint p = bytes.get(b++);
                        latest.merge(p.series() + "/" + p.worker(), p.value(), Math::max);
                    }
                    yield latest.values().stream().mapToDouble(Double::doubleValue).sum();
                }
            };
            if (value >= at) {
                return Optional.of(new Reached(e, value));
            }
        }
        return Optional.empty();
    }
}
