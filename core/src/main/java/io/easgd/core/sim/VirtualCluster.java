package io.easgd.core.sim;

import io.easgd.core.compression.Compression;
import io.easgd.core.model.FlatNetwork;
import io.easgd.core.model.MinibatchGradient;
import io.easgd.core.rules.Exchange;
import io.easgd.core.rules.Gradient;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.rules.NonFiniteUploadException;
import io.easgd.core.rules.Overlapped;
import io.easgd.core.rules.Vec;
import io.easgd.core.rules.WorkerRule;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.spec.Simulate;
import io.easgd.core.spec.StopCriteria;
import io.easgd.core.training.AutoOverlap;
import io.easgd.core.training.BlowUpGuard;
import io.easgd.core.training.CompressedExchange;
import io.easgd.core.training.JobModel;
import io.easgd.core.training.RunReport;
import io.easgd.core.training.Rules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;

/**
 * The job's p = {@code simulate.workers} workers in ONE process, with the real rules
 * ({@link Rules#worker}, {@link Rules#master}, {@link CompressedExchange} for the spec's compression,
 * the overlapped {@link Exchange#begin}) and real DL4J gradients ({@link JobModel#gradient}),
 * ordered by a discrete-event clock in virtual seconds (docs/virtual-cluster.md).
 *
 * <p>Time: each call of a worker's gradient costs stepMs × m, m lognormal with mean 1 and the
 * spec's coefficient of variation ({@link Simulate#jitterOrMeasured()}), drawn from a stream of
 * the worker's own seeded from {@link JobSpec#workerSeed}; each exchange costs the {@link LinkModel}
 * (the worker's latency and bandwidth, the server's shared FIFO each way) on the bytes the platform
 * would send ({@link WireBytes}). The master applies an upload at the virtual instant it arrives,
 * in event order, ties broken by rank; the reply's arrival resumes the worker.
 *
 * <p>Exactness: each virtual worker has its own thread, but a scheduler hands control to exactly one
 * thread at a time (semaphores), always the one whose event is earliest (time, then rank, then the
 * order events were made), and the master, the link model and the evaluation are touched only by
 * events. A worker's thread runs at most one local step ahead of the clock and touches only its own
 * state there. So a seed gives the same run bit for bit.
 *
 * <p>Evaluation: the center ({@link MasterRule#copyEvaluated}) every {@code evalEvery} local steps of
 * worker 0, at the virtual instant that step ends, and once at the end; it costs no virtual time
 * (the platform evaluates on the server, beside the workers). Stop: {@code maxSteps} per worker,
 * {@code targetTestError}, and {@code maxWallSeconds} counted in VIRTUAL seconds. τ auto runs at
 * {@code autoTau.initial}; {@code "overlap": true} re-chooses k at each exchange from the virtual
 * exchange and step times ({@link AutoOverlap#choose}), as an agent does.
 */
public final class VirtualCluster {

    /** Callbacks, called one at a time from the thread that runs the current event. */
    public interface Listener {
        /** {@code point.seconds()} is VIRTUAL seconds. */
        default void onEvaluation(RunReport.EvalPoint point) {
        }

        /** One per applied exchange, in the order the master applied them. */
        default void onExchange(Exchanged e) {
        }

        default void onStep(int worker, long step, double loss, double virtualSeconds) {
        }
    }

    /**
     * One exchange the master applied: worker {@code worker}'s upload begun at its local step {@code step},
     * applied at {@code virtualSeconds}; {@code staleness} = master updates by the others since this
     * worker's previous exchange was applied (the platform's {@code staleness} metric); bytes as the
     * platform would send them ({@link WireBytes}); {@code exchangeMs} the virtual time from the
     * upload's start to the reply's arrival.
     */
    public record Exchanged(int worker, long step, double virtualSeconds, long staleness,
                            long bytesUp, long bytesDown, double exchangeMs) {
    }

    private final Task task;
    private final double stepMs;
    private final int evalEvery;
    private final Listener listener;

