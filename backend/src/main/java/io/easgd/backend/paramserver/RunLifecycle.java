package io.easgd.backend.paramserver;

import io.easgd.backend.EasgdProperties;
import io.easgd.backend.agents.AgentRegistry;
import io.easgd.backend.agents.AgentSession;
import io.easgd.backend.datasets.DatasetCatalog;
import io.easgd.backend.jobs.Job;
import io.easgd.backend.jobs.JobRepository;
import io.easgd.backend.jobs.JobState;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.backend.stream.JobStream;
import io.easgd.core.data.Dataset;
import io.easgd.core.model.FlatNetwork;
import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.training.BlowUpGuard;
import io.easgd.core.training.JobModel;
import io.easgd.core.training.Rules;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.Disposable;

/**
 * The life of a run on this replica: start (the master restored from the job's checkpoint when it
 * has one), training (evaluation, blow-up and target checks, wall-time limit, checkpoints, on each
 * tick) and its end. Every decision is taken on the job's lane; evaluation and checkpoints run on
 * the evaluator's thread and come back to the lane, so ending a run never holds a thread other
 * jobs need.
 */
@Component
class RunLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RunLifecycle.class);
    static final Duration TICK = Duration.ofMillis(250);
    /** How long the final evaluation and checkpoint of an ending run may take before it ends without them. */
    static final Duration FINAL_WORK_TIMEOUT = Duration.ofMinutes(2);

    private final Runs runs;
    private final AgentRegistry registry;
    private final JobRepository jobs;
    private final JobStream stream;
    private final DatasetCatalog catalog;
    private final Evaluator evaluator;
    private final WorkerSupervisor supervisor;
    private final RoundDeadlines deadlines;
    private final MetricFlusher flusher;
    private final TransactionTemplate tx;
    private final JobTransitions transitions;
    private final EasgdProperties props;
    private final Threads threads;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private Disposable jobChanges;

    RunLifecycle(Runs runs, AgentRegistry registry, JobRepository jobs, JobStream stream, DatasetCatalog catalog,
                 Evaluator evaluator, WorkerSupervisor supervisor, RoundDeadlines deadlines, MetricFlusher flusher,
                 TransactionTemplate tx,
                 JobTransitions transitions, EasgdProperties props, Threads threads, Clock clock,
                 ApplicationEventPublisher events) {
        this.transitions = transitions;
        this.runs = runs;
        this.registry = registry;
        this.jobs = jobs;
        this.stream = stream;
        this.catalog = catalog;
        this.evaluator = evaluator;
        this.supervisor = supervisor;
        this.deadlines = deadlines;
        this.flusher = flusher;
        this.tx = tx;
        this.props = props;
        this.threads = threads;
        this.clock = clock;
        this.events = events;
    }

    @PostConstruct
    void start() {
        jobChanges = stream.jobChanges().subscribe(this::onJobChanged);
        threads.tick.scheduleWithFixedDelay(() -> runs.all().forEach(run -> run.lane.execute(() -> tick(run))),
                TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * From here on the backend is going away: agents leaving now (the local ones get SIGTERM) must
     * not fail their jobs. Running jobs are checkpointed and requeued at the next start instead.
     */
    @EventListener(ContextClosedEvent.class)
    void onClosing() {
        runs.stopping();
        for (AgentSession agent : registry.all()) {
            agent.close(Protocol.CLOSE_GOING_AWAY, "the backend is shutting down");   // agents reconnect to the next one
        }
    }

    @PreDestroy
    void stop() {
        runs.stopping();
        if (jobChanges != null) {
            jobChanges.dispose();
        }
        for (JobRun run : runs.all()) {
            try {
                if (run.sim == null) {
                    evaluator.checkpoint(run).get(30, TimeUnit.SECONDS);
                }
                flusher.flush(run);
            } catch (Exception e) {
                log.warn("checkpointing job {} at shutdown: {}", run.jobId, e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- start

    /**
     * Starts a claimed job on {@code agents}: builds the model, restores the master from the job's
     * checkpoint when it has one, and assigns the ranks. Throws when the job cannot start.
     */
    void start(Job job, List<AgentSession> agents) {
        var spec = job.spec();
        Dataset dataset;
        try {
            dataset = catalog.load(spec.dataset());
        } catch (java.util.NoSuchElementException e) {
            throw new IllegalStateException("dataset " + spec.dataset() + " does not exist; the datasets are "
                    + catalog.list().stream().map(d -> d.name()).toList());
        }
        JobModel model = new JobModel(spec, dataset);
        FlatNetwork network = model.newNetwork();
        float[] init = network.initialParams();
        Optional<Evaluator.Saved> saved;
        try {
            saved = evaluator.saved(job.id(), spec).filter(s -> s.master().size() == init.length);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the checkpoint of job " + job.id() + " cannot be read: " + e.getMessage());
        }
        MasterRule master = saved.map(Evaluator.Saved::master).orElseGet(() -> {
            MasterRule m = Rules.master(spec);
            m.init(init);
            return m;
        });
        long startStep = saved.map(s -> s.step() >= 0 ? s.step() : job.progress().step()).orElse(0L);
        List<JobRun.Holder> holders = agents.stream().map(a -> new JobRun.Holder(a.id(), a.name())).toList();
        ToAgent.DatasetRef ref = catalog.ref(spec.dataset());
        JobRun run = new JobRun(job.id(), spec, model, master, startStep, holders, BlowUpGuard.of(init),
                threads.lane(job.id()), ref, job.progress().tau());
        run.evalNetwork = network;          // handed to the evaluator thread, which is the only one to use it
        runs.add(run);
        for (int r = 0; r < agents.size(); r++) {
            AgentSession agent = agents.get(r);
            Assignments.take(agent, job.id(), r);
            Assignments.send(agent, run, r, startStep);      // from a checkpoint: the data order of its step
        }
        log.info("job {} assigned to {}{}{}", job.id(), agents.stream().map(AgentSession::id).toList(),
                saved.isPresent() ? " from its checkpoint at step " + startStep : "",
                run.autoTau != null ? " with tau auto, now " + run.autoTau.tau() : "");
    }

    /**
     * The claimed job could not start on {@code agents} ({@link #start} threw): its run, if one was
     * added, is removed, the agents are stopped and freed, and the job FAILED with {@code why}.
     */
    void startFailed(Job job, List<AgentSession> agents, String why) {
        runs.get(job.id()).ifPresent(runs::remove);
        agents.forEach(a -> Assignments.stop(a, job.id(), "FAILED: " + why));
        transition(job.id(), JobState.FAILED, why);
    }

    @EventListener
    void onAllReady(RunEvents.AllReady e) {
        JobRun run = e.run();
        run.phase.start(clock.instant());
        transition(run.jobId, JobState.RUNNING, run.sim != null
                ? "its agent is ready to simulate p = " + run.spec.simulate().workers() + " workers"
                : "all " + run.workers() + " workers ready");
    }

    // ---------------------------------------------------------------- each tick, on the job's lane

    void tick(JobRun run) {
        if (run.phase.ending() || runs.isStopping()) {
            return;
        }
        Instant now = clock.instant();
        if (run.live() && run.sim == null) {
            supervisor.checkStragglers(run, now);  // before replaceLost: a lost straggler recovers before its rank moves on
        }
        supervisor.replaceLost(run, now);
        if (!run.live() || run.sim != null) {
            return;                                // a simulated job's agent evaluates, in virtual time
        }
        deadlines.check(run);
        Long wall = run.spec.stop().maxWallSeconds();
        if (wall != null && run.millis(now) >= wall * 1000) {
            end(run, JobState.COMPLETED, "reached the wall-time limit of " + wall + " s");
            return;
        }
        if (run.scores.evaluationDue(props.eval().intervalAfter(run.scores.lastEvalSeconds()), now)) {
            evaluate(run, now);
        }
        if (run.scores.checkpointDue(props.eval().checkpointInterval(), now)) {
            run.scores.checkpointStarted(now);
            evaluator.checkpoint(run).exceptionally(err -> {
                log.warn("checkpoint of job {}: {}", run.jobId, err.getMessage());
                return null;
            });
        }
    }

    private void evaluate(JobRun run, Instant now) {
        run.scores.evaluationStarted(now);
        long step = run.jobStep();
        long updates = run.master.updates();
        evaluator.evaluate(run).whenCompleteAsync((evaluation, error) -> {
            run.scores.evaluationEnded(evaluation != null ? evaluation.seconds() : null);
            if (error != null) {
                log.warn("evaluating job {}: {}", run.jobId, error.toString());
            } else if (!run.phase.ending()) {
                onEvaluated(run, evaluation, step, updates);
            }
        }, run.lane);
    }

    private void onEvaluated(JobRun run, Evaluator.Evaluation evaluation, long step, long updates) {
        FlatNetwork.Score score = evaluation.score();
        recordScore(run, score, step);
        String blowUp = run.guard.check(evaluation.norm());
        if (blowUp != null || !Double.isFinite(score.loss())) {
            end(run, JobState.FAILED, "diverged: " + (blowUp != null ? blowUp : "the test loss is " + score.loss())
                    + " after " + updates + " master updates");
            return;
        }
        Double target = run.spec.stop().targetTestError();
        if (target != null && score.error() <= target) {
            end(run, JobState.COMPLETED, "reached the target test error " + target + " (" + score.error() + ")");
        }
    }

    private void recordScore(JobRun run, FlatNetwork.Score score, long step) {
        long t = run.millis(clock.instant());
        run.scores.scored(score.error(), score.loss());
        run.add(new MetricPoint(run.jobId, "test_error", null, t, step, score.error()));
        run.add(new MetricPoint(run.jobId, "test_loss", null, t, step, score.loss()));
    }

    // ---------------------------------------------------------------- ending

    @EventListener
    void onRanksDone(RunEvents.RanksDone e) {
        end(e.run(), JobState.COMPLETED, RankResults.reason(e.run()));
    }

    @EventListener
    void onWorkerFailed(RunEvents.WorkerFailed e) {
        end(e.run(), JobState.FAILED, "worker " + e.rank() + " failed: " + e.message());
    }

    @EventListener
    void onAllWorkersLost(RunEvents.AllWorkersLost e) {
        end(e.run(), JobState.FAILED, "every worker was lost and no agent came to replace them within "
                + e.waited().toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                + " (easgd.agents.replace-timeout)");
    }

    @EventListener
    void onUploadsDiverged(RunEvents.UploadsDiverged e) {
        end(e.run(), JobState.FAILED, e.reason());
    }

    @EventListener
    void onAssignmentAborted(RunEvents.AssignmentAborted e) {
        JobRun run = e.run();
        run.lane.execute(() -> {
            if (run.phase.running() || !run.phase.end()) {
                return;
            }
            stopAgents(run, "QUEUED: " + e.reason());
            transition(run.jobId, JobState.QUEUED, e.reason());
            runs.remove(run);
            run.master.close();
            events.publishEvent(new RunEvents.RunEnded(run.jobId));
        });
    }

    /** Cancelled (or otherwise ended) through the API: the run stops here too. */
    private void onJobChanged(long jobId) {
        runs.live(jobId).ifPresent(run -> run.lane.execute(() -> {
            if (run.phase.ending()) {
                return;
            }
            jobs.find(jobId).filter(j -> j.state().isFinal())
                    .ifPresent(j -> end(run, null, j.reason() == null ? j.state().name() : j.reason()));
        }));
    }

    /**
     * Ends a run: final evaluation when it completed, a checkpoint, the per-rank results, the
     * transition, agents freed. Non-blocking: the slow parts run on the evaluator's thread and the
     * rest comes back to the job's lane. {@code state} null: the job already moved (cancelled).
     */
    void end(JobRun run, JobState state, String reason) {
        run.lane.execute(() -> {
            if (runs.isStopping() || !run.phase.end()) {
                return;
            }
            // a simulated job has no center here to evaluate or keep: its agent evaluated in virtual time
            CompletableFuture<?> finalWork = run.sim != null ? CompletableFuture.completedFuture(null)
                    : (state == JobState.COMPLETED
                    ? evaluator.evaluate(run).thenAccept(ev -> recordScore(run, ev.score(), run.jobStep()))
                    : CompletableFuture.completedFuture(null))
                    .thenCompose(v -> evaluator.checkpoint(run))
                    .orTimeout(FINAL_WORK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            finalWork.whenCompleteAsync((v, error) -> {
                if (error != null) {
                    log.warn("final evaluation or checkpoint of job {}: {}", run.jobId, error.toString());
                }
                finish(run, state, reason);
            }, run.lane);
        });
    }

    private void finish(JobRun run, JobState state, String reason) {
        try {
            DbRetry.run("writing the final metrics of job " + run.jobId, () -> flusher.flush(run));
        } catch (RuntimeException e) {
            log.error("job {}: its final metrics could not be written: {}", run.jobId, e.toString());
        }
        try {
            List<io.easgd.backend.jobs.Job.RankResult> ranks = RankResults.of(run);
            DbRetry.run("writing the rank results of job " + run.jobId,
                    () -> tx.executeWithoutResult(s -> jobs.recordRanks(run.jobId, ranks)));
        } catch (RuntimeException e) {
            log.error("job {}: its rank results could not be written: {}", run.jobId, e.toString());
        }
        if (state != null) {
            try {
                transition(run.jobId, state, reason);
            } catch (RuntimeException e) {
                log.error("job {} ended ({}: {}) but its state could not be written: {}", run.jobId, state, reason,
                        e.toString());
            }
        }
        String why = (state == null ? "ENDED" : state.name()) + ": " + reason;
        stopAgents(run, why);
        runs.remove(run);
        run.master.close();
        log.info("job {} ended: {}", run.jobId, why);
        events.publishEvent(new RunEvents.RunEnded(run.jobId));
    }

    /** Tells the agents still holding a rank of the run to stop, and frees them. */
    private void stopAgents(JobRun run, String why) {
        for (WorkerSlot slot : run.slots) {
            if (slot.agentId() != null) {                  // a vacant rank of a worker range has none
                registry.get(slot.agentId()).ifPresent(agent -> Assignments.stop(agent, run.jobId, why));
            }
        }
    }

    private void transition(long jobId, JobState state, String reason) {
        transitions.move(jobId, state, reason);
    }
}
