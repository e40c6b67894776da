package io.easgd.backend.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded random schedule of faults: the same settings and p give the same faults, bit for bit.
 * Gaps between faults are exponential with mean {@code meanIntervalMs} (a Poisson process), counted
 * from the end of the previous fault so that faults of one plan never overlap while active (they may
 * while the job heals); each kind is drawn uniformly from {@code kinds} (a kind listed twice comes twice
 * as often), each rank uniformly from 0…p−1, each duration uniformly from [min, max] ms.
 */
final class RandomPlan {
    /** What {@code "random": {...}} of a schedule says (docs/api.md, "Fault lab"). */
    record Settings(long seed, int count, long meanIntervalMs, List<FaultKind> kinds, long minDurationMs,
                    long maxDurationMs, String slowRate) {
    }

    private RandomPlan() {
    }

    static List<FaultSpec> draw(Settings s, int workers) {
        SplittableRandom random = new SplittableRandom(s.seed());
        List<FaultSpec> faults = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < s.count(); i++) {
            t += Math.round(-Math.log(1 - random.nextDouble()) * s.meanIntervalMs());
            if (t > FaultRequests.MAX_AT_MS) {
                break;
            }
            FaultKind kind = s.kinds().get(random.nextInt(s.kinds().size()));
            Integer rank = kind.takesRank() ? random.nextInt(Math.max(1, workers)) : null;
            Long duration = kind.takesDuration() ? s.minDurationMs() + random.nextLong(s.maxDurationMs()
                    - s.minDurationMs() + 1) : null;
            faults.add(new FaultSpec(kind, rank, duration, kind.takesRate() ? s.slowRate() : null, t));
            t += duration == null ? 0 : duration;
        }
        return faults;
    }
}
