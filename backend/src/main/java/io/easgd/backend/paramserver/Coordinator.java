package io.easgd.backend.paramserver;

import io.easgd.backend.EasgdProperties;
import io.easgd.backend.agents.AgentListener;
import io.easgd.backend.agents.AgentRegistry;
import io.easgd.backend.agents.AgentSession;
import io.easgd.backend.datasets.DatasetCatalog;
import io.easgd.backend.jobs.IllegalTransitionException;
import io.easgd.backend.jobs.Job;
import io.easgd.backend.jobs.JobRepository;
import io.easgd.backend.jobs.JobState;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.backend.metrics.MetricsRepository;
import io.easgd.backend.stream.JobStream;
import io.easgd.core.data.Dataset;
import io.easgd.core.model.FlatNetwork;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ProtocolException;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.rules.NonFiniteUploadException;
import io.easgd.core.training.JobModel;
import io.easgd.core.training.Rules;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.Disposable;

/**
 * Runs jobs on agents. All decisions (claiming a queued job, assigning ranks, starting, replacing
 * lost workers, ending) are taken on one coordinator thread, in order; exchanges run on their own
 * threads, each one atomic on the job's master rule. Exchanges of synchronous rules wait there for
 * their round without holding anything else.
 */
@Component
public class Coordinator implements AgentListener {
    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
    private static final Duration TICK = Duration.ofMillis(250);

