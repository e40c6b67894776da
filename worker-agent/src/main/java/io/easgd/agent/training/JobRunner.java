package io.easgd.agent.training;

import io.easgd.agent.sim.SimSession;
import io.easgd.core.data.Dataset;
import io.easgd.core.data.Sampler;
import io.easgd.core.model.FlatNetwork;
import io.easgd.core.model.MinibatchGradient;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.rules.WorkerRule;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.training.JobModel;
import io.easgd.core.training.Rules;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One assignment on its own thread, linearly: fetch the dataset → build the network and the
 * worker's gradient → {@code ready} and wait for x̃ → {@code rule.init(x̃)} → train
 * ({@link TrainingSession}) → hand the outcome to the agent. A failure anywhere before or during
 * training ends it as {@link TrainingSession.Outcome.Result#FAILED} with a message for the user.
 */
public final class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final ToAgent.Assign assign;
    private final DatasetCache cache;
    private final ServerLink link;
    private final Consumer<TrainingSession.Outcome> onEnd;
    private final Thread thread;
    private volatile TrainingSession session;
    /** A simulated job ({@code spec.simulate}): its virtual cluster's session instead of a training session. */
    private volatile SimSession sim;
    private volatile boolean preparing = true;
    private volatile boolean leaving;
    private volatile boolean stopping;
    /** Auto-τ: the period the server asked for last (0: none since the assignment), for a session not built yet. */
    private volatile int requestedTau;
    /** The server's protocol (its welcome) is ≥ 2: progress carries the cumulative compute and wait times. */
    private volatile boolean reportTimes;

    public JobRunner(ToAgent.Assign assign, DatasetCache cache, ServerLink link,
                     Consumer<TrainingSession.Outcome> onEnd) {
        this.assign = assign;
        this.cache = cache;
        this.link = link;
        this.onEnd = onEnd;
        this.thread = new Thread(this::run, "job-" + assign.jobId() + "-rank-" + assign.rank());
    }

    public void start() {
        thread.start();
    }

    public long jobId() {
        return assign.jobId();
    }

    public int rank() {
        return assign.rank();
    }

    public ServerLink link() {
        return link;
    }

    /** Where the worker stands, for {@code hello.resume}. */
    public ToServer.Resume resume() {
        TrainingSession s = session;
        return s == null ? new ToServer.Resume(assign.jobId(), assign.rank(), assign.startStep(), 0)
                : new ToServer.Resume(assign.jobId(), assign.rank(), s.step(), s.sequence());
    }

    /** The server stopped the job or released this worker: end as soon as possible. */
    public void stop(String reason) {
        stopping = true;
        TrainingSession s = session;
        if (s != null) {
            s.requestStop();
        }
        SimSession v = sim;
        if (v != null) {
            v.requestStop();
        }
        link.cancel(reason);
        if (preparing) {
            thread.interrupt();                      // a download in progress
        }
    }

    /**
     * Auto-τ: the server set the job's τ. Applied at the worker's next step boundary, or when training
     * starts if it has not yet; ignored for a job with a fixed τ.
     */
    public void setTau(int tau) {
        if (!assign.spec().tauAuto()) {
            log.warn("job={} rank={} has a fixed tau; setTau {} ignored", assign.jobId(), assign.rank(), tau);
            return;
        }
        requestedTau = tau;
        TrainingSession s = session;
        if (s != null) {
            s.requestTau(tau);
        }
    }

    /**
     * The server welcomed the agent with protocol {@code version} (on every connection): from
     * {@link ToServer.Progress#TIMES_SINCE_PROTOCOL} on, progress carries {@code computeMs} and {@code waitMs}.
     */
    public void serverProtocol(int version) {
        reportTimes = version >= ToServer.Progress.TIMES_SINCE_PROTOCOL;
        TrainingSession s = session;
        if (s != null) {
            s.reportTimes(reportTimes);
        }
    }

    /** True once the server stopped it: it ends at its next step boundary and reports nothing. */
    public boolean stopping() {
        return stopping;
    }

    /** The agent is leaving: finish the current step and make the final exchange, or stop if not training yet. */
    public void leave() {
        leaving = true;
        TrainingSession s = session;
        if (s != null) {
            s.requestLeave();
        } else {
            stop("the agent is leaving");
        }
    }

    private void run() {
        TrainingSession.Outcome outcome;
        try {
            outcome = train();
        } catch (Stopped | SimSession.StopRequested e) {
            outcome = new TrainingSession.Outcome(leaving ? TrainingSession.Outcome.Result.LEFT
                    : TrainingSession.Outcome.Result.STOPPED, assign.startStep(), 0, e.getMessage());
        } catch (InterruptedException e) {
            outcome = new TrainingSession.Outcome(leaving ? TrainingSession.Outcome.Result.LEFT
                    : TrainingSession.Outcome.Result.STOPPED, assign.startStep(), 0, "interrupted");
        } catch (RuntimeException | LinkageError e) {
            log.error("job={} rank={} failed before training", assign.jobId(), assign.rank(), e);
            outcome = new TrainingSession.Outcome(TrainingSession.Outcome.Result.FAILED, assign.startStep(), 0,
                    "worker " + assign.rank() + " on agent could not start: " + e.getMessage());
        }
        onEnd.accept(outcome);
    }

    private TrainingSession.Outcome train() throws InterruptedException {
        JobSpec spec = assign.spec();
        log.info("job={} rank={} assigned algorithm={} model={} dataset={} parameters={}", assign.jobId(), assign.rank(),
                spec.algorithm(), spec.model(), spec.dataset(), assign.parameterCount());
        Path dir = cache.fetch(assign.dataset());
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        JobModel model = new JobModel(spec, Dataset.load(dir));
        FlatNetwork network = model.newNetwork();
        if (network.size() != assign.parameterCount()) {
            throw new IllegalStateException("the " + spec.model() + " network built here has " + network.size()
                    + " parameters but the server announced " + assign.parameterCount());
        }
        if (spec.simulate() != null) {
            return simulate(model);
        }
        int[] input = model.input();
        MinibatchGradient gradient = new MinibatchGradient(network,
                new Sampler(model.dataset().train(), spec.batchSize(), input[1], input[2], assign.workerSeed()),
                spec.weightDecay());
        WorkerRule rule = Rules.worker(spec, assign.startTau());
        preparing = false;
        Thread.interrupted();                        // a stop() that raced the end of preparation is seen below

        float[] center = new float[assign.parameterCount()];
        link.fetchCenter(center);
        rule.init(center);
        TrainingSession s = new TrainingSession(assign.jobId(), assign.rank(), spec.algorithm(), rule, gradient,
                CompressedUplink.of(link, spec.compression()),
                assign.startStep(), spec.stop().maxSteps(), System::nanoTime, spec.tauAuto(), spec.overlapAuto());
        session = s;
        s.reportTimes(reportTimes);
        if (requestedTau > 0) {
            s.requestTau(requestedTau);              // a setTau that came while the dataset was being fetched
        }
        if (link.cancelled()) {
            s.requestStop();
        }
        if (leaving) {
            s.requestLeave();
        }
        log.info("job={} rank={} training from step {}{}{}", assign.jobId(), assign.rank(), assign.startStep(),
                spec.tauAuto() ? " with tau auto, now " + assign.startTau() : "",
                spec.overlap() ? ", overlap " + spec.overlapLabel() : "");
        return s.run();
    }

    /**
     * A simulated job: {@code ready} and the CENTER as for training (the server then counts the job
     * RUNNING), then the virtual cluster on this thread; its results go to the server as they come.
     */
    private TrainingSession.Outcome simulate(JobModel model) {
        preparing = false;
        Thread.interrupted();
        float[] center = new float[assign.parameterCount()];
        link.fetchCenter(center);
        SimSession v = new SimSession(assign.jobId(), assign.rank(), model, link::send);
        sim = v;
        if (stopping || leaving) {
            v.requestStop();
        }
        long steps = v.run();
        return new TrainingSession.Outcome(TrainingSession.Outcome.Result.FINISHED, steps, 0, null);
    }
}