    /**
     * @param stepMs    mean compute time of one local step, ms (the spec's {@code simulate.stepMs},
     *                  or the measured one for "measured")
     * @param evalEvery the center is evaluated every {@code evalEvery} steps of worker 0, like
     *                  {@code InProcessRunner}, free in virtual time
     */
    public VirtualCluster(JobModel model, double stepMs, int evalEvery, Listener listener) {
        this(Task.of(model), stepMs, evalEvery, listener);
    }

    VirtualCluster(Task task, double stepMs, int evalEvery, Listener listener) {
        Simulate sim = task.spec().simulate();
        if (sim == null) {
            throw new IllegalArgumentException("the spec has no \"simulate\"");
        }
        if (!(Double.isFinite(stepMs) && stepMs > 0)) {
            throw new IllegalArgumentException("stepMs must be > 0, found " + stepMs);
        }
        if (evalEvery < 1) {
            throw new IllegalArgumentException("evalEvery must be >= 1, found " + evalEvery);
        }
        this.task = task;
        this.stepMs = stepMs;
        this.evalEvery = evalEvery;
        this.listener = listener != null ? listener : new Listener() { };
    }

    /** Runs to the spec's stop criteria; the report's seconds are virtual, its wallSeconds too. */
    public RunReport run() {
        return new Run().execute();
    }

    /**
     * The median wall time of one local step of the job's own model on this machine, ms: {@code warmup}
     * steps first (JIT, allocation), then the median of {@code steps} timed steps of worker 0's gradient.
     */
    public static double measureStepMs(JobModel model, int warmup, int steps) {
        if (warmup < 0 || steps < 1) {
            throw new IllegalArgumentException("warmup must be >= 0 and steps >= 1, found " + warmup + ", " + steps);
        }
        FlatNetwork net = model.newNetwork();
        MinibatchGradient gradient = model.gradient(0, net);
        float[] x = net.initialParams();
        float[] g = new float[x.length];
        for (int i = 0; i < warmup; i++) {
            gradient.compute(x, g);
        }
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            gradient.compute(x, g);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return steps % 2 == 1 ? ms[steps / 2] : (ms[steps / 2 - 1] + ms[steps / 2]) / 2;
    }

    /**
     * The multiplier of a step's time: lognormal with mean 1 and coefficient of variation {@code cv}
     * (σ² = ln(1 + cv²), μ = −σ²/2); 1 for cv = 0.
     */
    static double jitter(SplittableRandom random, double cv) {
        if (cv == 0) {
            return 1;
        }
        double s2 = Math.log1p(cv * cv);
        return Math.exp(-s2 / 2 + Math.sqrt(s2) * random.nextGaussian());
    }

    /** A worker's loss went non-finite. */
    private static final class Diverged extends RuntimeException {
        Diverged(String message) {
            super(message);
        }
    }

    private record Event(double time, int rank, long seq, Runnable action) {
    }

    /** One run: the event loop (the calling thread) and p worker threads, one running at a time. */
    private final class Run {
        final JobSpec spec = task.spec();
        final Simulate sim = spec.simulate();
        final int p = sim.workers();
        final StopCriteria stop = spec.stop();
        final long maxSteps = stop.maxSteps() != null ? stop.maxSteps() : Long.MAX_VALUE;
        final double maxSeconds = stop.maxWallSeconds() != null ? stop.maxWallSeconds() : Double.POSITIVE_INFINITY;
        final Compression compression = spec.compression();
        final LinkModel link = LinkModel.of(sim);
        final MasterRule master = Rules.master(spec);
        final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.time != b.time
                ? Double.compare(a.time, b.time) : a.rank != b.rank ? Integer.compare(a.rank, b.rank)
                : Long.compare(a.seq, b.seq));
        final Semaphore back = new Semaphore(0);
        final List<RunReport.StepPoint> losses = new ArrayList<>();
        final List<RunReport.EvalPoint> evals = new ArrayList<>();
        final float[] center0 = task.initialParams();
        final float[] evalBuffer = new float[center0.length];
        final BlowUpGuard guard = BlowUpGuard.of(center0);
        long seq;
        double now;
        long payloadUp;
        long payloadDown;
        long exchanges;
        boolean stopping;
        String divergence;
        String stopReason;
        Throwable failure;

