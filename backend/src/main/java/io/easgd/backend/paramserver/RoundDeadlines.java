package io.easgd.backend.paramserver;

import io.easgd.core.rules.RoundMaster;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The round deadline of a synchronous job ({@code "roundDeadlineMs"}, docs/algorithms.md "Round
 * deadline"): on each tick of the job's lane, closes the master's current round when its first
 * upload is older than the deadline ({@link RoundMaster#closeRoundIfOlderThan}) — the round is then
 * computed over the ranks that arrived and only they are answered, on the lane's thread — and
 * records a {@code ROUND_DEADLINE} worker event for each training rank it went without. A rank that
 * is lost, finished or vacant gets none: its absence has an event of its own. The master decides
 * and writes; this class only asks it on time and tells the stream.
 */
@Component
class RoundDeadlines {
    private final WorkerEventLog eventLog;

    RoundDeadlines(WorkerEventLog eventLog) {
        this.eventLog = eventLog;
    }

    /** On the job's lane, each tick of a live run: closes the round if it is due. Returns whether it did. */
    boolean check(JobRun run) {
        Integer deadlineMs = run.spec.roundDeadlineMs();
        if (deadlineMs == null || !(run.master instanceof RoundMaster sync)) {
            return false;
        }
        RoundMaster.ClosedRound closed = sync.closeRoundIfOlderThan(deadlineMs * 1_000_000L).orElse(null);
        if (closed == null) {
            return false;
        }
        String took = Arrays.stream(closed.arrived()).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        for (int rank : closed.missing()) {
            WorkerSlot slot = run.slots[rank];
            if (slot.isTraining()) {
                eventLog.record(run, slot, "ROUND_DEADLINE", "round " + closed.round() + " closed after its "
                        + deadlineMs + " ms deadline without rank " + rank + ", over ranks " + took + " ("
                        + closed.arrived().length + " of " + run.slots.length + "); its upload counts in the round "
                        + "open when it arrives");
            }
        }
        return true;
    }
}
