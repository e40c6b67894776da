package io.easgd.core.training;

import io.easgd.core.compression.Compression;
import io.easgd.core.model.FlatNetwork;
import io.easgd.core.model.MinibatchGradient;
import io.easgd.core.rules.Exchange;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.rules.NonFiniteUploadException;
import io.easgd.core.rules.WorkerRule;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.spec.StopCriteria;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Trains a job spec with p worker threads and one master in this JVM, with the real exchange
 * semantics: each exchange is one atomic call on the {@link MasterRule}. Worker 0 evaluates the
 * master's variable every {@code evalEvery} of its local steps, so a run with p = 1 is
 * deterministic given the spec's seed. Divergence (a non-finite loss or upload, or a blow-up of the
 * parameter norm caught by {@link BlowUpGuard}) ends the run with
 * {@link RunReport.Outcome#DIVERGED} and a reason, not an exception.
 *
 * <p>A worker that leaves its loop before {@code maxSteps}, for whatever reason (a stop criterion,
 * divergence, an error), sets the stop flag and closes the master: the other workers end at their
 * next step, and one waiting at a synchronous barrier is released (its exchange fails because the
 * master closed, and it ends quietly). An unexpected error in a worker thread is rethrown by
 * {@link #run()} once every thread has ended.
 *
 * <p>Overlapped exchange ({@code "overlap"} on): the exchange's {@link Exchange#begin} runs the
 * master's update at once and hands back a completed pending; the worker rule still applies the
 * reply k local steps later (the spec's k), so the math is the agents' (there is just no wire time
 * to hide). With {@code "overlap": true} k stays {@link AutoOverlap#INITIAL}: here the exchange's
 * wall time is the master's update alone, well under a step, so the agents' rule
 * {@link AutoOverlap#choose} would give 1 too. A worker that ends its loop settles its last reply first.
 *
 * <p>Auto-τ is the platform's (the parameter server decides, {@link AutoTauPolicy}): here a spec
 * with {@code "tau": "auto"} runs at its fixed {@code autoTau.initial}.
 */
public final class InProcessRunner {

    /** Progress callbacks, called from worker threads. */
    public interface Listener {
        default void onStep(RunReport.StepPoint point) {
        }

        default void onEvaluation(RunReport.EvalPoint point) {
        }
    }

    private final JobModel model;
    private final int evalEvery;
    private final Listener listener;

    public InProcessRunner(JobModel model, int evalEvery, Listener listener) {
        if (evalEvery < 1) {
            throw new IllegalArgumentException("evalEvery must be >= 1, found " + evalEvery);
        }
        this.model = model;
        this.evalEvery = evalEvery;
        this.listener = listener;
    }

    public RunReport run() {
        JobSpec spec = model.spec();
        StopCriteria stop = spec.stop();
        int p = spec.workers();
        FlatNetwork evalNet = model.newNetwork();
        float[] center0 = evalNet.initialParams();
        MasterRule master = Rules.master(spec);
        master.init(center0);

        List<RunReport.StepPoint> losses = Collections.synchronizedList(new ArrayList<>());
        List<RunReport.EvalPoint> evals = Collections.synchronizedList(new ArrayList<>());
        AtomicLong up = new AtomicLong();
        AtomicLong down = new AtomicLong();
        AtomicLong exchanges = new AtomicLong();
        AtomicBoolean stopFlag = new AtomicBoolean();
        AtomicReference<String> divergence = new AtomicReference<>();
        AtomicReference<String> stopReason = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong minSteps = new AtomicLong(Long.MAX_VALUE);
        long start = System.nanoTime();
        long maxSteps = stop.maxSteps() != null ? stop.maxSteps() : Long.MAX_VALUE;
        long deadline = stop.maxWallSeconds() != null ? start + stop.maxWallSeconds() * 1_000_000_000L : Long.MAX_VALUE;
        float[] evalBuffer = new float[evalNet.size()];
        BlowUpGuard guard = BlowUpGuard.of(center0);

        java.util.function.LongConsumer evaluate = step -> {
            master.copyEvaluated(evalBuffer);
            FlatNetwork.Score score = model.evaluate(evalNet, evalBuffer);
            RunReport.EvalPoint point = new RunReport.EvalPoint((System.nanoTime() - start) / 1e9,
                    step, master.updates(), score.loss(), score.error(), io.easgd.core.rules.Vec.norm(evalBuffer),
                    up.get() + down.get());
            evals.add(point);
            listener.onEvaluation(point);
            String blowUp = guard.check(point.norm());
            if (blowUp != null) {
                divergence.compareAndSet(null, "diverged: " + blowUp + " by step " + step);
                stopFlag.set(true);
            }
            if (stop.targetTestError() != null && score.error() <= stop.targetTestError()) {
                stopReason.compareAndSet(null, "reached the target test error " + stop.targetTestError());
                stopFlag.set(true);
            }
        };

        List<Thread> threads = new ArrayList<>();
        for (int rank = 0; rank < p; rank++) {
            int r = rank;
            Thread t = new Thread(() -> {
                WorkerRule worker = Rules.worker(spec);
                Compression compression = spec.compression();
                Exchange exchange = CompressedExchange.of((u, d) -> {
                    master.exchange(r, u, d);
                    up.addAndGet(compression.encodedBytes((long) u.length));
                    down.addAndGet(compression.encodedBytes((long) d.length));
                    exchanges.incrementAndGet();
                }, compression);
                try {
                    FlatNetwork net = model.newNetwork();
                    MinibatchGradient gradient = model.gradient(r, net);
                    worker.init(center0);
                    while (!stopFlag.get() && worker.steps() < maxSteps) {
                        if (System.nanoTime() > deadline) {
                            stopReason.compareAndSet(null, "reached the wall-time limit of " + stop.maxWallSeconds() + " s");
                            stopFlag.set(true);
                            break;
                        }
                        double loss = worker.step(gradient, exchange);
                        RunReport.StepPoint point = new RunReport.StepPoint(r, worker.steps(), loss);
                        losses.add(point);
                        listener.onStep(point);
                        if (!Double.isFinite(loss)) {
                            throw new DivergedException("worker " + r + " has a non-finite training loss (" + loss
                                    + ") at step " + worker.steps());
                        }
                        if (r == 0 && worker.steps() % evalEvery == 0) {
                            evaluate.accept(worker.steps());
                        }
                    }
                    worker.settle();                         // an overlapped rule's last reply
                } catch (NonFiniteUploadException | DivergedException e) {
                    divergence.compareAndSet(null, "diverged: " + e.getMessage());
                    stopFlag.set(true);
                } catch (IllegalStateException e) {
                    if (!master.isClosed()) {                // else: another worker ended the job; end quietly
                        failure.compareAndSet(null, e);
                    }
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                } finally {
                    if (worker.steps() < maxSteps) {
                        // this worker leaves early (a stop criterion, divergence, an error): end the job for
                        // all, and wake the workers waiting for it at a synchronous barrier
                        stopFlag.set(true);
                        master.close();
                    }
                }
                minSteps.accumulateAndGet(worker.steps(), Math::min);
            }, "worker-" + r);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopFlag.set(true);
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a worker thread failed: " + failure.get(), failure.get());
        }
        if (divergence.get() == null) {
            evaluate.accept(minSteps.get() == Long.MAX_VALUE ? 0 : minSteps.get());
        }
        double wall = (System.nanoTime() - start) / 1e9;
        String reason = divergence.get() != null ? divergence.get()
                : stopReason.get() != null ? stopReason.get() : "reached " + maxSteps + " steps per worker";
        return new RunReport(List.copyOf(losses), List.copyOf(evals), exchanges.get(), up.get(), down.get(),
                minSteps.get() == Long.MAX_VALUE ? 0 : minSteps.get(), wall,
                divergence.get() != null ? RunReport.Outcome.DIVERGED : RunReport.Outcome.COMPLETED, reason);
    }

    /** A worker's loss went non-finite. */
    static final class DivergedException extends RuntimeException {
        DivergedException(String message) {
            super(message);
        }
    }
}
