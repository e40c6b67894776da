package io.easgd.backend.paramserver;

import io.easgd.backend.EasgdProperties;
import io.easgd.backend.agents.AgentFaults;
import io.easgd.backend.agents.AgentRegistry;
import io.easgd.backend.agents.AgentSession;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.rules.RoundMaster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Worker supervision: the only writer of a {@link WorkerSlot}, always on its job's lane (checked by
 * {@code OwnershipTest}). Turns what agents say (ready, progress, finished, failed, leaving, resume,
 * disconnects, faults) into slot states and worker events, gives lost ranks to free agents after
 * the grace period, or at once when their agent comes back without its state — for synchronous
 * rules in step with the rounds — admits agents to worker ranges
 * and retires their ranks as {@link ElasticWorkers} decides, and tells the run's lifecycle, by
 * event, when every rank is done, a worker failed or every worker is gone for longer than
 * {@code easgd.agents.replace-timeout}.
 */
@Component
class WorkerSupervisor {
    private static final Logger log = LoggerFactory.getLogger(WorkerSupervisor.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Runs runs;
    private final AgentRegistry registry;
    private final AgentFaults faults;
    private final WorkerEventLog eventLog;
    private final AutoTauControl autoTau;
    private final ElasticWorkers elastic;
    private final StragglerDetector stragglers;
    private final Duration grace;
    private final Duration replaceTimeout;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    WorkerSupervisor(Runs runs, AgentRegistry registry, AgentFaults faults, WorkerEventLog eventLog,
                     AutoTauControl autoTau, ElasticWorkers elastic, EasgdProperties props, Clock clock,
                     ApplicationEventPublisher events) {
        this.runs = runs;
        this.registry = registry;
        this.faults = faults;
        this.eventLog = eventLog;
        this.autoTau = autoTau;
        this.elastic = elastic;
        this.stragglers = new StragglerDetector(props.stragglers().slowerThan(), props.stragglers().forDuration());
        this.grace = props.agents().grace();
        this.replaceTimeout = props.agents().replaceTimeout();
        this.clock = clock;
        this.events = events;
    }

    // ---------------------------------------------------------------- what agents say

    /**
     * A reconnecting agent asks to keep its rank; completes with true when it may. The agent is
     * marked as holding the rank while this is decided (so nothing else is given to it) and freed
     * when the answer is no.
     */
    CompletableFuture<Boolean> resume(AgentSession agent, ToServer.Resume resume) {
        Assignments.take(agent, resume.jobId(), resume.rank());
        JobRun run = runs.live(resume.jobId()).orElse(null);
        CompletableFuture<Boolean> decided = run == null || run.slot(resume.rank()) == null
                ? CompletableFuture.completedFuture(false)
                : CompletableFuture.supplyAsync(() -> resumeOnLane(run, run.slots[resume.rank()], agent), run.lane);
        return decided.whenComplete((ok, error) -> {
            if (!Boolean.TRUE.equals(ok)) {
                Assignments.release(agent);
            }
        });
    }

    private boolean resumeOnLane(JobRun run, WorkerSlot slot, AgentSession agent) {
        if (run.phase.ending() || !slot.holds(agent.id()) || slot.isFinished() || slot.isAssigned()) {
            return false;
        }
        if (faults.quarantined(agent.id())) {
            log.info("job {} rank {}: agent {} is quarantined for repeated protocol faults; its resume is refused",
                    run.jobId, slot.rank, agent.id());
            return false;
        }
        slot.markResumed(run.phase.running());
        slot.exchange.reconnected();
        autoTau.onResumed(run, slot);
        Assignments.take(agent, run.jobId, slot.rank);
        workerEvent(run, slot, "JOINED", "agent " + agent.id() + " reconnected and resumed");
        return true;
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
            if (slot.isEnded()) {
                return;
            }
            AgentSession successor = registry.get(agent.id()).filter(a -> a != agent).orElse(null);
            if (successor != null && Long.valueOf(jobId).equals(successor.jobId())) {
                return;                                   // the same agent reconnected and resumed its rank
            }
            if (!run.phase.running()) {
                events.publishEvent(new RunEvents.AssignmentAborted(run,
                        "agent " + agent.id() + " disconnected before training started"));
                return;
            }
            // an agent that came back without resuming has lost its state: replace it at once
            lose(run, slot, successor != null, "LOST", "agent " + agent.id() + " disconnected: " + reason);
        });
    }

    /**
     * The agent was welcomed without resuming — a restarted process: a rank it lost and whose grace
     * it was waiting out cannot get its state back, so waiting is moot. The rank is replaceable at
     * once, and the next tick gives it to an idle agent, this one first (an agent killed and
     * restarted by its supervisor is back at work in seconds, not after {@code easgd.agents.grace}).
     */
    void onStartedAfresh(AgentSession agent) {
        for (JobRun run : runs.all()) {
            run.lane.execute(() -> {
                Instant now = clock.instant();
                for (WorkerSlot slot : run.slots) {
                    if (!run.phase.ending() && slot.isLost() && slot.holds(agent.id()) && !slot.replaceableAt(now)) {
                        slot.markLost(now);
                        log.info("job {} rank {}: agent {} came back without its state; the rank is replaceable now",
                                run.jobId, slot.rank, agent.id());
                    }
                }
            });
        }
    }

    /**
     * The agent's connection was closed for a protocol fault. Nothing of the bad frame was applied,
     * so the rank keeps its grace period and the agent may resume it; an agent that faults
     * repeatedly ({@link AgentFaults}) is quarantined and its rank replaced at once.
     */
    void onProtocolError(AgentSession agent, String reason) {
        if (agent.jobId() == null || agent.rank() == null) {
            return;
        }
        boolean quarantined = faults.record(agent.id());
        onSlot(agent, agent.jobId(), agent.rank(), (run, slot) -> {
            workerEvent(run, slot, "PROTOCOL_ERROR", "agent " + agent.id() + ": " + reason);
            if (!slot.isEnded() && run.phase.running()) {
                lose(run, slot, quarantined, "LOST", "agent " + agent.id() + " was disconnected for a protocol fault"
                        + (quarantined ? " and is quarantined: it broke the protocol repeatedly" : ""));
            }
        });
    }

    @EventListener
    void onUploadRejected(RunEvents.UploadRejected e) {
        JobRun run = e.run();
        run.lane.execute(() -> {
            WorkerSlot slot = run.slots[e.rank()];
            if (!slot.holds(e.agentId()) || run.phase.ending()) {
                return;
            }
            int rejected = run.rejectUpload();
            workerEvent(run, slot, "REJECTED", "agent " + e.agentId() + ": " + e.reason());
            registry.get(e.agentId()).ifPresent(a -> a.close(Protocol.CLOSE_BAD_PAYLOAD,
                    "upload refused: " + e.reason()));
            lose(run, slot, true, "LOST", "agent " + e.agentId() + " sent a non-finite upload");
            int limit = 3 * run.slots.length;
            if (rejected >= limit) {
                events.publishEvent(new RunEvents.UploadsDiverged(run, "diverged: workers sent " + rejected
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
            if (!run.phase.ending() && slot.holds(agent.id())) {
                action.on(run, slot);
            }
        });
    }

    /** Dataset in place, network built: the job starts when all ranks are ready; a joining worker gets the join point. */
    private void ready(JobRun run, WorkerSlot slot, AgentSession agent) {
        if (slot.isEnded()) {
            return;
        }
        slot.markReady();
        if (!run.phase.running()) {
            if (Arrays.stream(run.slots).allMatch(WorkerSlot::readyOrVacant)) {
                events.publishEvent(new RunEvents.AllReady(run));
                for (WorkerSlot s : run.slots) {
                    if (s.agentId() != null) {
                        registry.get(s.agentId()).ifPresent(a -> sendCenter(run, s, a));
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
        slot.markTraining();                             // before the vector goes: its first UP may come back at once
        slot.exchange.countDown(agent.sendVector(ParamFrame.Kind.CENTER, run.jobId, slot.rank, 0,
                run.startStep + slot.step(), x));
    }

    /**
     * Training loss per step and exchange latency, as metric points; the worker's compute share, its
     * exchange throughput and the job's compute utilization ({@link WorkerTimes}); the worker's pace;
     * auto-τ's timings.
     */
    private void progress(JobRun run, WorkerSlot slot, ToServer.Progress p, Instant now) {
        long t = run.millis(now);
        for (ToServer.Point point : p.points()) {
            run.add(new MetricPoint(run.jobId, "train_loss", slot.rank, t, point.step(), point.loss()));
            if (point.latencyMs() != null) {
                run.add(new MetricPoint(run.jobId, "latency_ms", slot.rank, t, point.step(), point.latencyMs()));
            }
        }
        run.times.progress(run.jobId, slot.rank, slot.agentId(), p, slot.exchange.bytesUp() + slot.exchange.bytesDown(),
                slot.exchange.exchanges(), now, t).forEach(run::add);
        long step = p.points().get(p.points().size() - 1).step() - run.startStep;
        slot.progressed(step, now);
        autoTau.onProgress(run, slot, p, now);
    }

    /** A worker reached maxSteps; the run is done when no rank is still training. */
    private void finished(JobRun run, WorkerSlot slot, ToServer.Finished f) {
        slot.markFinished(f.steps() - run.startStep);
        workerEvent(run, slot, "FINISHED", "reached " + f.steps() + " steps");
        checkDone(run, clock.instant());
    }

    /**
     * The run is done when every rank is: finished, vacant, or lost past its grace period — a rank
     * inside its grace may still resume, so the run waits for it — and at least one finished.
     */
    private void checkDone(JobRun run, Instant now) {
        if (run.live() && Arrays.stream(run.slots).allMatch(s -> s.isDoneAt(now))
                && Arrays.stream(run.slots).anyMatch(WorkerSlot::isFinished)) {
            events.publishEvent(new RunEvents.RanksDone(run));
        }
    }

    /** The agent made its final exchange and goes: its rank can be replaced at once. */
    private void leaving(JobRun run, WorkerSlot slot, AgentSession agent, ToServer.Leaving l) {
        if (!slot.isEnded()) {
            lose(run, slot, true, "LEFT", "agent " + agent.id() + " left: " + l.reason());
        }
    }

    /**
     * The rank's agent is gone: the rank waits for a replacement (at once, or after the grace period
     * in which the agent may come back) — or, in a range job above its min, is retired at once. Its
     * step is the server's own count (the step of its last applied upload) when that is further than
     * its last progress report.
     */
    private void lose(JobRun run, WorkerSlot slot, boolean replaceAtOnce, String event, String detail) {
        long applied = slot.exchange.lastAppliedStep();
        if (applied >= 0) {
            slot.advanceTo(applied - run.startStep);
        }
        Instant now = clock.instant();
        if (elastic.mayRetire(run, slot)) {
            workerEvent(run, slot, event, detail);
            int from = run.workers();
            long step = run.startStep + slot.step();
            slot.vacate();
            elastic.changed(run, slot, "RETIRED", "worker " + slot.rank + " left at step " + step + " (" + detail
                    + ")", from, from - 1);
            checkDone(run, now);
            return;
        }
        slot.markLost(replaceAtOnce ? now : now.plus(grace));
        workerEvent(run, slot, event, detail);
        checkDone(run, now);
    }

    // ---------------------------------------------------------------- stragglers

    /**
     * On the job's lane, each tick of a live run: the training ranks that reported progress are
     * judged by {@link StragglerDetector} and each flip is a {@code straggler} event; a straggler that
     * stopped training (lost, finished, vacant, replaced) is RECOVERED, compared with the live ranks.
     */
    void checkStragglers(JobRun run, Instant now) {
        List<StragglerDetector.Rank> live = new ArrayList<>();
        for (WorkerSlot s : run.slots) {
            double rate = s.recentStepsPerSecond(now);
            if (s.isTraining() && !Double.isNaN(rate)) {
                live.add(new StragglerDetector.Rank(s.rank, rate, s.isStraggler(), s.slowSince()));
            }
        }
        for (StragglerDetector.Verdict v : stragglers.judge(live, now)) {
            WorkerSlot slot = run.slots[v.rank()];
            slot.judged(v.change() == null ? slot.isStraggler() : v.change().equals("SLOW"), v.slowSince());
            if (v.change() != null) {
                eventLog.recordStraggler(run, slot, v.change(), v.stepsPerSecond(), v.peerMedian());
            }
        }
        for (WorkerSlot s : run.slots) {
            if (s.isStraggler() && live.stream().noneMatch(r -> r.rank() == s.rank)) {
                double rate = s.recentStepsPerSecond(now);
                s.judged(false, null);
                eventLog.recordStraggler(run, s, "RECOVERED", Double.isNaN(rate) ? 0 : rate,
                        StragglerDetector.peerMedian(live, s.rank));
            }
        }
    }

    // ---------------------------------------------------------------- growing a worker range

    /**
     * On the job's lane: {@code agent} joins as the rank {@link ElasticWorkers#rankToAdmit} names
     * (p grows), from the job's step. Returns whether it did.
     */
    boolean admit(JobRun run, AgentSession agent) {
        WorkerSlot slot = elastic.rankToAdmit(run, agent);
        if (slot == null || faults.quarantined(agent.id())) {
            return false;
        }
        if (!Assignments.takeIfIdle(agent, run.jobId, slot.rank)) {
            return false;                                   // taken meanwhile (a replacement, another job)
        }
        int from = run.workers();
        slot.admit(agent.id(), agent.name(), run.step());   // from the job's step: its progress does not go back
        long start = run.startStep + slot.step();
        Assignments.send(agent, run, slot.rank, start);
        autoTau.onJoined(run, slot);
        elastic.changed(run, slot, "ADMITTED", "worker " + slot.rank + " joined (agent " + agent.id()
                + ", from step " + start + ")", from, from + 1);
        return true;
    }

    // ---------------------------------------------------------------- on the tick

    /**
     * On the job's lane: gives ranks lost longer than the grace period to idle agents; ends the run
     * when the last ranks' grace ran out with every other rank finished; and when no rank is left
     * alive, waits for agents up to {@code easgd.agents.replace-timeout} (each waiting rank is a
     * {@code WAITING} event and shows {@code waitingSince}) before the run fails.
     */
    void replaceLost(JobRun run, Instant now) {
        boolean anyAlive = false;
        boolean anyWaiting = false;
        Instant lastWaitingSince = null;
        for (WorkerSlot slot : run.slots) {
            if (slot.isVacant() || slot.isFinished()) {
                continue;
            }
            if (!slot.isLost()) {
                anyAlive = true;
                continue;
            }
            if (!slot.replaceableAt(now)) {
                anyAlive = true;                     // may still come back
                continue;
            }
            if (allOthersFinished(run, slot)) {
                continue;                            // nobody left to train with: the run is done
            }
            AgentSession agent = faults.usable(registry.idle()).stream()
                    .sorted(Comparator.comparing(a -> !slot.holds(a.id())))   // its own agent first, back afresh
                    .filter(a -> Assignments.takeIfIdle(a, run.jobId, slot.rank)).findFirst().orElse(null);
            if (agent != null) {
                replace(run, slot, agent);
                anyAlive = true;
                continue;
            }
            if (slot.waitingSince() == null) {       // none idle (or each was taken meanwhile: a range job's join)
                slot.markWaiting(now);
                workerEvent(run, slot, "WAITING", "waiting for an agent for rank " + slot.rank + " since "
                        + TIME.format(now) + " UTC: none is free");
            }
            anyWaiting = true;
            if (lastWaitingSince == null || slot.waitingSince().isAfter(lastWaitingSince)) {
                lastWaitingSince = slot.waitingSince();
            }
        }
        if (!run.live()) {
            return;
        }
        if (anyAlive) {
            return;
        }
        if (!anyWaiting) {
            checkDone(run, now);                     // the last lost ranks' grace ran out: done if any finished
            return;
        }
        if (!now.isBefore(lastWaitingSince.plus(replaceTimeout))) {
            events.publishEvent(new RunEvents.AllWorkersLost(run, replaceTimeout));
        }
    }

    private static boolean allOthersFinished(JobRun run, WorkerSlot lost) {
        return Arrays.stream(run.slots).filter(s -> s != lost)
                .allMatch(s -> s.isEnded() || s.isVacant())
                && Arrays.stream(run.slots).anyMatch(WorkerSlot::isFinished);
    }

    private void replace(JobRun run, WorkerSlot slot, AgentSession agent) {
        String old = slot.agentId();
        slot.reassign(agent.id(), agent.name(), resumeStep(run, slot));   // the agent was marked by replaceLost
        long start = run.startStep + slot.step();
        Assignments.send(agent, run, slot.rank, start);
        autoTau.onJoined(run, slot);
        workerEvent(run, slot, "REPLACED", (agent.id().equals(old)
                ? "agent " + old + " came back without its state; " + old + " takes rank " + slot.rank + " again"
                : "agent " + old + " was lost; " + agent.id() + " takes rank " + slot.rank) + " from step " + start);
    }

    /**
     * Where a replacement starts, in this run's steps. Asynchronous rules: where the lost worker
     * was last seen. Synchronous rules: just after the last round the lost worker took part in, so
     * that the replacement's exchanges (every τ steps from its start) fall on the rounds its peers
     * are waiting at, and the rank makes exactly as many exchanges as an uninterrupted worker. With
     * a round deadline the rounds went on without the lost rank: the replacement starts where the
     * furthest rank's last upload stands, so that it joins the rounds now open instead of making up
     * the missed ones alone at the end (the rank's missed steps are skipped, as at a restart).
     */
    static long resumeStep(JobRun run, WorkerSlot slot) {
        if (run.master instanceof RoundMaster sync) {
            return run.spec.roundDeadline() ? run.furthestStepsOfArrivals(sync::arrivals)
                    : run.stepsOfArrivals(slot.rank, sync.arrivals(slot.rank));
        }
        return slot.step();
    }

    private void workerEvent(JobRun run, WorkerSlot slot, String event, String detail) {
        eventLog.record(run, slot, event, detail);
    }
}
