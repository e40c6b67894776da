package io.easgd.backend.paramserver;

import io.easgd.backend.jobs.JobRepository;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.backend.metrics.MetricsRepository;
import io.easgd.backend.stream.JobStream;
import jakarta.annotation.PostConstruct;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes what running jobs produced: worker events that waited for the database, pending metric
 * points and the progress row every 250 ms (only when something changed), and worker rows once a second, on its own thread
 * {@code easgd-flush}. A write that fails (the database is away) keeps the points for the next try.
 */
@Component
class MetricFlusher {
    private static final Logger log = LoggerFactory.getLogger(MetricFlusher.class);
    static final Duration WORKER_ROWS_EVERY = Duration.ofSeconds(1);

    private final Runs runs;
    private final JobRepository jobs;
    private final MetricsRepository metrics;
    private final JobStream stream;
    private final TransactionTemplate tx;
    private final Threads threads;
    private final Clock clock;
    private final WorkerEventLog events;
    private Instant lastWorkerRows = Instant.EPOCH;

    MetricFlusher(Runs runs, JobRepository jobs, MetricsRepository metrics, JobStream stream, TransactionTemplate tx,
                  Threads threads, Clock clock, WorkerEventLog events) {
        this.events = events;
        this.runs = runs;
        this.jobs = jobs;
        this.metrics = metrics;
        this.stream = stream;
        this.tx = tx;
        this.threads = threads;
        this.clock = clock;
    }

    @PostConstruct
    void start() {
        threads.flush.scheduleWithFixedDelay(this::flushAll, RunLifecycle.TICK.toMillis(), RunLifecycle.TICK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void flushAll() {
        Instant now = clock.instant();
        boolean rows = !now.isBefore(lastWorkerRows.plus(WORKER_ROWS_EVERY));
        for (JobRun run : runs.all()) {
            try {
                flush(run);
                if (rows && run.live()) {
                    workerRows(run, now);
                }
            } catch (RuntimeException e) {
                log.warn("writing the metrics of job {}: {}", run.jobId, e.toString());
            }
        }
        if (rows) {
            lastWorkerRows = now;
        }
    }

    /**
     * Writes the run's waiting worker events, its pending points and, if its step moved, its progress
     * row; safe from any thread. What a failed write took is kept for the next flush.
     */
    void flush(JobRun run) {
        events.flushOutbox(run);
        List<MetricPoint> points = run.drain();
        boolean moved = run.stepChanged();
        boolean tauChanged = run.autoTau != null && run.autoTau.takeDirty();
        boolean workersChanged = run.takeWorkersChanged();
        boolean simChanged = run.sim != null && run.sim.takeDirty();
        if (points.isEmpty() && !moved && !tauChanged && !workersChanged && !simChanged) {
            return;
        }
        try {
            tx.executeWithoutResult(s -> {
                metrics.record(run.jobId, points);
                jobs.updateProgress(run.jobId, run.jobStep(),
                        run.sim != null ? run.sim.testError() : run.scores.testError(),
                        run.sim != null ? run.sim.testLoss() : run.scores.testLoss(), run.bytesUp(), run.bytesDown());
                if (simChanged) {
                    jobs.updateSimulation(run.jobId, run.sim.view(run.spec));
                }
                if (tauChanged) {
                    jobs.updateLiveTau(run.jobId, run.autoTau.tau());
                }
                if (workersChanged) {
                    jobs.updateLiveWorkers(run.jobId, run.workers());
                }
            });
        } catch (RuntimeException e) {
            points.forEach(run::add);                // kept for the next flush, not lost
            run.forgetFlushedStep();
            if (tauChanged) {
                run.autoTau.markDirty();
            }
            if (workersChanged) {
                run.markWorkersChanged();
            }
            if (simChanged) {
                run.sim.markDirty();
            }
            throw e;
        }
        long dropped = run.takeDroppedPoints();
        if (dropped > 0) {
            log.warn("job {}: {} metric points were dropped while the database was away (more than {} waited)",
                    run.jobId, dropped, JobRun.MAX_PENDING_POINTS);
        }
        stream.jobChanged(run.jobId);
    }

    private void workerRows(JobRun run, Instant now) {
        tx.executeWithoutResult(s -> {
            for (WorkerSlot slot : run.slots) {
                if (!slot.counted()) {
                    continue;                              // a vacant rank of a worker range
                }
                Map<String, Object> row = slot.view(run.jobId);
                row.put("at", now.toString());
                stream.append(run.jobId, "worker", row);
            }
        });
    }
}
