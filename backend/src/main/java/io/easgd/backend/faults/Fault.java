package io.easgd.backend.faults;

import java.time.Instant;

/**
 * A fault as the API shows it (docs/api.md, "Fault lab"). {@code healMs} runs from {@code injectedAt} to
 * the first moment every rank of the job has had an upload applied after the fault was over (after
 * {@code undoneAt} for a fault with a duration); {@code stepsLost} sums, over the ranks, how far each
 * fell back from the step it had reached at the fault (work to redo); {@code updatesDropped} counts
 * uploads in flight that were never applied, {@code resendsDropped} copies sent again and answered
 * without being applied a second time.
 */
public record Fault(long id, long jobId, Long scheduleId, FaultKind kind, Integer rank, String agentName, Long durationMs,
                    String rate, FaultState state, Instant dueAt, Instant injectedAt, Instant undoneAt, Instant healedAt,
                    Long healMs, Long stepsLost, Long updatesDropped, Long resendsDropped, String detail) {

    Fault with(FaultState s, String why) {
        return new Fault(id, jobId, scheduleId, kind, rank, agentName, durationMs, rate, s, dueAt, injectedAt, undoneAt,
                healedAt, healMs, stepsLost, updatesDropped, resendsDropped, why != null ? why : detail);
    }

    Fault injected(Instant at, String agent, FaultState s, String what) {
        return new Fault(id, jobId, scheduleId, kind, rank, agent, durationMs, rate, s, dueAt, at, undoneAt, healedAt,
                healMs, stepsLost, updatesDropped, resendsDropped, what);
    }

    Fault undone(Instant at) {
        return new Fault(id, jobId, scheduleId, kind, rank, agentName, durationMs, rate, FaultState.HEALING, dueAt,
                injectedAt, at, healedAt, healMs, stepsLost, updatesDropped, resendsDropped, detail);
    }

    Fault healed(Instant at, long steps, Long dropped, Long resends) {
        return new Fault(id, jobId, scheduleId, kind, rank, agentName, durationMs, rate, FaultState.HEALED, dueAt,
                injectedAt, undoneAt, at, at.toEpochMilli() - injectedAt.toEpochMilli(), steps, dropped, resends, detail);
    }

    /** When the fault is over and the heal starts: its undo for one with a duration, its injection otherwise. */
    Instant over() {
        return undoneAt != null ? undoneAt : injectedAt;
    }
}