    private final AgentRegistry registry;
    private final JobRepository jobs;
    private final MetricsRepository metrics;
    private final JobStream stream;
    private final DatasetCatalog catalog;
    private final Evaluator evaluator;
    private final TransactionTemplate tx;
    private final EasgdProperties props;
    private final Clock clock;
    private final Map<Long, JobRun> runs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "easgd-coordinator");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService exchanges = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "easgd-exchange");
        t.setDaemon(true);
        return t;
    });
    private Disposable jobChanges;
    private volatile boolean stopping;
    private Instant lastWorkerRows = Instant.EPOCH;

    public Coordinator(AgentRegistry registry, JobRepository jobs, MetricsRepository metrics, JobStream stream,
                       DatasetCatalog catalog, Evaluator evaluator, TransactionTemplate tx, EasgdProperties props,
                       Clock clock) {
        this.registry = registry;
        this.jobs = jobs;
        this.metrics = metrics;
        this.stream = stream;
        this.catalog = catalog;
        this.evaluator = evaluator;
        this.tx = tx;
        this.props = props;
        this.clock = clock;
    }

    @PostConstruct
    void start() {
        for (long id : jobs.claimedAndActive(props.instanceId())) {
            tx.executeWithoutResult(s -> jobs.transition(id, JobState.QUEUED,
                    "requeued: the backend stopped while the job ran; it resumes from its last checkpoint"));
        }
        jobChanges = stream.jobChanges().subscribe(id -> loop.execute(() -> onJobChanged(id)));
        loop.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * From here on the backend is going away: agents leaving now (the local ones get SIGTERM) must
     * not fail their jobs. Running jobs are checkpointed and requeued at the next start instead.
     */
    @org.springframework.context.event.EventListener(org.springframework.context.event.ContextClosedEvent.class)
    void onClosing() {
        stopping = true;
        for (AgentSession agent : registry.all()) {
            agent.close(1001, "the backend is shutting down");   // agents reconnect to the next one
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        jobChanges.dispose();
        loop.shutdown();
        loop.awaitTermination(10, TimeUnit.SECONDS);
        for (JobRun run : runs.values()) {
            try {
                evaluator.checkpoint(run).get(30, TimeUnit.SECONDS);
                flush(run);
            } catch (Exception e) {
                log.warn("checkpointing job {} at shutdown: {}", run.jobId, e.getMessage());
            }
        }
        exchanges.shutdownNow();
    }

    /** Running jobs' worker rows (docs/api.md), or empty when the job is not running here. */
    public Optional<List<Map<String, Object>>> workers(long jobId) {
        JobRun run = runs.get(jobId);
        if (run == null) {
            return Optional.empty();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (WorkerSlot s : run.slots) {
            rows.add(s.view(jobId));
        }
        return Optional.of(rows);
    }

    /** The evaluated variable of a job running here, as a DL4J zip. */
    public Optional<byte[]> liveModel(long jobId) throws Exception {
        JobRun run = runs.get(jobId);
        return run == null ? Optional.empty() : Optional.of(evaluator.modelZip(run).get(60, TimeUnit.SECONDS));
    }

    public java.nio.file.Path modelFile(long jobId) {
        return evaluator.modelFile(jobId);
    }

    // ---------------------------------------------------------------- the coordinator loop

    private void tick() {
        if (stopping) {
            return;
        }
        try {
            Instant now = clock.instant();
            dropSilentAgents(now);
            for (JobRun run : List.copyOf(runs.values())) {
                if (run.ending) {
                    continue;
                }
                replaceLost(run, now);
                Long wall = run.spec.stop().maxWallSeconds();
                if (run.running && wall != null && run.millis(now) >= wall * 1000) {
                    end(run, JobState.COMPLETED, "reached the wall-time limit of " + wall + " s");
                    continue;
                }
                if (run.running && !run.evaluating && due(run.lastEvalAt, props.eval().interval(), now)) {
                    evaluate(run, now);
                }
                if (run.running && due(run.lastCheckpointAt, props.eval().checkpointInterval(), now)) {
                    run.lastCheckpointAt = now;
                    evaluator.checkpoint(run).exceptionally(e -> {
                        log.warn("checkpoint of job {}: {}", run.jobId, e.getMessage());
                        return null;
                    });
                }
                flush(run);
            }
            if (due(lastWorkerRows, Duration.ofSeconds(1), now)) {
                lastWorkerRows = now;
                runs.values().stream().filter(r -> r.running && !r.ending).forEach(r -> workerRows(r));
            }
            scheduleQueued();
        } catch (RuntimeException e) {
            log.error("coordinator tick failed: {}", e.toString(), e);
        }
    }

    private static boolean due(Instant last, Duration every, Instant now) {
        return last == null || !now.isBefore(last.plus(every));
    }

    private void scheduleQueued() {
        List<AgentSession> idle = registry.idle();
        if (idle.isEmpty()) {
            return;
        }
        Optional<Job> next = jobs.peekNext();
        if (next.isEmpty() || next.get().spec().workers() > idle.size()) {
            return;                                 // the head of the queue waits for enough agents
        }
        Optional<Job> claimed = tx.execute(s -> jobs.claimNext(props.instanceId()));
        if (claimed == null || claimed.isEmpty()) {
            return;
        }
        Job job = claimed.get();
        try {
            startRun(job, idle.subList(0, job.spec().workers()));
        } catch (RuntimeException e) {
            log.warn("job {} cannot start: {}", job.id(), e.getMessage());
            runs.remove(job.id());
            idle.forEach(a -> stopAgent(a, job.id(), "FAILED: " + e.getMessage()));
            transition(job.id(), JobState.FAILED, e.getMessage());
        }
    }

    private void startRun(Job job, List<AgentSession> agents) {
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
        Optional<float[]> saved = evaluator.savedCenter(job.id(), init.length);
        long startStep = saved.isPresent() ? job.progress().step() : 0;
        JobRun run = new JobRun(job.id(), spec, model, Rules.master(spec), saved.orElse(init), startStep, agents, init);
        run.evalNetwork = network;          // handed to the evaluator thread, which is the only one to use it
        runs.put(job.id(), run);
        ToAgent.DatasetRef ref = catalog.ref(spec.dataset());
        for (int r = 0; r < agents.size(); r++) {
            AgentSession agent = agents.get(r);
            agent.assign(job.id(), r);
            agent.send(new ToAgent.Assign(job.id(), r, spec, spec.workerSeed(r), run.parameters, startStep, ref));
        }
        log.info("job {} assigned to {}{}", job.id(), agents.stream().map(AgentSession::id).toList(),
                saved.isPresent() ? " from its checkpoint at step " + startStep : "");
    }

    private void replaceLost(JobRun run, Instant now) {
        boolean anyAlive = false;
        for (WorkerSlot slot : run.slots) {
            if (slot.state != WorkerSlot.State.LOST) {
                anyAlive = true;
                continue;
            }
            if (now.isBefore(slot.lostAt.plus(props.agents().grace()))) {
                anyAlive = true;                     // may still come back
                continue;
            }
            List<AgentSession> idle = registry.idle();
            if (idle.isEmpty()) {
                continue;
            }
            AgentSession agent = idle.get(0);
            String old = slot.agentId;
            slot.reassign(agent.id(), agent.name());
            agent.assign(run.jobId, slot.rank);
            agent.send(new ToAgent.Assign(run.jobId, slot.rank, run.spec, run.spec.workerSeed(slot.rank) + slot.step,
                    run.parameters, run.startStep + slot.step, catalog.ref(run.spec.dataset())));
            workerEvent(run, slot, "REPLACED", "agent " + old + " was lost; " + agent.id() + " takes rank " + slot.rank);
            anyAlive = true;
        }
        if (!anyAlive && run.running) {
            end(run, JobState.FAILED, "every worker was lost and no agent was free to replace them");
        }
    }

    private void dropSilentAgents(Instant now) {
        for (AgentSession a : registry.all()) {
            if (now.isAfter(a.lastHeartbeatAt().plus(props.agents().heartbeatTimeout()))) {
                log.warn("agent {} sent nothing for {}; closing its connection", a.id(), props.agents().heartbeatTimeout());
                a.close(Protocol.CLOSE_NORMAL, "no heartbeat for " + props.agents().heartbeatTimeout().toSeconds() + " s");
            }
        }
    }

    private void evaluate(JobRun run, Instant now) {
        run.evaluating = true;
        run.lastEvalAt = now;
        long step = run.jobStep();
        long updates = run.master.updates();
        evaluator.evaluate(run).whenComplete((evaluation, error) -> loop.execute(() -> {
            run.evaluating = false;
            if (error != null) {
                log.warn("evaluating job {}: {}", run.jobId, error.toString());
            } else if (!run.ending) {
                onEvaluated(run, evaluation, step, updates);
            }
        }));
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
        run.lastTestError = score.error();
        run.lastTestLoss = score.loss();
        run.add(new MetricPoint(run.jobId, "test_error", null, t, step, score.error()));
        run.add(new MetricPoint(run.jobId, "test_loss", null, t, step, score.loss()));
    }

    private void flush(JobRun run) {
        List<MetricPoint> points = run.drain();
        tx.executeWithoutResult(s -> {
            metrics.record(run.jobId, points);
            jobs.updateProgress(run.jobId, run.jobStep(), run.lastTestError, run.lastTestLoss,
                    run.bytesUp(), run.bytesDown());
        });
        if (!points.isEmpty()) {
            stream.jobChanged(run.jobId);
        }
    }

    private void workerRows(JobRun run) {
        tx.executeWithoutResult(s -> {
            for (WorkerSlot slot : run.slots) {
                Map<String, Object> row = slot.view(run.jobId);
                row.put("at", clock.instant().toString());
                stream.append(run.jobId, "worker", row);
            }
        });
    }

    private void workerEvent(JobRun run, WorkerSlot slot, String event, String detail) {
        Map<String, Object> row = slot.view(run.jobId);
        row.put("event", event);
        row.put("detail", detail);
        row.put("at", clock.instant().toString());
        tx.executeWithoutResult(s -> stream.append(run.jobId, "worker", row));
        log.info("job {} rank {}: {} ({})", run.jobId, slot.rank, event, detail);
    }

    /** Ends a run: final evaluation when it completed, checkpoint, transition, agents freed. */
    private void end(JobRun run, JobState state, String reason) {
        if (run.ending || stopping) {
            return;
        }
        run.ending = true;
        try {
            if (state == JobState.COMPLETED) {
                recordScore(run, evaluator.evaluate(run).get(120, TimeUnit.SECONDS).score(), run.jobStep());
            }
            evaluator.checkpoint(run).get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("final evaluation or checkpoint of job {}: {}", run.jobId, e.toString());
        }
        flush(run);
        if (state != null) {
            transition(run.jobId, state, reason);
        }
        String why = (state == null ? "ENDED" : state.name()) + ": " + reason;
        stopAgents(run, why);
        runs.remove(run.jobId);
        run.master.close();
        log.info("job {} ended: {}", run.jobId, why);
    }

    /** Tells the agents still holding a rank of the run to stop, and frees them. */
    private void stopAgents(JobRun run, String why) {
        for (WorkerSlot slot : run.slots) {
            registry.get(slot.agentId).ifPresent(agent -> stopAgent(agent, run.jobId, why));
        }
    }

    private static void stopAgent(AgentSession agent, long jobId, String why) {
        if (Long.valueOf(jobId).equals(agent.jobId())) {
            agent.send(new ToAgent.Stop(jobId, why));
            agent.release();
        }
    }

    private void transition(long jobId, JobState state, String reason) {
        try {
            tx.executeWithoutResult(s -> jobs.transition(jobId, state, reason));
        } catch (IllegalTransitionException e) {
            log.info("job {} not moved to {}: {}", jobId, state, e.getMessage());
        }
    }

    private void onJobChanged(long jobId) {
        JobRun run = runs.get(jobId);
        if (run == null || run.ending) {
            return;
        }
        jobs.find(jobId).filter(j -> j.state().isFinal())
                .ifPresent(j -> end(run, null, j.reason() == null ? j.state().name() : j.reason()));
    }

    // ---------------------------------------------------------------- what agents say

    @Override
    public boolean resume(AgentSession agent, ToServer.Resume resume) {
        JobRun run = runs.get(resume.jobId());
        if (run == null || run.ending || resume.rank() >= run.slots.length) {
            return false;
        }
        WorkerSlot slot = run.slots[resume.rank()];
        synchronized (slot) {
            if (!agent.id().equals(slot.agentId) || slot.state == WorkerSlot.State.FINISHED
                    || slot.state == WorkerSlot.State.ASSIGNED) {
                return false;
            }
            slot.state = WorkerSlot.State.TRAINING;
            slot.lostAt = null;
            slot.assembler.reset();
        }
        agent.assign(run.jobId, slot.rank);
        loop.execute(() -> workerEvent(run, slot, "JOINED", "agent " + agent.id() + " reconnected and resumed"));
        return true;
    }

    @Override
    public void onMessage(AgentSession agent, ToServer message) {
        loop.execute(() -> {
            try {
                handle(agent, message);
            } catch (RuntimeException e) {
                log.warn("handling {} from agent {}: {}", message.getClass().getSimpleName(), agent.id(), e.toString());
            }
        });
    }

    private WorkerSlot slotFor(AgentSession agent, long jobId, int rank) {
        JobRun run = runs.get(jobId);
        if (run == null || run.ending || rank < 0 || rank >= run.slots.length
                || !agent.id().equals(run.slots[rank].agentId)) {
            return null;
        }
        return run.slots[rank];
    }

    private void handle(AgentSession agent, ToServer message) {
        Instant now = clock.instant();
        if (message instanceof ToServer.Ready r) {
            onReady(agent, r);
        } else if (message instanceof ToServer.Progress p) {
            onProgress(agent, p, now);
        } else if (message instanceof ToServer.Finished f) {
            onFinished(agent, f);
        } else if (message instanceof ToServer.Failed f) {
            if (slotFor(agent, f.jobId(), f.rank()) != null) {
                end(runs.get(f.jobId()), JobState.FAILED, "worker " + f.rank() + " failed: " + f.message());
            }
        } else if (message instanceof ToServer.Leaving l) {
            onLeaving(agent, l, now);
        } else {
            log.debug("ignoring {} from {}", message, agent.id());
        }
    }

    /** Dataset in place, network built: the job starts when all ranks are ready; a joining worker gets x̃. */
    private void onReady(AgentSession agent, ToServer.Ready r) {
        WorkerSlot slot = slotFor(agent, r.jobId(), r.rank());
        if (slot == null) {
            return;
        }
        JobRun run = runs.get(r.jobId());
        slot.state = WorkerSlot.State.READY;
        if (!run.running) {
            if (Arrays.stream(run.slots).allMatch(s -> s.state == WorkerSlot.State.READY)) {
                run.startedAt = clock.instant();
                run.running = true;
                transition(run.jobId, JobState.RUNNING, "all " + run.slots.length + " workers ready");
                for (WorkerSlot s : run.slots) {
                    registry.get(s.agentId).ifPresent(a -> sendCenter(run, s, a));
                }
            }
            return;
        }
        boolean joining = slot.lastSequence == 0;
        sendCenter(run, slot, agent);
        if (joining) {
            workerEvent(run, slot, "JOINED", "agent " + agent.id() + " joined from the center");
        }
    }

    /** Training loss per step and exchange latency, as metric points; the worker's pace. */
    private void onProgress(AgentSession agent, ToServer.Progress p, Instant now) {
        WorkerSlot slot = slotFor(agent, p.jobId(), p.rank());
        if (slot == null) {
            return;
        }
        JobRun run = runs.get(p.jobId());
        long t = run.millis(now);
        for (ToServer.Point point : p.points()) {
            run.add(new MetricPoint(run.jobId, "train_loss", slot.rank, t, point.step(), point.loss()));
            if (point.latencyMs() != null) {
                run.add(new MetricPoint(run.jobId, "latency_ms", slot.rank, t, point.step(), point.latencyMs()));
            }
        }
        long step = p.points().get(p.points().size() - 1).step() - run.startStep;
        if (slot.lastProgressAt != null && now.isAfter(slot.lastProgressAt)) {
            slot.stepsPerSecond = (step - slot.lastProgressStep)
                    / (Duration.between(slot.lastProgressAt, now).toNanos() / 1e9);
        }
        slot.lastProgressAt = now;
        slot.lastProgressStep = step;
        slot.step = Math.max(slot.step, step);
    }

    /** A worker reached maxSteps; the job completes when no worker is still training. */
    private void onFinished(AgentSession agent, ToServer.Finished f) {
        WorkerSlot slot = slotFor(agent, f.jobId(), f.rank());
        if (slot == null) {
            return;
        }
        JobRun run = runs.get(f.jobId());
        slot.step = Math.max(slot.step, f.steps() - run.startStep);
        slot.state = WorkerSlot.State.FINISHED;
        workerEvent(run, slot, "FINISHED", "reached " + f.steps() + " steps");
        if (Arrays.stream(run.slots).allMatch(s -> s.state == WorkerSlot.State.FINISHED
                || s.state == WorkerSlot.State.LOST)) {
            end(run, JobState.COMPLETED, "reached " + run.spec.stop().maxSteps() + " steps per worker");
        }
    }

    /** The agent made its final exchange and goes: its rank can be replaced at once. */
    private void onLeaving(AgentSession agent, ToServer.Leaving l, Instant now) {
        if (agent.jobId() == null) {
            return;
        }
        WorkerSlot slot = slotFor(agent, agent.jobId(), agent.rank());
        if (slot != null && slot.state != WorkerSlot.State.FINISHED) {
            slot.state = WorkerSlot.State.LOST;
            slot.lostAt = now.minus(props.agents().grace());
            workerEvent(runs.get(agent.jobId()), slot, "LEFT", "agent " + agent.id() + " left: " + l.reason());
        }
    }

    private void sendCenter(JobRun run, WorkerSlot slot, AgentSession agent) {
        float[] center = new float[run.parameters];
        run.master.copyCenter(center);
        synchronized (slot) {
            slot.bytesDown += agent.sendVector(ParamFrame.Kind.CENTER, run.jobId, slot.rank, 0,
                    run.startStep + slot.step, center);
            slot.state = WorkerSlot.State.TRAINING;
            slot.updatesAtLastExchange = run.master.updates();
        }
    }

    @Override
    public void onFrame(AgentSession agent, ParamFrame header, ByteBuffer frame, long wireBytes) {
        JobRun run = runs.get(header.jobId());
        if (run == null || agent.jobId() == null || agent.jobId() != header.jobId()
                || agent.rank() == null || agent.rank() != header.rank()) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "frame for job " + header.jobId() + " rank "
                    + header.rank() + ", but this agent holds " + (agent.jobId() == null ? "no rank"
                    : "job " + agent.jobId() + " rank " + agent.rank()));
        }
        if (header.kind() != ParamFrame.Kind.UP) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "agents send UP frames only, got " + header.kind());
        }
        WorkerSlot slot = run.slots[header.rank()];
        boolean complete;
        synchronized (slot) {
            if (!agent.id().equals(slot.agentId) || slot.state != WorkerSlot.State.TRAINING) {
                throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "rank " + header.rank() + " of job "
                        + header.jobId() + " is not training on this agent");
            }
            slot.bytesUp += wireBytes;
            complete = slot.assembler.accept(header, frame);
        }
        if (complete) {
            long sequence = slot.assembler.sequence();
            long step = slot.assembler.step();
            exchanges.execute(() -> exchange(run, slot, agent, sequence, step));
        }
    }

    private void exchange(JobRun run, WorkerSlot slot, AgentSession agent, long sequence, long step) {
        synchronized (slot) {
            if (slot.hasReply && sequence == slot.lastSequence) {
                slot.bytesDown += agent.sendVector(ParamFrame.Kind.DOWN, run.jobId, slot.rank, sequence, step, slot.reply);
                return;                                       // a replay after a reconnect: not applied twice
            }
            if (sequence != slot.lastSequence + 1) {
                agent.close(Protocol.CLOSE_PROTOCOL_ERROR, "sequence " + sequence + ", expected " + (slot.lastSequence + 1));
                return;
            }
        }
        double distance;
        try {
            distance = run.master.exchange(slot.rank, slot.up, slot.reply);
        } catch (NonFiniteUploadException e) {
            loop.execute(() -> end(run, JobState.FAILED, "diverged: " + e.getMessage()));
            return;
        } catch (IllegalStateException e) {
            log.info("job {} rank {}: exchange {} abandoned: {}", run.jobId, slot.rank, sequence, e.getMessage());
            return;                                           // the job ended during a synchronous round
        }
        long updates = run.master.updates();
        Instant now = clock.instant();
        long t = run.millis(now);
        synchronized (slot) {
            long staleness = Math.max(0, updates - 1 - slot.updatesAtLastExchange);
            slot.updatesAtLastExchange = updates;
            slot.lastSequence = sequence;
            slot.hasReply = true;
            slot.exchanges++;
            slot.bytesDown += agent.sendVector(ParamFrame.Kind.DOWN, run.jobId, slot.rank, sequence, step, slot.reply);
            slot.payloadBytes += 4L * (slot.up.length + slot.reply.length);
            slot.lastExchangeAt = now;
            if (Double.isFinite(distance)) {
                run.add(new MetricPoint(run.jobId, "elastic_distance", slot.rank, t, step, distance));
            }
            run.add(new MetricPoint(run.jobId, "staleness", slot.rank, t, step, staleness));
            run.add(new MetricPoint(run.jobId, "bytes_up", slot.rank, t, step, slot.bytesUp));
            run.add(new MetricPoint(run.jobId, "bytes_down", slot.rank, t, step, slot.bytesDown));
            run.add(new MetricPoint(run.jobId, "payload_bytes", slot.rank, t, step, slot.payloadBytes));
        }
    }

    @Override
    public void onDisconnected(AgentSession agent, String reason) {
        Long jobId = agent.jobId();
        Integer rank = agent.rank();
        if (jobId == null || rank == null) {
            return;
        }
        loop.execute(() -> {
            WorkerSlot slot = slotFor(agent, jobId, rank);
            if (slot == null || slot.state == WorkerSlot.State.FINISHED) {
                return;
            }
            Optional<AgentSession> successor = registry.get(agent.id()).filter(a -> a != agent);
            if (successor.isPresent() && Long.valueOf(jobId).equals(successor.get().jobId())) {
                return;                                   // the same agent reconnected and resumed its rank
            }
            JobRun run = runs.get(jobId);
            if (!run.running) {
                abortAssignment(run, "agent " + agent.id() + " disconnected before training started");
                return;
            }
            if (slot.state != WorkerSlot.State.LOST) {
                slot.state = WorkerSlot.State.LOST;
                // an agent that came back without resuming has lost its state: replace it at once
                slot.lostAt = successor.isPresent() ? clock.instant().minus(props.agents().grace()) : clock.instant();
                workerEvent(run, slot, "LOST", "agent " + agent.id() + " disconnected: " + reason);
            }
        });
    }

    private void abortAssignment(JobRun run, String reason) {
        run.ending = true;
        stopAgents(run, "QUEUED: " + reason);
        runs.remove(run.jobId);
        run.master.close();
        transition(run.jobId, JobState.QUEUED, reason);
    }

    Collection<JobRun> runs() {
        return runs.values();
    }
}
