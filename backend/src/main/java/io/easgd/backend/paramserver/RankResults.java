package io.easgd.backend.paramserver;

import io.easgd.backend.jobs.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What each rank of a run did — steps, how it ended, who held it — and the sentence that sums it up. */
final class RankResults {
    private RankResults() {
    }

    static List<Job.RankResult> of(JobRun run) {
        List<Job.RankResult> out = new ArrayList<>();
        for (WorkerSlot s : run.slots) {
            if (s.neverHeld()) {
                continue;                                  // a rank of a worker range no agent ever held
            }
            out.add(new Job.RankResult(s.rank, run.startStep + s.step(), s.stateName(), s.holders(),
                    s.replacements(), s.exchange.exchanges(), s.exchange.duplicates()));
        }
        return out;
    }

    /**
     * Why a run whose ranks are all done completed: "reached 2000 steps per worker" only when every
     * rank did (a retired rank of a worker range does not count); otherwise which ranks finished and which were lost, at which step.
     */
    static String reason(JobRun run) {
        Long max = run.spec.stop().maxSteps();
        List<String> finished = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        for (WorkerSlot s : run.slots) {
            long step = run.startStep + s.step();
            if (s.isFinished()) {
                finished.add(String.valueOf(s.rank));
            } else if (s.isVacant()) {
                continue;                                  // a worker range: retired or never used, not lost
            } else {
                lost.add(String.format(Locale.ROOT, "rank %d was lost at step %d and not replaced", s.rank, step));
            }
        }
        if (lost.isEmpty()) {
            return "reached " + max + " steps per worker";
        }
        return (finished.size() == 1 ? "rank " : "ranks ") + String.join(", ", finished) + " reached " + max
                + " steps; " + String.join("; ", lost);
    }
}
