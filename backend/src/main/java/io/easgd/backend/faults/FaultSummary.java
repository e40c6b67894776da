package io.easgd.backend.faults;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A job's faults by kind: how many, how many healed, the median and 95th percentile of the time to heal, what they cost. */
final class FaultSummary {
    /**
     * One kind's figures; the percentiles are nearest-rank over the healed faults (null when none healed),
     * the sums over all of them.
     */
    record ByKind(FaultKind kind, int count, int healed, Long medianHealMs, Long p95HealMs, long stepsLost,
                  long updatesDropped, long resendsDropped) {
    }

    private FaultSummary() {
    }

    static List<ByKind> byKind(List<Fault> faults) {
        Map<FaultKind, List<Fault>> kinds = new EnumMap<>(FaultKind.class);
        for (Fault f : faults) {
            kinds.computeIfAbsent(f.kind(), k -> new ArrayList<>()).add(f);
        }
        List<ByKind> out = new ArrayList<>();
        kinds.forEach((kind, list) -> {
            List<Long> heals = list.stream().filter(f -> f.state() == FaultState.HEALED && f.healMs() != null)
                    .map(Fault::healMs).sorted().toList();
            out.add(new ByKind(kind, list.size(), heals.size(), percentile(heals, 50), percentile(heals, 95),
                    sum(list, Fault::stepsLost), sum(list, Fault::updatesDropped), sum(list, Fault::resendsDropped)));
        });
        return out;
    }

    /** Nearest rank: the smallest value with at least q % of the values at or below it. */
    static Long percentile(List<Long> sorted, int q) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(q / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static long sum(List<Fault> list, java.util.function.Function<Fault, Long> figure) {
        long s = 0;
        for (Fault f : list) {
            Long v = figure.apply(f);
            s += v == null ? 0 : v;
        }
        return s;
    }
}