        RunReport execute() {
            master.init(center0);
            VWorker[] workers = new VWorker[p];
            for (int r = 0; r < p; r++) {
                workers[r] = new VWorker(r);
                workers[r].thread.start();
                VWorker w = workers[r];
                schedule(0, r, () -> resume(w));
            }
            int live = p;
            while (live > 0) {
                Event e = events.poll();
                if (e == null) {
                    failure = new IllegalStateException("virtual cluster deadlock: " + live + " workers wait, no event");
                    break;
                }
                now = e.time;
                e.action.run();
                live = 0;
                for (VWorker w : workers) {
                    live += w.finished ? 0 : 1;
                }
            }
            for (VWorker w : workers) {
                if (!w.finished) {
                    w.thread.interrupt();
                }
                try {
                    w.thread.join();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failure != null) {
                throw new IllegalStateException("a virtual worker failed: " + failure, failure);
            }
            long minSteps = Long.MAX_VALUE;
            for (VWorker w : workers) {
                minSteps = Math.min(minSteps, w.rule.steps());
            }
            if (divergence == null) {
                evaluate(minSteps);
            }
            String reason = divergence != null ? divergence
                    : stopReason != null ? stopReason : "reached " + maxSteps + " steps per worker";
            return new RunReport(List.copyOf(losses), List.copyOf(evals), exchanges, payloadUp, payloadDown,
                    minSteps, now, divergence != null ? RunReport.Outcome.DIVERGED : RunReport.Outcome.COMPLETED,
                    reason);
        }

        void schedule(double time, int rank, Runnable action) {
            events.add(new Event(time, rank, seq++, action));
        }

        /** Hands control to {@code w} at {@code now} until it yields: at a step's end, a wait for a reply, or its end. */
        void resume(VWorker w) {
            w.clock = Math.max(w.clock, now);
            w.go.release();
            back.acquireUninterruptibly();
            if (!w.finished && w.waitingFor == null) {
                schedule(w.clock, w.rank, () -> resume(w));
            }
        }

        void evaluate(long step) {
            master.copyEvaluated(evalBuffer);
            FlatNetwork.Score score = task.evaluate(evalBuffer);
            RunReport.EvalPoint point = new RunReport.EvalPoint(now, step, master.updates(), score.loss(),
                    score.error(), Vec.norm(evalBuffer), payloadUp + payloadDown);
            evals.add(point);
            listener.onEvaluation(point);
            String blowUp = guard.check(point.norm());
            if (blowUp != null && divergence == null) {
                divergence = "diverged: " + blowUp + " by step " + step;
                stopping = true;
            }
            if (stop.targetTestError() != null && score.error() <= stop.targetTestError()) {
                if (stopReason == null) {
                    stopReason = "reached the target test error " + stop.targetTestError();
                }
                stopping = true;
            }
        }

        /** An exchange on its way: made by the worker's thread, advanced by events. */
        final class Flight implements Exchange.Pending {
            final VWorker w;
            final double sent;
            final long step;
            boolean done;
            RuntimeException failed;

            Flight(VWorker w, double sent, long step) {
                this.w = w;
                this.sent = sent;
                this.step = step;
            }

            @Override
            public void await() {
                if (!done) {
                    w.waitingFor = this;
                    w.pause();
                }
                if (failed != null) {
                    throw failed;
                }
            }

            @Override
            public boolean arrived() {
                return done;
            }
        }

        /** One virtual worker: its rule, its thread, its clock. */
        final class VWorker implements Exchange, Gradient {
            final int rank;
            final Semaphore go = new Semaphore(0);
            final WorkerRule rule = Rules.worker(spec);
            final SplittableRandom random;
            final Thread thread;
            double clock;
            boolean finished;
            Flight waitingFor;
            long lastUpdates;
            double lastExchangeMs = Double.NaN;
            Gradient gradient;

            VWorker(int rank) {
                this.rank = rank;
                this.random = new SplittableRandom(spec.workerSeed(rank) ^ 0x5EEDC0FFEEL);
                this.thread = new Thread(this::body, "virtual-worker-" + rank);
                this.thread.setDaemon(true);
            }

            /** Gives control back to the event loop and waits for it again. */
            void pause() {
                back.release();
                go.acquireUninterruptibly();
            }

            private void body() {
                go.acquireUninterruptibly();
                try {
                    gradient = task.gradient(rank);
                    Exchange exchange = CompressedExchange.of(this, compression);
                    rule.init(center0);
                    boolean evalDue = false;
                    while (true) {
                        if (evalDue) {
                            evaluate(rule.steps());
                            evalDue = false;
                        }
                        if (!stopping && clock >= maxSeconds) {
                            stopReason = "reached the virtual time limit of " + stop.maxWallSeconds() + " s";
                            stopping = true;
                        }
                        if (stopping || rule.steps() >= maxSteps) {
                            break;
                        }
                        if (spec.overlapAuto() && rule instanceof Overlapped o) {
                            o.overlapSteps(AutoOverlap.choose(lastExchangeMs, stepMs, spec.tau()));
                        }
                        double loss = rule.step(this, exchange);
                        losses.add(new RunReport.StepPoint(rank, rule.steps(), loss));
                        listener.onStep(rank, rule.steps(), loss, clock);
                        if (!Double.isFinite(loss)) {
                            throw new Diverged("worker " + rank + " has a non-finite training loss ("
                                    + loss + ") at step " + rule.steps());
                        }
                        evalDue = rank == 0 && rule.steps() % evalEvery == 0;
                        pause();                                  // the step's end: resumed at its clock
                    }
                    rule.settle();
                } catch (NonFiniteUploadException | Diverged e) {
                    if (divergence == null) {
                        divergence = "diverged: " + e.getMessage();
                    }
                    stopping = true;
                } catch (RuntimeException | Error e) {
                    if (failure == null) {
                        failure = e;
                    }
                    stopping = true;
                } finally {
                    if (rule.steps() < maxSteps) {
                        stopping = true;
                    }
                    finished = true;
                    waitingFor = null;
                    back.release();
                }
            }

            @Override
            public double compute(float[] at, float[] out) {
                double loss = gradient.compute(at, out);
                clock += stepMs / 1000 * jitter(random, sim.jitterOrMeasured());
                return loss;
            }

            @Override
            public void exchange(float[] up, float[] down) {
                begin(up, down).await();
            }

            @Override
            public Pending begin(float[] up, float[] down) {
                Flight f = new Flight(this, clock, rule.steps());
                long bytesUp = WireBytes.of(up.length, compression);
                long bytesDown = WireBytes.of(down.length, compression);
                schedule(clock, rank, () -> {                     // the upload leaves, in event order
                    double at = link.upload(now, bytesUp);
                    schedule(at, rank, () -> apply(f, up, down, bytesUp, bytesDown));
                });
                return f;
            }

            private void apply(Flight f, float[] up, float[] down, long bytesUp, long bytesDown) {
                long staleness = 0;
                try {
                    master.exchange(rank, up, down);
                    long updates = master.updates();
                    staleness = Math.max(0, updates - 1 - lastUpdates);
                    lastUpdates = updates;
                    exchanges++;
                    payloadUp += compression.encodedBytes((long) up.length);
                    payloadDown += compression.encodedBytes((long) down.length);
                } catch (RuntimeException e) {
                    f.failed = e;
                }
                double arrives = f.failed != null ? now : link.download(now, bytesDown);
                if (f.failed == null) {
                    listener.onExchange(new Exchanged(rank, f.step, now, staleness, bytesUp, bytesDown,
                            (arrives - f.sent) * 1000));
                }
                schedule(arrives, rank, () -> {
                    f.done = true;
                    lastExchangeMs = (now - f.sent) * 1000;
                    if (waitingFor == f) {
                        waitingFor = null;
                        if (clock > now) {
                            schedule(clock, rank, () -> resume(this));
                        } else {
                            resume(this);
                        }
                    }
                });
            }
        }
    }
}
