package io.easgd.agent.training;

import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.rules.Exchange;
import io.easgd.core.rules.Gradient;
import io.easgd.core.rules.Overlapped;
import io.easgd.core.rules.Periodic;
import io.easgd.core.rules.WorkerRule;
import io.easgd.core.spec.Algorithm;
import io.easgd.core.training.AutoOverlap;
import io.easgd.core.training.AutoTauPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one worker's local steps: {@code rule.step(gradient, exchange)} until {@code maxSteps},
 * a stop, a leave or a failure. The rule decides when it exchanges; each exchange gets the next
 * sequence number (from 1) and goes through the {@link Uplink}. After each step the loss (and the
 * exchange's round trip, if the step made one) becomes a progress point; points go out about once
 * a second in messages of at most {@link Protocol#MAX_PROGRESS_POINTS}, and wait while the
 * connection is down. The rule, the step count and the sequence live here, so a reconnect below
 * the uplink changes nothing. Runs on one thread; {@link #requestStop}, {@link #requestLeave} and
 * {@link #requestTau} may be called from any.
 *
 * <p>Auto-τ: every step is timed, its compute (the step minus its exchange) and each exchange's
 * wire time (the uplink's round trip) apart, each smoothed ({@link AutoTauPolicy.Ewma}); in an
 * auto-τ job both go out with every progress message, with the period the rule runs at. A new τ
 * from the server ({@link #requestTau}) is set on the rule between two steps, never during one.
 *
 * <p>Overlapped exchange ({@code "overlap"} on): the rule begins an exchange at one step and
 * awaits its reply at the start of the step k on ({@link Overlapped}). The exchange's time is then
 * what the worker actually spent on it: handing the UP vector to the uplink plus waiting for the
 * DOWN; it is taken off the compute time of the step it was spent in, and a point's
 * {@code latencyMs} is on the step that waited. A session that ends normally (maxSteps, a leave)
 * first awaits and applies the reply still in flight ({@link WorkerRule#settle}); a stopped one
 * drops it. Progress then carries k ({@code overlapK}).
 *
 * <p>Auto-k ({@code "overlap": true}): the session also measures each overlapped exchange's wall
 * time, from handing the UP over to the DOWN being in, and smooths it like the wire time. When the
 * worker had to wait for the DOWN that is exact; when the DOWN was already in, the session learns
 * it at the first step boundary that finds it {@link Exchange.Pending#arrived() arrived} and takes
 * the middle of the step before as its arrival (so that an exchange that fits in j steps counts as
 * j − ½ of them, and ⌈·⌉ gives j). At each step boundary k is chosen again,
 * {@link AutoOverlap#choose}(wall time, compute per step, τ), and set on the rule; the exchange in
 * flight keeps its own. Before the first measurement k = 1.
 */
public final class TrainingSession {
    private static final Logger log = LoggerFactory.getLogger(TrainingSession.class);

    /** About once a second. */
    public static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;
    /** Points kept while the connection is down; older ones are dropped beyond this. */
    public static final int MAX_PENDING_POINTS = 20 * Protocol.MAX_PROGRESS_POINTS;

    /** The network side of the worker, as the session sees it. */
    public interface Uplink {
        /**
         * One exchange: sends {@code up} as the UP vector of {@code sequence} and returns when the DOWN
         * vector of the same sequence is in {@code down}.
         *
         * @throws Stopped when the job is stopped meanwhile
         */
        void exchange(long sequence, long step, float[] up, float[] down);

        /**
         * An overlapped exchange: starts sending {@code up} as the UP vector of {@code sequence} and
         * returns; the pending's {@code await} returns when the DOWN vector is in {@code down}
         * ({@link Exchange#begin}'s contract). The default is the blocking {@link #exchange}.
         *
         * @throws Stopped (from {@code await}) when the job is stopped meanwhile
         */
        default Exchange.Pending begin(long sequence, long step, float[] up, float[] down) {
            exchange(sequence, step, up, down);
            return Exchange.Pending.DONE;
        }

        /** Sends one progress message. @return false when it could not be sent now (keep it) */
        boolean report(ToServer.Progress progress);
    }

    /** How the session ended; {@code steps} is the worker's final t_i. */
    public record Outcome(Result result, long steps, long sequence, String message) {
        public enum Result {
            /** Reached {@code stop.maxSteps}. */
            FINISHED,
            /** Stopped by the server (or released). */
            STOPPED,
            /** The agent is leaving; the final exchange was made when the rule has one. */
            LEFT,
            /** Non-finite loss or an error in a step; {@code message} says which. */
            FAILED
        }
    }

    private final long jobId;
    private final int rank;
    private final Algorithm algorithm;
    private final WorkerRule rule;
    private final Gradient gradient;
    private final Uplink uplink;
    private final long startStep;
    private final long maxSteps;
    private final LongSupplier nanoClock;
    private final boolean autoTau;
    private final boolean autoOverlap;
    private final ArrayDeque<ToServer.Point> pending = new ArrayDeque<>();
    private final Exchange exchange = new Exchange() {
        @Override
        public void exchange(float[] up, float[] down) {
            TrainingSession.this.exchange(up, down);
        }

        @Override
        public Pending begin(float[] up, float[] down) {
            return TrainingSession.this.begin(up, down);
        }
    };
    private final AutoTauPolicy.Ewma computeMs = new AutoTauPolicy.Ewma(AutoTauPolicy.STEP_SMOOTHING);
    private final AutoTauPolicy.Ewma wireMs = new AutoTauPolicy.Ewma(AutoTauPolicy.EXCHANGE_SMOOTHING);
    /** Auto-k: an overlapped exchange's wall time, UP handed over → DOWN in (class comment). */
    private final AutoTauPolicy.Ewma overlapWallMs = new AutoTauPolicy.Ewma(AutoTauPolicy.EXCHANGE_SMOOTHING);

    private volatile boolean stopRequested;
    private volatile boolean leaveRequested;
    private volatile long sequence;
    private volatile long step;
    private long lastFlushNanos;
    private volatile int requestedTau;
    private boolean stepExchanged;
    private double stepLatencyMs;
    private long stepExchangeNanos;
    private long droppedPoints;
    /** Since the session started: Σ compute of the local steps and Σ time their exchanges took of this thread. */
    private long computeNanos;
    private long waitNanos;
    /** The server speaks protocol ≥ 2: progress carries {@link #computeNanos}, {@link #waitNanos} and the overlap k. */
    private volatile boolean reportTimes;
    // the overlapped exchange in flight, for its wall time: its uplink pending, when it was begun,
    // when it was seen arrived (-1: not yet), and the previous step boundary
    private Exchange.Pending flying;
    private long flyingSince;
    private long flyingArrived = -1;
    private long lastBoundary;

    /**
     * @param rule initialised with the center ({@link WorkerRule#init}), fresh or carried over
     * @param startStep the job's step the rule's t_i = 0 stands for ({@code assign.startStep})
     * @param maxSteps {@code spec.stop().maxSteps()}, or null when only the server ends the job
     */
    public TrainingSession(long jobId, int rank, Algorithm algorithm, WorkerRule rule, Gradient gradient,
                           Uplink uplink, long startStep, Long maxSteps, LongSupplier nanoClock) {
        this(jobId, rank, algorithm, rule, gradient, uplink, startStep, maxSteps, nanoClock, false);
    }

    /**
     * @param autoTau the job's τ is {@code "auto"}: progress carries the timings and the period, and
     *     {@link #requestTau} is obeyed ({@code rule} must then be {@link Periodic})
     */
    public TrainingSession(long jobId, int rank, Algorithm algorithm, WorkerRule rule, Gradient gradient,
                           Uplink uplink, long startStep, Long maxSteps, LongSupplier nanoClock, boolean autoTau) {
        this(jobId, rank, algorithm, rule, gradient, uplink, startStep, maxSteps, nanoClock, autoTau, false);
    }

    /**
     * @param autoOverlap the job says {@code "overlap": true}: the session chooses k (class comment);
     *     {@code rule} must then be {@link Overlapped} with overlap on
     */
    public TrainingSession(long jobId, int rank, Algorithm algorithm, WorkerRule rule, Gradient gradient,
                           Uplink uplink, long startStep, Long maxSteps, LongSupplier nanoClock, boolean autoTau,
                           boolean autoOverlap) {
        if (autoTau && !(rule instanceof Periodic)) {
            throw new IllegalArgumentException(algorithm + "'s worker rule has no settable period for auto-tau");
        }
        if (autoOverlap && !(rule instanceof Overlapped o && o.overlapSteps() > 0)) {
            throw new IllegalArgumentException(algorithm + "'s worker rule is not overlapped: no k to choose");
        }
        this.autoTau = autoTau;
        this.autoOverlap = autoOverlap;
        this.jobId = jobId;
        this.rank = rank;
        this.algorithm = algorithm;
        this.rule = rule;
        this.gradient = gradient;
        this.uplink = uplink;
        this.startStep = startStep;
        this.maxSteps = maxSteps != null ? maxSteps : Long.MAX_VALUE;
        this.nanoClock = nanoClock;
        this.step = startStep + rule.steps();
    }

    /** Trains until the end; returns how it ended. Never throws for a training failure. */
    public Outcome run() {
        lastFlushNanos = nanoClock.getAsLong();
        lastBoundary = lastFlushNanos;
        try {
            while (true) {
                if (stopRequested) {
                    return end(Outcome.Result.STOPPED, "stopped by the server");
                }
                if (leaveRequested) {
                    finalExchange();
                    return end(Outcome.Result.LEFT, "left");
                }
                if (step >= maxSteps) {
                    rule.settle();                       // an overlapped rule's last reply
                    return end(Outcome.Result.FINISHED, "reached " + maxSteps + " steps");
                }
                applyRequestedTau();
                stepExchanged = false;
                stepLatencyMs = 0;
                stepExchangeNanos = 0;
                double loss;
                long stepStart = nanoClock.getAsLong();
                atBoundary(stepStart);
                try {
                    loss = rule.step(gradient, exchange);
                    long compute = nanoClock.getAsLong() - stepStart - stepExchangeNanos;
                    computeMs.add(compute / 1e6);
                    computeNanos += compute;
                    waitNanos += stepExchangeNanos;
                } catch (Stopped e) {
                    throw e;
                } catch (RuntimeException e) {
                    log.error("job={} rank={} step {} failed", jobId, rank, step + 1, e);
                    return end(Outcome.Result.FAILED, "worker " + rank + " failed at step " + (step + 1) + ": " + e);
                }
                step = startStep + rule.steps();
                if (!Double.isFinite(loss)) {
                    return end(Outcome.Result.FAILED, "worker " + rank + " has a non-finite training loss (" + loss
                            + ") at step " + step);
                }
                add(new ToServer.Point(step, loss, stepExchanged ? stepLatencyMs : null));
                if (pending.size() >= Protocol.MAX_PROGRESS_POINTS
                        || nanoClock.getAsLong() - lastFlushNanos >= PROGRESS_INTERVAL_NANOS) {
                    flush();
                }
            }
        } catch (Stopped e) {
            return end(leaveRequested ? Outcome.Result.LEFT : Outcome.Result.STOPPED, e.getMessage());
        }
    }

    /**
     * Whether progress carries the cumulative {@code computeMs} and {@code waitMs} and, in an overlapped job,
     * {@code overlapK}: true when the server welcomed the agent with {@code protocol} ≥
     * {@link ToServer.Progress#TIMES_SINCE_PROTOCOL} (a version 1 server refuses fields it does not know).
     */
    public void reportTimes(boolean on) {
        reportTimes = on;
    }

    /** The server stopped the job: end at the next step boundary (the uplink unblocks a waiting exchange). */
    public void requestStop() {
        stopRequested = true;
    }

    /** The agent is leaving: finish the current step, make the final exchange, end. */
    public void requestLeave() {
        leaveRequested = true;
    }

    /**
     * Auto-τ: exchange every {@code tau} local steps from the next step on (the server decided it).
     * Ignored unless the job's τ is auto.
     */
    public void requestTau(int tau) {
        if (tau < 1) {
            throw new IllegalArgumentException("tau must be >= 1, found " + tau);
        }
        requestedTau = tau;
    }

    /** The period the rule runs at now (its τ). */
    public int tau() {
        return rule instanceof Periodic p ? p.period() : 0;
    }

    /** At a step boundary: the τ the server asked for, if it is new. */
    private void applyRequestedTau() {
        int want = requestedTau;
        if (autoTau && want > 0 && ((Periodic) rule).period() != want) {
            log.info("job={} rank={} tau {} -> {} from step {}", jobId, rank, ((Periodic) rule).period(), want, step);
            ((Periodic) rule).period(want);
        }
    }

    /**
     * At a step boundary: notes when the overlapped exchange in flight was seen arrived, then (auto-k)
     * chooses k for the exchanges begun from this step on.
     */
    private void atBoundary(long now) {
        if (flying != null && flyingArrived < 0 && flying.arrived()) {
            flyingArrived = (Math.max(lastBoundary, flyingSince) + now) / 2;   // within the step before: its middle
        }
        lastBoundary = now;
        if (autoOverlap) {
            Overlapped o = (Overlapped) rule;
            int k = AutoOverlap.choose(overlapWallMs.value(), computeMs.value(), Math.max(1, tau()));
            if (k != o.overlapSteps()) {
                log.debug("job={} rank={} overlap k {} -> {} from step {}", jobId, rank, o.overlapSteps(), k, step);
                o.overlapSteps(k);
            }
        }
    }

    /** k of the overlapped exchange, or 0 when the rule blocks. */
    public int overlapSteps() {
        return rule instanceof Overlapped o ? o.overlapSteps() : 0;
    }

    /** The worker's t_i (job steps): where it stands, for {@code hello.resume}. */
    public long step() {
        return step;
    }

    /** Sequence of the last exchange started (the one in flight, if any); 0 before the first. */
    public long sequence() {
        return sequence;
    }

    private void exchange(float[] up, float[] down) {
        long seq = ++sequence;
        long t0 = nanoClock.getAsLong();
        uplink.exchange(seq, startStep + rule.steps(), up, down);
        long wire = nanoClock.getAsLong() - t0;
        stepExchangeNanos += wire;
        exchanged(wire);
    }

    /** The overlapped exchange: the time in {@code begin} and in {@code await} is the exchange's. */
    private Exchange.Pending begin(float[] up, float[] down) {
        long seq = ++sequence;
        long t0 = nanoClock.getAsLong();
        Exchange.Pending pending = uplink.begin(seq, startStep + rule.steps(), up, down);
        long sending = nanoClock.getAsLong() - t0;
        stepExchangeNanos += sending;
        flying = pending;
        flyingSince = t0;
        flyingArrived = -1;
        return new Exchange.Pending() {
            @Override
            public void await() {
                long t1 = nanoClock.getAsLong();
                flying = null;
                pending.await();
                long t2 = nanoClock.getAsLong();
                long waited = t2 - t1;
                stepExchangeNanos += waited;
                exchanged(sending + waited);
                overlapWallMs.add(((flyingArrived >= 0 ? flyingArrived : t2) - t0) / 1e6);
            }

            @Override
            public boolean arrived() {
                return pending.arrived();
            }
        };
    }

    /** An exchange's reply is in: {@code nanos} of the worker's time went to it. */
    private void exchanged(long nanos) {
        stepLatencyMs += nanos / 1e6;
        wireMs.add(nanos / 1e6);
        stepExchanged = true;
    }

    private void finalExchange() {
        rule.settle();                                   // an overlapped rule's reply in flight first
        float[] up = FinalExchange.upload(algorithm, rule);
        if (up == null || rule.steps() == 0) {
            log.info("job={} rank={} leaving at step {} without a final exchange ({})", jobId, rank, step,
                    up == null ? algorithm + " has none" : "no step taken");
            return;
        }
        float[] down = new float[rule.payloadFloats()[1]];
        exchange(up, down);
        log.info("job={} rank={} final exchange sequence={} at step {}", jobId, rank, sequence, step);
    }

    private void add(ToServer.Point point) {
        pending.addLast(point);
        while (pending.size() > MAX_PENDING_POINTS) {
            pending.removeFirst();
            droppedPoints++;
        }
    }

    /** Sends every pending point, in messages of at most 500, while the uplink takes them. */
    private void flush() {
        lastFlushNanos = nanoClock.getAsLong();
        if (droppedPoints > 0 && !pending.isEmpty()) {
            log.warn("job={} rank={} dropped {} progress points while the server was unreachable", jobId, rank,
                    droppedPoints);
            droppedPoints = 0;
        }
        while (!pending.isEmpty()) {
            List<ToServer.Point> batch = new ArrayList<>(Math.min(pending.size(), Protocol.MAX_PROGRESS_POINTS));
            for (ToServer.Point p : pending) {
                if (batch.size() == Protocol.MAX_PROGRESS_POINTS) {
                    break;
                }
                batch.add(p);
            }
            if (!uplink.report(progress(batch))) {
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                pending.removeFirst();
            }
        }
    }

    /**
     * A progress message; in an auto-τ job with the smoothed timings (once known) and the period; to a
     * protocol 2 server with the cumulative compute and wait times and, in an overlapped job, k (a protocol 1
     * server reads neither).
     */
    private ToServer.Progress progress(List<ToServer.Point> batch) {
        ToServer.Progress p = progressWithoutTimes(batch);
        return reportTimes ? p.withTimes(micros(computeNanos / 1e6), micros(waitNanos / 1e6)) : p.forProtocol1();
    }

    private ToServer.Progress progressWithoutTimes(List<ToServer.Point> batch) {
        int k = overlapSteps();
        Integer overlapK = k > 0 ? k : null;
        if (!autoTau) {
            return new ToServer.Progress(jobId, rank, batch, null, null, null, overlapK);
        }
        double step = computeMs.known() ? micros(computeMs.value()) : 0;
        return new ToServer.Progress(jobId, rank, batch, step > 0 ? step : null,
                exchangeMs(k), tau(), overlapK);
    }

    /**
     * Auto-τ's exchange time: the wire time of a blocking exchange; with overlap the exchange's wall time (UP handed
     * over → DOWN in), not the time waited — auto-τ must size τ so that the whole exchange fits behind the k ≤ τ steps
     * it may run in the background, and the wait shrinks exactly when it does.
     */
    private Double exchangeMs(int overlapK) {
        AutoTauPolicy.Ewma e = overlapK > 0 && overlapWallMs.known() ? overlapWallMs : wireMs;
        return e.known() ? Math.max(0, micros(e.value())) : null;
    }

    /** Milliseconds to the microsecond: what the wire needs, no float noise. */
    private static double micros(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }

    private Outcome end(Outcome.Result result, String message) {
        flush();
        log.info(String.format(Locale.ROOT, "job=%d rank=%d ended result=%s steps=%d sequence=%d: %s", jobId, rank,
                result, step, sequence, message));
        return new Outcome(result, step, sequence, message);
    }
}
