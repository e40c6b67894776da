package io.easgd.backend.paramserver;

import io.easgd.backend.EasgdProperties;
import io.easgd.backend.agents.AgentRegistry;
import io.easgd.backend.agents.AgentSession;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.rules.RoundMaster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Worker supervision: the only writer of a {@link WorkerSlot}'s state, always on its job's lane.
 * Turns what agents say (ready, progress, finished, failed, leaving, resume, disconnects, faults)
 * into slot states and worker events, gives lost ranks to free agents after the grace period —
 * for synchronous rules in step with the rounds — and tells the run's lifecycle, by event, when
 * every rank is done, a worker failed or every worker is gone.
 */
@Component
class WorkerSupervisor {
    private static final Logger log = LoggerFactory.getLogger(WorkerSupervisor.class);

    private final Runs runs;
    private final AgentRegistry registry;
    private final WorkerEventLog eventLog;
    private final AutoTauControl autoTau;
    private final ElasticWorkers elastic;
    private final Duration grace;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    @Autowired
    WorkerSupervisor(Runs runs, AgentRegistry registry, WorkerEventLog eventLog, AutoTauControl autoTau,
                     ElasticWorkers elastic, EasgdProperties props, Clock clock, ApplicationEventPublisher events) {
        this(runs, registry, eventLog, autoTau, elastic, props.agents().grace(), clock, events);
    }

    WorkerSupervisor(Runs runs, AgentRegistry registry, WorkerEventLog eventLog, Duration grace, Clock clock,
                     ApplicationEventPublisher events) {
        this(runs, registry, eventLog, new AutoTauControl(registry, eventLog), grace, clock, events);
    }

    WorkerSupervisor(Runs runs, AgentRegistry registry, WorkerEventLog eventLog, AutoTauControl autoTau,
                     Duration grace, Clock clock, ApplicationEventPublisher events) {
        this(runs, registry, eventLog, autoTau, new ElasticWorkers(runs, eventLog, clock), grace, clock, events);
    }

    WorkerSupervisor(Runs runs, AgentRegistry registry, WorkerEventLog eventLog, AutoTauControl autoTau,
                     ElasticWorkers elastic, Duration grace, Clock clock, ApplicationEventPublisher events) {
        this.runs = runs;
        this.registry = registry;
        this.eventLog = eventLog;
        this.autoTau = autoTau;
        this.elastic = elastic;
        this.grace = grace;
        this.clock = clock;
        this.events = events;
    }

    // ---------------------------------------------------------------- what agents say

    /** A reconnecting agent asks to keep its rank; completes with true when it may. */
    CompletableFuture<Boolean> resume(AgentSession agent, ToServer.Resume resume) {
        JobRun run = runs.live(resume.jobId()).orElse(null);
        if (run == null || run.slot(resume.rank()) == null) {
            return CompletableFuture.completedFuture(false);
        }
        return CompletableFuture.supplyAsync(() -> {
            WorkerSlot slot = run.slots[resume.rank()];
            if (run.ending || !slot.holds(agent.id()) || slot.state == WorkerSlot.State.FINISHED
                    || slot.state == WorkerSlot.State.ASSIGNED) {
                return false;
            }
            if (run.running) {
                slot.state = WorkerSlot.State.TRAINING;     // before the start it stays READY until all are
            }
            slot.lostAt = null;
            slot.exchange.reconnected();
            autoTau.onResumed(run, slot);
            agent.assign(run.jobId, slot.rank);
            workerEvent(run, slot, "JOINED", "agent " + agent.id() + " reconnected and resumed");
            return true;
        }, run.lane);
    }

    void onMessage(AgentSession agent, ToServer message) {
        if (message instanceof ToServer.Ready r) {
            onSlot(agent, r.jobId(), r.rank(), (run, slot) -> ready(run, slot, agent));
        } else if (message instanceof ToServer.Progress p) {
            Instant now = clock.instant();
            onSlot(agent, p.jobId(), p.rank(), (run, slot) -> progress(run, slot, p, now));
        } else if (message instanceof ToServer.Finished f) {
            onSlot(agent, f.jobId(), f.rank(), (run, slot) -> finished(run, slot, f));
        } else if (message instanceof ToServer.Failed f) {
            onSlot(agent, f.jobId(), f.rank(), (run, slot) ->
                    events.publishEvent(new RunEvents.WorkerFailed(run, slot.rank, f.message())));
        } else if (message instanceof ToServer.Leaving l && agent.jobId() != null && agent.rank() != null) {
            onSlot(agent, agent.jobId(), agent.rank(), (run, slot) -> leaving(run, slot, agent, l));
        } else {
            log.debug("ignoring {} from {}", message, agent.id());
        }
    }

