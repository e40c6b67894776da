package io.easgd.backend.paramserver;

import io.easgd.backend.agents.AgentSession;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.core.rules.Easgd;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Elastic worker counts ({@code "workers": {"min": m, "max": n}}) on the parameter server: a job
 * runs with p workers, min ≤ p ≤ max, and p changes while it runs. This class decides and applies
 * what a change of p means; the slots themselves are changed by {@link WorkerSupervisor}, their
 * owner, which asks it:
 * <ul>
 *   <li>Grow: {@link #offer} gives idle agents, which the queue does not need, to running range jobs
 *       below max (through {@link WorkerSupervisor#admit}); each takes the rank {@link #rankToAdmit}
 *       names, the lowest vacant one, and starts from the join point x̃ at the job's step, like a
 *       replacement ({@code ADMITTED}).</li>
 *   <li>Shrink: a rank whose agent is lost (disconnected, crashed, left, faulted) while p &gt; min
 *       is retired at once instead of waiting for a replacement ({@link #mayRetire}, {@code
 *       RETIRED}); at p = min the lost rank waits for a replacement as in a fixed job.</li>
 * </ul>
 * Each change ({@link #changed}) sets the EASGD/EAMSGD master's α to β/p (the DOWNPOUR family has no
 * α), is a worker event ("worker 2 joined: p 2 → 3, α 0.45 → 0.3"), a point of the {@code workers}
 * series and the job row's {@code live_workers}.
 */
@Component
class ElasticWorkers {
    private static final Logger log = LoggerFactory.getLogger(ElasticWorkers.class);
    /** How long the scheduler waits for a job's lane to take an offered agent. */
    static final long OFFER_WAIT_SECONDS = 5;

    private final Runs runs;
    private final WorkerEventLog eventLog;
    private final Clock clock;

    ElasticWorkers(Runs runs, WorkerEventLog eventLog, Clock clock) {
        this.runs = runs;
        this.eventLog = eventLog;
        this.clock = clock;
    }

    /** Training started: the first point of the {@code workers} series, and α for the starting p. */
    @EventListener
    void onAllReady(RunEvents.AllReady e) {
        JobRun run = e.run();
        if (run.spec.elasticWorkers()) {
            int p = run.workers();
            setAlpha(run, p);
            run.add(new MetricPoint(run.jobId, "workers", null, 0, run.jobStep(), p));
        }
    }

    /**
     * Gives idle agents to running range jobs below their max, oldest job first, one rank each in
     * turn; on the caller's thread, waiting for each job's lane, where {@code admit} (the slots'
     * owner) takes the agent or not. The caller offers only agents that no queued job can use now
     * (queued jobs come first: {@link Scheduler}). Returns how many were admitted.
     */
    int offer(List<AgentSession> idle, BiPredicate<JobRun, AgentSession> admit) {
        Deque<AgentSession> free = new ArrayDeque<>(idle);
        int admitted = 0;
        boolean progress = true;
        while (!free.isEmpty() && progress) {
            progress = false;
            for (JobRun run : runs.all().stream().sorted((a, b) -> Long.compare(a.jobId, b.jobId)).toList()) {
                if (free.isEmpty()) {
                    break;
                }
                if (!run.spec.elasticWorkers() || !run.live() || run.workers() >= run.spec.maxWorkers()) {
                    continue;
                }
                AgentSession agent = free.peekFirst();
                Boolean took = onLane(run, () -> admit.test(run, agent));
                if (Boolean.TRUE.equals(took)) {
                    free.pollFirst();
                    admitted++;
                    progress = true;
                }
            }
        }
        return admitted;
    }

    private static Boolean onLane(JobRun run, java.util.function.Supplier<Boolean> task) {
        try {
            return CompletableFuture.supplyAsync(task, run.lane).get(OFFER_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.warn("job {}: offering an agent: {}", run.jobId, e.toString());
            return false;
        }
    }

    /**
     * The rank an idle agent may join as now: the lowest vacant one, when the job may grow —
     * running, p below max, no rank waiting for a replacement (a replacement comes first) and the
     * agent still open and idle. Null when it may not.
     */
    WorkerSlot rankToAdmit(JobRun run, AgentSession agent) {
        if (!run.spec.elasticWorkers() || !run.live() || !agent.isOpen() || agent.jobId() != null) {
            return null;
        }
        if (Arrays.stream(run.slots).anyMatch(WorkerSlot::isLost)) {
            return null;
        }
        return Arrays.stream(run.slots).filter(WorkerSlot::isVacant).findFirst().orElse(null);   // null: p = max
    }

    /** A rank of a running range job lost its agent: retired when p &gt; min, else it waits for a replacement. */
    boolean mayRetire(JobRun run, WorkerSlot slot) {
        return run.spec.elasticWorkers() && run.phase.running() && slot.counted() && run.workers() > run.spec.workers();
    }

    /**
     * p changed from {@code from} to {@code to} with {@code slot} ({@code ADMITTED} or {@code RETIRED}):
     * α, the {@code workers} series, the job row's {@code live_workers} and the event. On the job's lane.
     */
    void changed(JobRun run, WorkerSlot slot, String event, String what, int from, int to) {
        double alphaFrom = run.spec.alphaAt(from);
        boolean alpha = setAlpha(run, to);
        String detail = what + ": p " + from + " → " + to + (alpha ? ", α " + fmt(alphaFrom) + " → "
                + fmt(run.spec.alphaAt(to)) : "");
        long t = run.millis(clock.instant());
        run.add(new MetricPoint(run.jobId, "workers", null, t, run.jobStep(), to));
        run.markWorkersChanged();
        eventLog.record(run, slot, event, detail);
    }

    /** α = β/p on a master that has one (EASGD, EAMSGD); false for the DOWNPOUR family. */
    private static boolean setAlpha(JobRun run, int p) {
        if (run.master instanceof Easgd.Master m && p >= 1) {
            m.alpha((float) run.spec.alphaAt(p));
            return true;
        }
        return false;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }
}
