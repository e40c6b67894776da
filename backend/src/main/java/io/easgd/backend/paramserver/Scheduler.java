package io.easgd.backend.paramserver;

import io.easgd.backend.EasgdProperties;
import io.easgd.backend.agents.AgentFaults;
import io.easgd.backend.agents.AgentRegistry;
import io.easgd.backend.agents.AgentSession;
import io.easgd.backend.jobs.Job;
import io.easgd.backend.jobs.JobRepository;
import io.easgd.backend.jobs.JobState;
import jakarta.annotation.PostConstruct;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queue: claims the next job this replica can staff with its own idle agents ({@code SKIP LOCKED},
 * safe across replicas; the policy, and why a large job blocks the smaller ones behind it, is
 * {@link JobRepository#claimNext(String, int, int)}) and hands it to {@link RunLifecycle#start}; a
 * job with a worker range starts at its min, and idle agents no queued job can use join running range
 * jobs ({@link ElasticWorkers}). Runs
 * on its own thread, {@code easgd-scheduler}, on each tick and as soon as a run ends; at start it
 * requeues the jobs this replica held when it stopped, and every 10 s those it holds without running them.
 */
@Component
class Scheduler {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    private final AgentRegistry registry;
    private final JobRepository jobs;
    private final RunLifecycle lifecycle;
    private final Runs runs;
    private final TransactionTemplate tx;
    private final EasgdProperties props;
    private final Threads threads;
    private final ElasticWorkers elastic;
    private final WorkerSupervisor supervisor;
    private final AgentFaults faults;
    private final JobTransitions transitions;
    private final AtomicBoolean pending = new AtomicBoolean();
    /** How often jobs this replica holds without running them are looked for. */
    static final java.time.Duration RECONCILE_EVERY = java.time.Duration.ofSeconds(10);

    Scheduler(AgentRegistry registry, AgentFaults faults, JobRepository jobs, RunLifecycle lifecycle, Runs runs,
              TransactionTemplate tx, JobTransitions transitions, EasgdProperties props, Threads threads,
              ElasticWorkers elastic, WorkerSupervisor supervisor) {
        this.elastic = elastic;
        this.supervisor = supervisor;
        this.faults = faults;
        this.transitions = transitions;
        this.registry = registry;
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.runs = runs;
        this.tx = tx;
        this.props = props;
        this.threads = threads;
    }

    @PostConstruct
    void start() {
        for (long id : jobs.claimedAndActive(props.instanceId())) {
            transition(id, JobState.QUEUED,
                    "requeued: the backend stopped while the job ran; it resumes from its last checkpoint");
        }
        threads.tick.scheduleWithFixedDelay(this::poke, RunLifecycle.TICK.toMillis(), RunLifecycle.TICK.toMillis(),
                TimeUnit.MILLISECONDS);
        threads.tick.scheduleWithFixedDelay(() -> threads.scheduler.execute(this::reconcile),
                RECONCILE_EVERY.toSeconds(), RECONCILE_EVERY.toSeconds(), TimeUnit.SECONDS);
    }

    @EventListener
    void onRunEnded(RunEvents.RunEnded e) {
        poke();
    }

    /** Asks for one scheduling pass; passes asked for while one waits are merged. */
    void poke() {
        if (pending.compareAndSet(false, true)) {
            threads.scheduler.execute(() -> {
                pending.set(false);
                try {
                    scheduleQueued();
                } catch (RuntimeException | LinkageError e) {
                    log.warn("scheduling the queue: {}", e.toString());
                }
            });
        }
    }

    private void scheduleQueued() {
        if (runs.isStopping()) {
            return;
        }
        List<AgentSession> idle = faults.usable(registry.idle());   // a quarantined agent gets no work
        if (idle.isEmpty()) {
            return;
        }
        int connected = Math.max(registry.connectedCount(), idle.size());
        Optional<Job> claimed = tx.execute(s -> jobs.claimNext(props.instanceId(), idle.size(), connected));
        if (claimed == null || claimed.isEmpty()) {
            growRunning(idle, connected);
            return;
        }
        Job job = claimed.get();
        int need = job.spec().simulate() != null ? 1 : job.spec().workers();   // a virtual cluster runs on one agent
        List<AgentSession> agents = idle.subList(0, Math.min(idle.size(), need));
        if (agents.size() < need) {
            requeue(job.id(), "not enough idle agents any more");
            return;
        }
        try {
            lifecycle.start(job, agents);
            poke();                                 // more agents may be idle for the next job
        } catch (RuntimeException | LinkageError e) {  // never leave a claimed job in ASSIGNING
            log.warn("job {} cannot start: {}", job.id(), e.getMessage());
            lifecycle.startFailed(job, agents, e.getMessage());
        }
    }

    /**
     * No queued job could start on the idle agents: they may join running jobs with a worker range
     * ({@link ElasticWorkers}), unless a queued job this replica could staff waits for agents to free
     * up — queued jobs come first, so a range job never keeps a waiting job from starting.
     */
    private void growRunning(List<AgentSession> idle, int connected) {
        if (runs.all().stream().noneMatch(r -> r.spec.elasticWorkers() && r.phase.running())) {
            return;
        }
        Boolean waiting = tx.execute(s -> jobs.anyQueuedFor(connected));
        if (Boolean.TRUE.equals(waiting)) {
            return;
        }
        elastic.offer(idle, supervisor::admit);
    }

    private void requeue(long jobId, String reason) {
        transition(jobId, JobState.QUEUED, reason);
    }

    /**
     * Jobs this replica holds (ASSIGNING or RUNNING, claimed by its instance id) with no run here: a
     * state change was lost (the database was away longer than {@link DbRetry#GIVE_UP_AFTER}, or a
     * claim committed but its answer did not arrive). They go back to the queue and resume from their
     * checkpoint. Runs on the scheduler's thread, so it never races a claim of its own.
     */
    private void reconcile() {
        if (runs.isStopping()) {
            return;
        }
        try {
            for (long id : jobs.claimedAndActive(props.instanceId())) {
                if (runs.get(id).isEmpty()) {
                    log.warn("job {} is held by this backend but does not run here; requeuing it", id);
                    requeue(id, "requeued: this backend held the job without running it; it resumes from its "
                            + "last checkpoint");
                }
            }
        } catch (RuntimeException e) {
            log.warn("reconciling this backend's jobs: {}", e.toString());
        }
    }

    private void transition(long jobId, JobState state, String reason) {
        transitions.move(jobId, state, reason);
    }
}