    /** The connection ended (any reason). */
    void onDisconnected(AgentSession agent, String reason) {
        Long jobId = agent.jobId();
        Integer rank = agent.rank();
        if (jobId == null || rank == null) {
            return;
        }
        onSlot(agent, jobId, rank, (run, slot) -> {
            if (slot.state == WorkerSlot.State.FINISHED || slot.state == WorkerSlot.State.LOST) {
                return;
            }
            AgentSession successor = registry.get(agent.id()).filter(a -> a != agent).orElse(null);
            if (successor != null && Long.valueOf(jobId).equals(successor.jobId())) {
                return;                                   // the same agent reconnected and resumed its rank
            }
            if (!run.running) {
                events.publishEvent(new RunEvents.AssignmentAborted(run,
                        "agent " + agent.id() + " disconnected before training started"));
                return;
            }
            // an agent that came back without resuming has lost its state: replace it at once
            lose(run, slot, successor != null, "LOST", "agent " + agent.id() + " disconnected: " + reason);
        });
    }

    /** The agent's connection was closed for a protocol fault: recorded, and its rank is not resumable. */
    void onProtocolError(AgentSession agent, String reason) {
        if (agent.jobId() == null || agent.rank() == null) {
            return;
        }
        onSlot(agent, agent.jobId(), agent.rank(), (run, slot) -> {
            workerEvent(run, slot, "PROTOCOL_ERROR", "agent " + agent.id() + ": " + reason);
            if (slot.state != WorkerSlot.State.FINISHED && slot.state != WorkerSlot.State.LOST && run.running) {
                lose(run, slot, true, "LOST", "agent " + agent.id() + " was disconnected for a protocol fault");
            }
        });
    }

    @EventListener
    void onUploadRejected(RunEvents.UploadRejected e) {
        JobRun run = e.run();
        run.lane.execute(() -> {
            WorkerSlot slot = run.slots[e.rank()];
            if (!slot.holds(e.agentId()) || run.ending) {
                return;
            }
            run.rejectedUploads++;
            workerEvent(run, slot, "REJECTED", "agent " + e.agentId() + ": " + e.reason());
            registry.get(e.agentId()).ifPresent(a -> a.close(Protocol.CLOSE_BAD_PAYLOAD,
                    "upload refused: " + e.reason()));
            lose(run, slot, true, "LOST", "agent " + e.agentId() + " sent a non-finite upload");
            int limit = 3 * run.slots.length;
            if (run.rejectedUploads >= limit) {
                events.publishEvent(new RunEvents.UploadsDiverged(run, "diverged: workers sent " + run.rejectedUploads
                        + " uploads holding NaN or Inf (" + e.reason() + ")"));
            }
        });
    }

    private interface SlotAction {
        void on(JobRun run, WorkerSlot slot);
    }

    /** Runs {@code action} on the job's lane if the agent still holds that rank of a live run. */
    private void onSlot(AgentSession agent, long jobId, int rank, SlotAction action) {
        JobRun run = runs.live(jobId).orElse(null);
        if (run == null || run.slot(rank) == null) {
            return;
        }
        run.lane.execute(() -> {
            WorkerSlot slot = run.slots[rank];
            if (!run.ending && slot.holds(agent.id())) {
                action.on(run, slot);
            }
        });
    }

    /** Dataset in place, network built: the job starts when all ranks are ready; a joining worker gets the join point. */
    private void ready(JobRun run, WorkerSlot slot, AgentSession agent) {
        if (slot.state == WorkerSlot.State.LOST || slot.state == WorkerSlot.State.FINISHED) {
            return;
        }
        if (slot.state == WorkerSlot.State.ASSIGNED) {
            slot.state = WorkerSlot.State.READY;
        }
        if (!run.running) {
            if (Arrays.stream(run.slots).allMatch(s -> s.state == WorkerSlot.State.READY
                    || s.state == WorkerSlot.State.VACANT)) {
                events.publishEvent(new RunEvents.AllReady(run));
                for (WorkerSlot s : run.slots) {
                    if (s.agentId != null) {
                        registry.get(s.agentId).ifPresent(a -> sendCenter(run, s, a));
                    }
                }
            }
            return;
        }
        boolean joining = !slot.exchange.exchangedSinceAssignment();
        sendCenter(run, slot, agent);
        if (joining) {
            workerEvent(run, slot, "JOINED", "agent " + agent.id() + " joined from the center");
        }
    }

    /** The join point (x̃, or MDOWNPOUR's look-ahead) to a fresh or replacement worker. */
    private void sendCenter(JobRun run, WorkerSlot slot, AgentSession agent) {
        float[] x = new float[run.parameters];
        run.master.copyJoinPoint(x);
        slot.exchange.joined(run.master.updates());
        slot.state = WorkerSlot.State.TRAINING;          // before the vector goes: its first UP may come back at once
        slot.exchange.countDown(agent.sendVector(ParamFrame.Kind.CENTER, run.jobId, slot.rank, 0,
                run.startStep + slot.step, x));
    }

    /** Training loss per step and exchange latency, as metric points; the worker's pace; auto-τ's timings. */
    private void progress(JobRun run, WorkerSlot slot, ToServer.Progress p, Instant now) {
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
        autoTau.onProgress(run, slot, p, now);
    }

