package io.easgd.backend.paramserver;

import io.easgd.backend.db.Db;
import io.easgd.backend.stream.JobStream;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where worker events ({@code JOINED}, {@code LOST}, {@code REPLACED}, …) and auto-τ changes go:
 * the job's SSE stream (docs/api.md) and the log. An event the database cannot take now waits in
 * the run's {@link Outbox}; the job's lane never waits for the database.
 */
@Component
class WorkerEventLog {
    private static final Logger log = LoggerFactory.getLogger(WorkerEventLog.class);

    private final JobStream stream;
    private final TransactionTemplate tx;
    private final Clock clock;

    WorkerEventLog(JobStream stream, TransactionTemplate tx, Clock clock) {
        this.stream = stream;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Records an event; never blocks on and never throws for an unreachable database: the event then
     * waits in the run's outbox, in order, and {@link MetricFlusher} writes it when it can.
     */
    void record(JobRun run, WorkerSlot slot, String event, String detail) {
        Map<String, Object> row = slot.view(run.jobId);
        row.put("event", event);
        row.put("detail", detail);
        row.put("at", clock.instant().toString());
        log.info("job {} rank {}: {} ({})", run.jobId, slot.rank, event, detail);
        append(run, "worker", row, event);
    }

    /**
     * A straggler transition ({@code straggler} event: rank, agentName, state SLOW or RECOVERED,
     * stepsPerSecond, peerMedianStepsPerSecond, at), through the outbox like a worker event.
     */
    void recordStraggler(JobRun run, WorkerSlot slot, String state, double stepsPerSecond, double peerMedian) {
        Map<String, Object> row = stragglerRow(slot, state, stepsPerSecond, peerMedian, clock.instant());
        log.info("job {} rank {}: straggler {} ({} steps/s, peers' median {})", run.jobId, slot.rank, state,
                row.get("stepsPerSecond"), row.get("peerMedianStepsPerSecond"));
        append(run, "straggler", row, "straggler");
    }

    /** The data of a {@code straggler} event, exactly these fields (docs/api.md). */
    static Map<String, Object> stragglerRow(WorkerSlot slot, String state, double stepsPerSecond, double peerMedian,
                                            java.time.Instant at) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("rank", slot.rank);
        row.put("agentName", slot.agentName());
        row.put("state", state);
        row.put("stepsPerSecond", round1(stepsPerSecond));
        row.put("peerMedianStepsPerSecond", round1(peerMedian));
        row.put("at", at.toString());
        return row;
    }

    /** One decimal, as the worker row shows rates; 0 for a rate that is not known (NaN is no JSON number). */
    private static double round1(double x) {
        return Double.isFinite(x) ? Math.round(x * 10) / 10.0 : 0;
    }

    /** An auto-τ change ({@code tau} event: jobId, from, to, reason, step, t, at), like a worker event. */
    void recordTau(JobRun run, Map<String, Object> row) {
        append(run, "tau", row, "tau");
    }

    private void append(JobRun run, String event, Map<String, Object> row, String what) {
        if (run.outbox.hasWaiting()) {
            run.outbox.add(event, row);               // behind the ones already waiting: order is kept
            return;
        }
        try {
            tx.executeWithoutResult(s -> stream.append(run.jobId, event, row));
        } catch (RuntimeException e) {
            if (!Db.isUnavailable(e)) {
                throw e;
            }
            log.warn("job {}: the database is unreachable; the {} event waits to be written", run.jobId, what);
            run.outbox.add(event, row);
        }
    }

    /** Writes the run's waiting events, oldest first; on failure they stay for the next try. */
    void flushOutbox(JobRun run) {
        java.util.List<Outbox.Entry> rows = run.outbox.drain();
        if (rows.isEmpty()) {
            return;
        }
        try {
            tx.executeWithoutResult(s -> rows.forEach(r -> stream.append(run.jobId, r.event(), r.row())));
        } catch (RuntimeException e) {
            run.outbox.putBack(rows);
            throw e;
        }
    }
}
