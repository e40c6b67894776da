package io.easgd.backend.paramserver;

import io.easgd.backend.agents.AgentSession;
import io.easgd.backend.jobs.JobState;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.core.protocol.ToServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A simulated job's results, as its one agent streams them ({@code simStarted}, {@code simProgress},
 * {@code simEnded}): the settings the run uses go to the job's row, every point becomes a metric of
 * the series a real job has (t in VIRTUAL milliseconds), and the end ends the run ({@link RunLifecycle#end}).
 * Only the agent holding the job's rank is heard; everything happens on the job's lane.
 */
@Component
class SimResults {
    private static final Logger log = LoggerFactory.getLogger(SimResults.class);

    private final Runs runs;
    private final RunLifecycle lifecycle;

    SimResults(Runs runs, RunLifecycle lifecycle) {
        this.runs = runs;
        this.lifecycle = lifecycle;
    }

    /** Whether {@code message} is one of a simulated job's. */
    static boolean handles(ToServer message) {
        return message instanceof ToServer.SimStarted || message instanceof ToServer.SimProgress
                || message instanceof ToServer.SimEnded;
    }

    void onMessage(AgentSession agent, ToServer message) {
        long jobId;
        int rank;
        if (message instanceof ToServer.SimStarted s) {
            jobId = s.jobId();
            rank = s.rank();
        } else if (message instanceof ToServer.SimProgress p) {
            jobId = p.jobId();
            rank = p.rank();
        } else if (message instanceof ToServer.SimEnded e) {
            jobId = e.jobId();
            rank = e.rank();
        } else {
            return;
        }
        runs.live(jobId).ifPresentOrElse(run -> run.lane.execute(() -> {
            WorkerSlot slot = run.slot(rank);
            if (run.sim == null || slot == null || !agent.id().equals(slot.agentId()) || run.phase.ending()) {
                log.debug("ignoring {} of job {} from {}: not its simulating agent", message.getClass().getSimpleName(),
                        jobId, agent.id());
                return;
            }
            if (message instanceof ToServer.SimStarted s) {
                run.sim.started(s);
            } else if (message instanceof ToServer.SimProgress p) {
                progress(run, p);
            } else if (message instanceof ToServer.SimEnded e) {
                ended(run, e);
            }
        }), () -> log.debug("ignoring {} of job {}: it does not run here", message.getClass().getSimpleName(), jobId));
    }

    /** Virtual seconds as a metric point's t (milliseconds). */
    static long millis(double virtualSeconds) {
        return Math.round(virtualSeconds * 1000.0);
    }

    private void progress(JobRun run, ToServer.SimProgress p) {
        long id = run.jobId;
        for (ToServer.SimEval e : p.evaluations()) {
            long t = millis(e.t());
            run.add(new MetricPoint(id, "test_error", null, t, e.step(), e.testError()));
            run.add(new MetricPoint(id, "test_loss", null, t, e.step(), e.testLoss()));
            run.sim.scored(e.testError(), e.testLoss());
        }
        for (ToServer.SimExchange x : p.exchanges()) {
            long t = millis(x.t());
            long[] cumulative = run.sim.exchanged(x.worker(), x.bytesUp(), x.bytesDown());
            run.add(new MetricPoint(id, "staleness", x.worker(), t, x.step(), x.staleness()));
            run.add(new MetricPoint(id, "bytes_up", x.worker(), t, x.step(), cumulative[0]));
            run.add(new MetricPoint(id, "bytes_down", x.worker(), t, x.step(), cumulative[1]));
            run.add(new MetricPoint(id, "exchange_ms", x.worker(), t, x.step(), x.exchangeMs()));
        }
        for (ToServer.SimLoss l : p.losses()) {
            run.add(new MetricPoint(id, "train_loss", l.worker(), millis(l.t()), l.step(), l.loss()));
        }
        run.sim.advanced(p.virtualSeconds(), p.steps());
    }

    private void ended(JobRun run, ToServer.SimEnded e) {
        run.sim.ended(e);
        String where = " (virtual time " + String.format(java.util.Locale.ROOT, "%.3f", e.virtualSeconds()) + " s, "
                + e.steps() + " steps, " + e.exchanges() + " exchanges)";
        if (e.outcome() == ToServer.SimOutcome.COMPLETED) {
            lifecycle.end(run, JobState.COMPLETED, "simulated: " + e.reason() + where);
        } else {
            lifecycle.end(run, JobState.FAILED, "simulated run diverged: " + e.reason() + where);
        }
    }
}
