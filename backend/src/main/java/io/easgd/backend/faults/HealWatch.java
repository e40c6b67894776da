package io.easgd.backend.faults;

import io.easgd.backend.paramserver.LiveRanks;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Times one fault's heal from what the job's ranks show ({@link LiveRanks}): it is healed at the first
 * look where the job runs and every counted rank is held by a training agent whose last applied upload
 * came after the fault was over. On the way it keeps the lowest step each rank fell back to, for the work
 * lost. Pure: it is given every look and decides from them alone.
 *
 * <p>Work lost, per rank, in job steps (counted from the job's start, whatever run the job is in): how far
 * it fell back from the step it had reached at the fault — the further of its last progress report and its
 * last applied upload — to the lowest step it was seen at afterwards (a backend resumed from its checkpoint,
 * a synchronous rank resumed from its last round); or, when it did not fall back but was lost meanwhile (its
 * agent killed, or cut off past the grace period), the steps its old agent had reported since its last
 * applied upload — computed and never sent. Summed over the ranks. Steps an agent made after the fault's
 * look and never reported are not seen, so not counted (docs/operations.md, "Fault lab").
 */
final class HealWatch {
    /**
     * A rank at the fault: its holder, its step, the step of its last applied upload, and the counters the
     * heal is measured against.
     */
    record RankBefore(int rank, String agentId, long step, long lastAppliedStep, long resendsDropped,
                      long uploadsDropped) {
    }

    /** The job at the fault: its run (counters restart with a new one) and ranks. */
    record Before(Instant runStartedAt, List<RankBefore> ranks) {
        static Before of(LiveRanks.Job job) {
            return new Before(job.runStartedAt(), job.ranks().stream().map(r -> new RankBefore(r.rank(), r.agentId(),
                    r.step(), r.lastAppliedStep(), r.resendsDropped(), r.uploadsDropped())).toList());
        }
    }

    /** What a heal cost. */
    record Cost(long stepsLost, long uploadsDropped, long resendsDropped) {
    }

    private final Before before;
    private final Map<Integer, Long> lowest = new HashMap<>();
    private final java.util.Set<Integer> wasLost = new java.util.HashSet<>();

    HealWatch(Before before) {
        this.before = before;
    }

    Before before() {
        return before;
    }

    /** Takes one look at the job; returns the cost once it has healed from a fault over at {@code over}, else null. */
    Cost look(LiveRanks.Job job, Instant over) {
        if (job == null) {
            return null;
        }
        for (LiveRanks.Rank r : job.ranks()) {
            if (r.agentId() != null) {
                lowest.merge(r.rank(), Math.max(r.step(), r.lastAppliedStep()), Math::min);
            }
            if (r.agentId() == null || "LOST".equals(r.state())) {
                wasLost.add(r.rank());
            }
        }
        if (!job.running() || job.ranks().isEmpty()) {
            return null;
        }
        for (LiveRanks.Rank r : job.ranks()) {
            if (!r.live() || r.lastExchangeAt() == null || !r.lastExchangeAt().isAfter(over)) {
                return null;
            }
        }
        return cost(job);
    }

    private Cost cost(LiveRanks.Job job) {
        long lost = 0;
        for (RankBefore b : before.ranks()) {
            long reached = Math.max(b.step(), b.lastAppliedStep());
            long fellBack = Math.max(0, reached - lowest.getOrDefault(b.rank(), reached));
            LiveRanks.Rank now = job.ranks().stream().filter(r -> r.rank() == b.rank()).findFirst().orElse(null);
            boolean newHolder = wasLost.contains(b.rank())
                    || now != null && b.agentId() != null && !b.agentId().equals(now.agentId());
            lost += fellBack > 0 || !newHolder || b.lastAppliedStep() < 0 ? fellBack
                    : Math.max(0, b.step() - b.lastAppliedStep());
        }
        boolean sameRun = before.runStartedAt() != null && before.runStartedAt().equals(job.runStartedAt());
        long dropped = 0;
        long resends = 0;
        for (LiveRanks.Rank r : job.ranks()) {
            RankBefore b = sameRun ? before.ranks().stream().filter(x -> x.rank() == r.rank()).findFirst().orElse(null)
                    : null;
            dropped += r.uploadsDropped() - (b == null ? 0 : b.uploadsDropped());
            resends += r.resendsDropped() - (b == null ? 0 : b.resendsDropped());
        }
        return new Cost(lost, Math.max(0, dropped), Math.max(0, resends));
    }
}
