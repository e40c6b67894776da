package io.easgd.backend.paramserver;

import io.easgd.backend.stream.JobStream;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where worker events ({@code JOINED}, {@code LOST}, {@code REPLACED}, …) go: the job's SSE stream
 * (docs/api.md) and the log. A write the database cannot take now is retried ({@link DbRetry}).
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

    void record(JobRun run, WorkerSlot slot, String event, String detail) {
        Map<String, Object> row = slot.view(run.jobId);
        row.put("event", event);
        row.put("detail", detail);
        row.put("at", clock.instant().toString());
        DbRetry.run("recording " + event + " of job " + run.jobId + " rank " + slot.rank,
                () -> tx.executeWithoutResult(s -> stream.append(run.jobId, "worker", row)));
        log.info("job {} rank {}: {} ({})", run.jobId, slot.rank, event, detail);
    }
}