    /** A worker reached maxSteps; the run is done when no rank is still training. */
    private void finished(JobRun run, WorkerSlot slot, ToServer.Finished f) {
        slot.step = Math.max(slot.step, f.steps() - run.startStep);
        slot.state = WorkerSlot.State.FINISHED;
        workerEvent(run, slot, "FINISHED", "reached " + f.steps() + " steps");
        checkDone(run);
    }

    private void checkDone(JobRun run) {
        if (run.running && Arrays.stream(run.slots).allMatch(s -> s.state == WorkerSlot.State.FINISHED
                || s.state == WorkerSlot.State.LOST || s.state == WorkerSlot.State.VACANT)
                && Arrays.stream(run.slots).anyMatch(s -> s.state == WorkerSlot.State.FINISHED)) {
            events.publishEvent(new RunEvents.RanksDone(run));
        }
    }

    /** The agent made its final exchange and goes: its rank can be replaced at once. */
    private void leaving(JobRun run, WorkerSlot slot, AgentSession agent, ToServer.Leaving l) {
        if (slot.state != WorkerSlot.State.FINISHED && slot.state != WorkerSlot.State.LOST) {
            lose(run, slot, true, "LEFT", "agent " + agent.id() + " left: " + l.reason());
        }
    }

    /**
     * The rank's agent is gone: the rank waits for a replacement (at once, or after the grace period
     * in which the agent may come back) — or, in a range job above its min, is retired at once.
     */
    private void lose(JobRun run, WorkerSlot slot, boolean replaceAtOnce, String event, String detail) {
        if (elastic.mayRetire(run, slot)) {
            workerEvent(run, slot, event, detail);
            elastic.retire(run, slot, detail);
            checkDone(run);
            return;
        }
        slot.state = WorkerSlot.State.LOST;
        slot.lostAt = replaceAtOnce ? clock.instant().minus(grace) : clock.instant();
        workerEvent(run, slot, event, detail);
        checkDone(run);
    }

    // ---------------------------------------------------------------- on the tick

    /** Gives ranks lost longer than the grace period to idle agents; on the job's lane. */
    void replaceLost(JobRun run, Instant now) {
        boolean anyAlive = false;
        for (WorkerSlot slot : run.slots) {
            if (slot.state == WorkerSlot.State.VACANT) {
                continue;
            }
            if (slot.state != WorkerSlot.State.LOST) {
                anyAlive = true;
                continue;
            }
            if (now.isBefore(slot.lostAt.plus(grace))) {
                anyAlive = true;                     // may still come back
                continue;
            }
            if (allOthersFinished(run, slot)) {
                continue;                            // nobody left to train with: the run is done
            }
            AgentSession agent = registry.idle().stream()
                    .filter(a -> a.assignIfIdle(run.jobId, slot.rank)).findFirst().orElse(null);
            if (agent == null) {
                continue;                            // none idle (or each was taken meanwhile: a range job's join)
            }
            replace(run, slot, agent);
            anyAlive = true;
        }
        if (!anyAlive && run.running) {
            events.publishEvent(new RunEvents.AllWorkersLost(run));
        }
    }

    private static boolean allOthersFinished(JobRun run, WorkerSlot lost) {
        return Arrays.stream(run.slots).filter(s -> s != lost)
                .allMatch(s -> s.state == WorkerSlot.State.FINISHED || s.state == WorkerSlot.State.LOST
                        || s.state == WorkerSlot.State.VACANT)
                && Arrays.stream(run.slots).anyMatch(s -> s.state == WorkerSlot.State.FINISHED);
    }

    private void replace(JobRun run, WorkerSlot slot, AgentSession agent) {
        String old = slot.agentId;
        slot.step = resumeStep(run, slot);
        slot.reassign(agent.id(), agent.name());         // the agent was assigned by replaceLost
        long start = run.startStep + slot.step;
        agent.send(new ToAgent.Assign(run.jobId, slot.rank, run.spec, run.spec.workerSeed(slot.rank) + start,
                run.parameters, start, run.dataset, run.assignTau()));
        autoTau.onReplaced(run, slot);
        workerEvent(run, slot, "REPLACED", "agent " + old + " was lost; " + agent.id() + " takes rank " + slot.rank
                + " from step " + start);
    }

    /**
     * Where a replacement starts, in this run's steps. Asynchronous rules: where the lost worker
     * was last seen. Synchronous rules: just after the last round the lost worker took part in, so
     * that the replacement's exchanges (every τ steps from its start) fall on the rounds its peers
     * are waiting at, and the rank makes exactly as many exchanges as an uninterrupted worker.
     */
    static long resumeStep(JobRun run, WorkerSlot slot) {
        if (run.master instanceof RoundMaster sync) {
            return run.stepsOfRounds(sync.arrivals(slot.rank));
        }
        return slot.step;
    }

    private void workerEvent(JobRun run, WorkerSlot slot, String event, String detail) {
        eventLog.record(run, slot, event, detail);
    }
}
