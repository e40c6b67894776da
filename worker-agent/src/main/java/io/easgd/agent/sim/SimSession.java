package io.easgd.agent.sim;

import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.sim.VirtualCluster;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.training.JobModel;
import io.easgd.core.training.RunReport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated job ({@code spec.simulate}) on this agent: resolves the step time (measured on this
 * machine from the job's own model when the spec says {@code "measured"}), says so
 * ({@code simStarted}), runs the {@link VirtualCluster} and streams what it produces
 * ({@code simProgress}, in virtual seconds) and its end ({@code simEnded}). One thread, the job's;
 * {@link #requestStop} (the server's {@code stop}) ends the run at the next virtual step and sends
 * nothing more. Messages that cannot be sent (the connection is down) are kept and sent with the next
 * batch; the end waits for a connection ({@link #END_WAIT_MS}).
 */
public final class SimSession {
    private static final Logger log = LoggerFactory.getLogger(SimSession.class);
    /** Warm-up and timed steps of the step-time measurement ({@link VirtualCluster#measureStepMs}). */
    static final int MEASURE_WARMUP = 5;
    static final int MEASURE_STEPS = 20;
    /** A batch goes out at least this often (wall time) while the run produces points. */
    static final long FLUSH_EVERY_MS = 500;
    /** How long the end waits for a connection to send its last batch and {@code simEnded}. */
    static final long END_WAIT_MS = 60_000;
    /** Points per message: the protocol's limit, less room. */
    static final int BATCH = Protocol.MAX_PROGRESS_POINTS - 20;

    private final long jobId;
    private final int rank;
    private final JobModel model;
    private final Predicate<ToServer> send;
    private volatile boolean stopRequested;

    private final List<ToServer.SimEval> evals = new ArrayList<>();
    private final List<ToServer.SimExchange> exchanges = new ArrayList<>();
    private final List<ToServer.SimLoss> losses = new ArrayList<>();
    private double virtualSeconds;
    private long steps;
    private long lastFlushNanos = System.nanoTime();

    /** @param send sends one message on the job's connection; false when it could not (no connection) */
    public SimSession(long jobId, int rank, JobModel model, Predicate<ToServer> send) {
        this.jobId = jobId;
        this.rank = rank;
        this.model = model;
        this.send = send;
    }

    /** The server stopped the job: the run ends at its next virtual step, silently. */
    public void requestStop() {
        stopRequested = true;
    }

    /** The number of the evaluation period: worker 0's steps between two center evaluations. */
    static int evalEvery(JobSpec spec) {
        Long max = spec.stop().maxSteps();
        return max == null ? 50 : (int) Math.max(1, Math.min(500, max / 50));
    }

    /**
     * Runs the simulation to its end. Returns worker 0's steps, or throws {@link StopRequested} when
     * the server stopped it.
     */
    public long run() {
        JobSpec spec = model.spec();
        SimSettings settings = SimSettings.resolve(spec, () -> VirtualCluster.measureStepMs(model, MEASURE_WARMUP,
                MEASURE_STEPS));
        checkStop();
        log.info("job={} simulating p={} link={} stepMs={}{} jitter={}{}", jobId, settings.workers(), settings.link(),
                settings.stepMs(), settings.stepMsMeasured() ? " (measured)" : "", settings.jitter(),
                settings.jitterMeasured() ? " (measured)" : "");
        sendUntilStopped(new ToServer.SimStarted(jobId, rank, settings.workers(), settings.stepMs(),
                settings.stepMsMeasured(), settings.jitter(), settings.jitterMeasured()));
        VirtualCluster cluster = new VirtualCluster(model, settings.stepMs(), evalEvery(spec), new Listener());
        RunReport report = cluster.run();
        checkStop();
        RunReport.EvalPoint last = report.last();
        if (last != null) {
            virtualSeconds = Math.max(virtualSeconds, last.seconds());
        }
        steps = Math.max(steps, report.stepsPerWorker());
        flush(true);
        ToServer.SimOutcome outcome = report.outcome() == RunReport.Outcome.DIVERGED
                ? ToServer.SimOutcome.DIVERGED : ToServer.SimOutcome.COMPLETED;
        String reason = report.reason() == null || report.reason().isBlank()
                ? (outcome == ToServer.SimOutcome.COMPLETED ? "the simulated run ended" : "diverged") : report.reason();
        sendUntilStopped(new ToServer.SimEnded(jobId, rank, outcome, reason, virtualSeconds, steps,
                report.exchanges(), report.payloadBytesUp(), report.payloadBytesDown()));
        log.info("job={} simulation ended {}: {} virtual s, {} steps, {} exchanges", jobId, outcome, virtualSeconds,
                steps, report.exchanges());
        return steps;
    }

    private void checkStop() {
        if (stopRequested) {
            throw new StopRequested();
        }
    }

    /** The server stopped the simulated job. */
    public static final class StopRequested extends RuntimeException {
        StopRequested() {
            super("stopped by the server", null, false, false);
        }
    }

    private final class Listener implements VirtualCluster.Listener {
        @Override
        public void onEvaluation(RunReport.EvalPoint p) {
            if (Double.isFinite(p.testLoss()) && Double.isFinite(p.testError())) {
                evals.add(new ToServer.SimEval(p.seconds(), p.step(), p.masterUpdates(), p.testLoss(), p.testError(),
                        p.payloadBytes()));
            }
            virtualSeconds = Math.max(virtualSeconds, p.seconds());
            maybeFlush();
        }

        @Override
        public void onExchange(VirtualCluster.Exchanged e) {
            exchanges.add(new ToServer.SimExchange(e.worker(), e.step(), e.virtualSeconds(), e.staleness(), e.bytesUp(),
                    e.bytesDown(), e.exchangeMs()));
            virtualSeconds = Math.max(virtualSeconds, e.virtualSeconds());
            maybeFlush();
        }

        @Override
        public void onStep(int worker, long step, double loss, double t) {
            checkStop();
            if (Double.isFinite(loss)) {
                losses.add(new ToServer.SimLoss(worker, step, t, loss));
            }
            if (worker == 0) {
                steps = Math.max(steps, step);
            }
            virtualSeconds = Math.max(virtualSeconds, t);
            maybeFlush();
        }
    }

    private int pending() {
        return evals.size() + exchanges.size() + losses.size();
    }

    private void maybeFlush() {
        if (pending() >= BATCH || System.nanoTime() - lastFlushNanos >= FLUSH_EVERY_MS * 1_000_000L) {
            flush(false);
        }
    }

    /**
     * Sends what waits, in messages of at most {@link #BATCH} points; kept when the connection is down
     * (then, {@code toTheEnd}: waits for it, or the points of the last second are given up after
     * {@link #END_WAIT_MS}; while running the run goes on and the next flush tries again, bounded by
     * dropping the oldest losses past ten batches).
     */
    private void flush(boolean toTheEnd) {
        lastFlushNanos = System.nanoTime();
        while (pending() > 0 || toTheEnd) {
            ToServer.SimProgress message = nextBatch();
            boolean sent = toTheEnd ? sendUntilStopped(message) : send.test(message);
            if (!sent) {
                putBack(message);
                if (losses.size() > 10 * BATCH) {
                    losses.subList(0, losses.size() - 10 * BATCH).clear();
                }
                return;
            }
            if (pending() == 0) {
                return;
            }
        }
    }

    private ToServer.SimProgress nextBatch() {
        List<ToServer.SimEval> e = take(evals, BATCH);
        List<ToServer.SimExchange> x = take(exchanges, BATCH - e.size());
        List<ToServer.SimLoss> l = take(losses, BATCH - e.size() - x.size());
        return new ToServer.SimProgress(jobId, rank, virtualSeconds, steps, e, x, l);
    }

    private void putBack(ToServer.SimProgress m) {
        evals.addAll(0, m.evaluations());
        exchanges.addAll(0, m.exchanges());
        losses.addAll(0, m.losses());
    }

    private static <T> List<T> take(List<T> from, int n) {
        List<T> head = from.subList(0, Math.min(n, from.size()));
        List<T> out = List.copyOf(head);
        head.clear();
        return out;
    }

    /** Sends {@code message}, waiting for a connection up to {@link #END_WAIT_MS}; false when none came or stopped. */
    private boolean sendUntilStopped(ToServer message) {
        long deadline = System.nanoTime() + END_WAIT_MS * 1_000_000L;
        while (true) {
            checkStop();
            if (send.test(message)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                log.warn("job={} could not send {} for {} s; given up", jobId, message.getClass().getSimpleName(),
                        END_WAIT_MS / 1000);
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new StopRequested();
            }
        }
    }
}
