package io.easgd.backend.faults;

import io.easgd.backend.EasgdProperties;
import io.easgd.backend.audit.Actor;
import io.easgd.backend.audit.AuditLog;
import io.easgd.backend.db.EmbeddedPostgresServer;
import io.easgd.backend.jobs.Job;
import io.easgd.backend.jobs.JobRepository;
import io.easgd.backend.jobs.JobState;
import io.easgd.backend.lab.LocalAgents;
import io.easgd.backend.lab.net.BandwidthLab;
import io.easgd.backend.paramserver.LiveRanks;
import io.easgd.backend.stream.JobStream;
import io.easgd.backend.web.BadParameterException;
import io.easgd.backend.web.ConflictException;
import io.easgd.backend.web.NotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The fault lab (docs/operations.md, "Fault lab"), and the one owner of every fault's state: it injects
 * each fault when it is due, undoes it at the end of its duration (and at shutdown), and times its heal
 * with a {@link HealWatch}, on its own thread ({@code easgd-fault-lab}, a look every {@value #TICK_MS} ms).
 * Every change of a fault is written to {@code lab_faults} and to its job's stream (event {@code fault})
 * in one transaction; while the database is away the change waits in memory and is written at the next
 * look that reaches it. A backend started on the same database takes up what a previous one left open:
 * it undoes what is still active at its end and goes on timing heals (a restart of the backend is one of
 * the faults).
 */
@Component
public class FaultLab {
    private static final Logger log = LoggerFactory.getLogger(FaultLab.class);
    static final long TICK_MS = 100;
    private static final Pattern LOCAL = Pattern.compile("local-(\\d+)");

    /** What {@code GET /api/v1/lab/faults} shows. */
    public record LabView(boolean enabled, String note, long backendPid, String backendLog, List<KindView> kinds) {
    }

    /** One kind of fault and whether this backend can inject it. */
    public record KindView(FaultKind kind, boolean available, String note, boolean takesRank, boolean takesDuration,
                           boolean takesRate) {
    }

    /** A schedule and its faults. */
    public record ScheduleView(long id, long jobId, String state, Instant createdAt, List<Fault> faults) {
    }

    /** A job's faults and their figures by kind. */
    public record JobFaults(List<Fault> faults, List<FaultSummary.ByKind> byKind) {
    }

    /** A fault this lab follows (guarded by the lab's monitor). */
    private static final class Tracked {
        Fault fault;
        Long pid;
        HealWatch watch;
        boolean dirty;
        Instant jobCheckedAt = Instant.EPOCH;

        Tracked(Fault fault, Long pid, HealWatch watch) {
            this.fault = fault;
            this.pid = pid;
            this.watch = watch;
        }
    }

    private final EasgdProperties props;
    private final EasgdProperties.Faults settings;
    private final FaultRepository repo;
    private final LiveRanks ranks;
    private final LocalAgents agents;
    private final BandwidthLab links;
    private final ObjectProvider<EmbeddedPostgresServer> postgres;
    private final JobRepository jobs;
    private final JobStream stream;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final Clock clock;
    private final BackendRestarts restarts;
    private final Map<Long, Tracked> open = new TreeMap<>();
    private ScheduledExecutorService ticks;
    private volatile boolean stopping;

    FaultLab(EasgdProperties props, FaultRepository repo, LiveRanks ranks, LocalAgents agents, BandwidthLab links,
             ObjectProvider<EmbeddedPostgresServer> postgres, JobRepository jobs, JobStream stream, TransactionTemplate tx,
             AuditLog audit, Clock clock, ServerProperties server) {
        this.props = props;
        this.settings = props.lab().faults();
        this.repo = repo;
        this.ranks = ranks;
        this.agents = agents;
        this.links = links;
        this.postgres = postgres;
        this.jobs = jobs;
        this.stream = stream;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
        this.restarts = new BackendRestarts(props.dataDir(), server.getPort() == null ? 8080 : server.getPort());
    }

    // ================================================================ lifecycle

    @EventListener
    public synchronized void onReady(ApplicationReadyEvent event) {
        if (!settings.enabled() || ticks != null) {
            return;
        }
        for (FaultRepository.Stored s : repo.open()) {
            HealWatch.Before before = s.before() != null ? s.before() : new HealWatch.Before(null, List.of());
            open.put(s.fault().id(), new Tracked(s.fault(), s.pid(), new HealWatch(before)));
        }
        if (!open.isEmpty()) {
            log.info("fault lab: taking up {} faults a previous backend left open", open.size());
        }
        ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "easgd-fault-lab");
            t.setDaemon(true);
            return t;
        });
        ticks.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        log.warn("the fault lab is on (easgd.lab.faults.enabled): POST /api/v1/lab/faults kills, pauses and cuts off "
                + "this backend's agents and restarts the backend and its database");
    }

    /** Every active fault is undone at shutdown: no agent stays paused, no link cut or slowed. */
    @jakarta.annotation.PreDestroy
    public void stop() {
        stopping = true;
        if (ticks != null) {
            ticks.shutdownNow();
            try {
                ticks.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            Instant now = clock.instant();
            for (Tracked t : open.values()) {
                if (t.fault.state() == FaultState.ACTIVE) {
                    try {
                        undo(t, now);
                    } catch (RuntimeException e) {
                        log.error("fault {}: could not undo {} at shutdown: {}", t.fault.id(), t.fault.kind(), e.toString());
                    }
                }
            }
            flush();
        }
    }

    // ================================================================ the API's calls (blocking: on the db scheduler)

    public LabView status() {
        List<KindView> kinds = new ArrayList<>();
        for (FaultKind k : FaultKind.values()) {
            Optional<String> why = unavailable(k);
            kinds.add(new KindView(k, why.isEmpty(), why.orElse(null), k.takesRank(), k.takesDuration(), k.takesRate()));
        }
        String note = settings.enabled() ? null : "the fault lab is off: start the backend with "
                + "EASGD_LAB_FAULTS_ENABLED=true (and EASGD_LAB_LINK for link faults)";
        return new LabView(settings.enabled(), note, ProcessHandle.current().pid(), restarts.logFile().toString(), kinds);
    }

    public Fault inject(String body, Actor by) {
        FaultRequests.One one = FaultRequests.one(body);
        LiveRanks.Job job = runningJob(one.jobId());
        check(one.fault(), job, "");
        Fault f;
        synchronized (this) {
            f = repo.insert(one.jobId(), null, one.fault(), clock.instant().plusMillis(one.fault().atMs()));
            open.put(f.id(), new Tracked(f, null, null));
        }
        audit.record(by, "fault.requested", "job", one.jobId(), describe(one.fault()));
        return f;
    }

    public ScheduleView schedule(String body, Actor by) {
        LiveRanks.Job[] job = new LiveRanks.Job[1];
        // a random plan without kinds draws from those available here (no LINK_* without the bandwidth lab)
        List<FaultKind> available = java.util.Arrays.stream(FaultKind.values()).filter(k -> unavailable(k).isEmpty()).toList();
        FaultRequests.Schedule s = FaultRequests.schedule(body, id -> {
            job[0] = runningJob(id);
            return job[0].ranks().size();
        }, available);
        for (int i = 0; i < s.faults().size(); i++) {
            check(s.faults().get(i), job[0], s.random() != null ? "random." : "faults[" + i + "].");
        }
        Instant start = clock.instant();
        long id;
        List<Fault> faults = new ArrayList<>();
        synchronized (this) {
            long scheduleId = repo.insertSchedule(s.jobId(), body);
            id = scheduleId;
            for (FaultSpec f : s.faults()) {
                Fault row = repo.insert(s.jobId(), scheduleId, f, start.plusMillis(f.atMs()));
                faults.add(row);
                open.put(row.id(), new Tracked(row, null, null));
            }
        }
        audit.record(by, "fault.scheduled", "job", s.jobId(), faults.size() + " faults over "
                + (faults.isEmpty() ? 0 : s.faults().get(s.faults().size() - 1).atMs() / 1000) + " s"
                + (s.random() != null ? " (random, seed " + s.random().seed() + ")" : ""));
        return new ScheduleView(id, s.jobId(), "RUNNING", start, faults);
    }

    public ScheduleView getSchedule(long id) {
        FaultRepository.ScheduleRow row = repo.schedule(id).orElseThrow(() -> new NotFoundException(
                "fault schedule " + id + " does not exist"));
        return new ScheduleView(row.id(), row.jobId(), row.state(), row.createdAt(), currentOf(repo.ofSchedule(id)));
    }

    /** Cancels a schedule: its pending faults are CANCELLED, its active ones undone now (their heal is still timed). */
    public ScheduleView cancel(long id, Actor by) {
        FaultRepository.ScheduleRow row = repo.schedule(id).orElseThrow(() -> new NotFoundException(
                "fault schedule " + id + " does not exist"));
        int cancelled = 0;
        synchronized (this) {
            Instant now = clock.instant();
            for (Tracked t : open.values()) {
                if (id == (t.fault.scheduleId() == null ? -1 : t.fault.scheduleId())) {
                    if (t.fault.state() == FaultState.PENDING) {
                        t.fault = t.fault.with(FaultState.CANCELLED, "its schedule was cancelled");
                        t.dirty = true;
                        cancelled++;
                    } else if (t.fault.state() == FaultState.ACTIVE) {
                        undo(t, now);
                    }
                }
            }
            flush();
            if ("RUNNING".equals(row.state())) {
                repo.scheduleState(id, "CANCELLED");
            }
        }
        audit.record(by, "fault.schedule-cancelled", "job", row.jobId(), "schedule " + id + ": " + cancelled
                + " pending faults cancelled");
        return getSchedule(id);
    }

    public JobFaults ofJob(long jobId) {
        jobs.get(jobId);
        List<Fault> all = currentOf(repo.ofJob(jobId));
        return new JobFaults(all, FaultSummary.byKind(all));
    }

    public Fault get(long id) {
        Fault f = repo.find(id).orElseThrow(() -> new NotFoundException("fault " + id + " does not exist"));
        return currentOf(List.of(f)).get(0);
    }

    /** The rows, each replaced by this lab's newer state where one waits to be written. */
    private synchronized List<Fault> currentOf(List<Fault> rows) {
        return rows.stream().map(f -> {
            Tracked t = open.get(f.id());
            return t == null ? f : t.fault;
        }).toList();
    }

    private LiveRanks.Job runningJob(long jobId) {
        if (!settings.enabled()) {
            throw new ConflictException("the fault lab is off: start the backend with EASGD_LAB_FAULTS_ENABLED=true",
                    "DISABLED");
        }
        Job job = jobs.get(jobId);
        if (job.state() != JobState.RUNNING) {
            throw new ConflictException("job " + jobId + " is " + job.state() + ": faults are injected into a running job",
                    job.state().name());
        }
        return ranks.of(jobId).orElseThrow(() -> new ConflictException("job " + jobId + " does not run on this backend "
                + "(another replica runs it): inject faults through that one", "ELSEWHERE"));
    }

    private void check(FaultSpec f, LiveRanks.Job job, String at) {
        Optional<String> why = unavailable(f.kind());
        if (why.isPresent()) {
            throw new ConflictException(f.kind() + " is not available here: " + why.get(), "UNAVAILABLE");
        }
        if (f.rank() != null && f.rank() >= job.ranks().size()) {
            throw new BadParameterException(at + "rank", "must be a rank of job " + job.jobId() + ", in [0, "
                    + job.ranks().size() + "), found " + f.rank());
        }
    }

    Optional<String> unavailable(FaultKind k) {
        if (!settings.enabled()) {
            return Optional.of("the fault lab is off (EASGD_LAB_FAULTS_ENABLED=true turns it on)");
        }
        if (k.takesRank() && props.agents().local() <= 0) {
            return Optional.of("needs this backend's local agents (EASGD_AGENTS_LOCAL): the lab signals their processes");
        }
        if ((k == FaultKind.LINK_CUT || k == FaultKind.LINK_SLOW) && !props.lab().enabled()) {
            return Optional.of("needs the bandwidth lab, whose links it cuts and slows: start the backend as root with "
                    + "EASGD_LAB_LINK, e.g. 100mbit");
        }
        if (k.stopsBackend()) {
            return restarts.unavailable();
        }
        if (k == FaultKind.POSTGRES_RESTART && postgres.getIfAvailable() == null) {
            return Optional.of("PostgreSQL is external (easgd.db.url): the lab restarts the embedded one only");
        }
        return Optional.empty();
    }

    private static String describe(FaultSpec f) {
        return f.kind() + (f.rank() != null ? " rank " + f.rank() : "") + (f.durationMs() != null ? " for "
                + f.durationMs() + " ms" : "") + (f.rate() != null ? " at " + f.rate() : "")
                + (f.atMs() > 0 ? " in " + f.atMs() + " ms" : "");
    }

    // ================================================================ the clock

    private synchronized void tick() {
        if (stopping) {
            return;
        }
        Instant now = clock.instant();
        for (Tracked t : List.copyOf(open.values())) {
            try {
                advance(t, now);
            } catch (RuntimeException e) {
                log.warn("fault {} ({}): {}", t.fault.id(), t.fault.kind(), e.toString());
                if (t.fault.state() == FaultState.PENDING) {
                    t.fault = t.fault.with(FaultState.FAILED, "could not be injected: " + e.getMessage());
                    t.dirty = true;
                }
            }
            if (stopping) {
                return;                               // this backend is going: the next one takes over
            }
        }
        flush();
    }

    private void advance(Tracked t, Instant now) {
        Fault f = t.fault;
        switch (f.state()) {
            case PENDING -> {
                if (now.isBefore(f.dueAt())) {
                    return;
                }
                LiveRanks.Job job = ranks.of(f.jobId()).orElse(null);
                if (job == null || !job.running()) {
                    if (jobEnded(t, now)) {
                        t.fault = f.with(FaultState.CANCELLED, "its job ended before it was due");
                        t.dirty = true;
                    }
                    return;                           // the job is being assigned or resumed: the fault waits
                }
                if (disruptiveHealing(f)) {
                    return;
                }
                inject(t, job, now);
            }
            case ACTIVE -> {
                t.watch.look(ranks.of(f.jobId()).orElse(null), f.injectedAt());
                if (!now.isBefore(f.injectedAt().plusMillis(f.durationMs()))) {
                    undo(t, now);
                }
            }
            case HEALING -> {
                LiveRanks.Job job = ranks.of(f.jobId()).orElse(null);
                HealWatch.Cost cost = t.watch.look(job, f.over());
                if (cost != null) {
                    t.fault = f.healed(now, cost.stepsLost(), cost.uploadsDropped(), cost.resendsDropped());
                    t.dirty = true;
                    log.info("fault {} ({} of job {}): healed in {} ms, {} steps lost", f.id(), f.kind(), f.jobId(),
                            t.fault.healMs(), cost.stepsLost());
                } else if (job == null && jobEnded(t, now)) {
                    t.fault = f.with(FaultState.NOT_HEALED, "the job ended before every rank exchanged again");
                    t.dirty = true;
                } else if (now.isAfter(f.over().plus(settings.healTimeout()))) {
                    t.fault = f.with(FaultState.NOT_HEALED, "not every rank exchanged again within "
                            + settings.healTimeout().toSeconds() + " s (easgd.lab.faults.heal-timeout)");
                    t.dirty = true;
                }
            }
            default -> {
            }
        }
    }

    /** Whether a fault that hits the whole job (a restart) is in force or healing, for the job of {@code f}. */
    private boolean disruptiveHealing(Fault f) {
        for (Tracked o : open.values()) {
            if (o.fault.id() != f.id() && o.fault.jobId() == f.jobId() && o.fault.kind().disruptive()
                    && (o.fault.state() == FaultState.ACTIVE || o.fault.state() == FaultState.HEALING)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the job is over (asked of the database at most once a second per fault; false while it is away). */
    private boolean jobEnded(Tracked t, Instant now) {
        if (now.isBefore(t.jobCheckedAt.plusSeconds(1))) {
            return false;
        }
        t.jobCheckedAt = now;
        try {
            return jobs.find(t.fault.jobId()).map(j -> j.state().isFinal()).orElse(true);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void inject(Tracked t, LiveRanks.Job job, Instant now) {
        Fault f = t.fault;
        FaultKind k = f.kind();
        String agent = null;
        Long pid = null;
        String what;
        if (k.takesRank()) {
            LiveRanks.Rank r = job.ranks().stream().filter(x -> x.rank() == f.rank()).findFirst().orElse(null);
            if (r == null) {
                fail(t, "rank " + f.rank() + " is not a rank of job " + f.jobId() + " now (p = " + job.ranks().size() + ")");
                return;
            }
            if (!r.live()) {
                if (now.isAfter(f.dueAt().plus(settings.rankWait()))) {
                    fail(t, "rank " + f.rank() + " had no training agent for " + settings.rankWait().toSeconds()
                            + " s after the fault was due (easgd.lab.faults.rank-wait)");
                }
                return;                               // being replaced: the fault waits for its new agent
            }
            agent = r.agentName();
            int index = localIndex(agent);
            if (index < 0) {
                fail(t, "rank " + f.rank() + " is held by agent '" + agent + "', not by a local agent of this backend");
                return;
            }
            switch (k) {
                case AGENT_KILL, AGENT_PAUSE -> {
                    OptionalLong p = agents.pid(agent);
                    if (p.isEmpty()) {
                        fail(t, "local agent " + agent + " has no process now");
                        return;
                    }
                    pid = p.getAsLong();
                    if (k == FaultKind.AGENT_KILL) {
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                        what = "SIGKILL to " + agent + " (pid " + pid + ")";
                    } else {
                        Signals.send("STOP", pid);
                        what = "SIGSTOP to " + agent + " (pid " + pid + ") for " + f.durationMs() + " ms";
                    }
                }
                case LINK_CUT -> {
                    links.setConnected(index, false);
                    what = "the link of " + agent + " pulled at the switch for " + f.durationMs() + " ms";
                }
                default -> {
                    links.setRate(index, f.rate());
                    what = "the link of " + agent + " slowed to " + f.rate() + " for " + f.durationMs() + " ms";
                }
            }
        } else if (k == FaultKind.POSTGRES_RESTART) {
            EmbeddedPostgresServer pg = postgres.getObject();
            OptionalLong p = pg.pid();
            if (p.isEmpty()) {
                return;                               // it is restarting already: wait
            }
            pid = p.getAsLong();
            what = "fast shutdown (SIGINT) of the embedded PostgreSQL (pid " + pid + "); its watchdog starts it again";
        } else {
            what = (k == FaultKind.BACKEND_KILL ? "SIGKILL" : "SIGTERM") + " to the backend (pid "
                    + ProcessHandle.current().pid() + "), started again by a helper; its output goes to "
                    + restarts.logFile();
        }
        t.watch = new HealWatch(HealWatch.Before.of(job));
        t.fault = f.injected(now, agent, k.takesDuration() ? FaultState.ACTIVE : FaultState.HEALING, what);
        t.pid = pid;
        t.dirty = true;
        log.info("fault {} injected into job {}: {}", f.id(), f.jobId(), what);
        if (k == FaultKind.POSTGRES_RESTART || k.stopsBackend()) {
            flush();                                  // what else changed in this look, before the backend goes
            if (t.dirty && !write(t)) {               // the row must say so before the database or backend goes
                t.fault = f;
                t.watch = null;
                t.pid = null;
                t.dirty = false;
                return;
            }
        }
        if (k == FaultKind.POSTGRES_RESTART) {
            Signals.send("INT", pid);
        } else if (k.stopsBackend()) {
            stopping = true;
            if (k == FaultKind.BACKEND_RESTART) {
                agents.keepRunningAtStop();           // the agents and their network outlive this backend, as
                links.keepAtClose();                  // remote agents would; the next one adopts them
            }
            try {
                restarts.restart(k == FaultKind.BACKEND_KILL ? "KILL" : "TERM");
            } catch (IOException e) {
                stopping = false;
                throw new IllegalStateException("could not start the restart helper: " + e.getMessage(), e);
            }
        }
    }

    private void undo(Tracked t, Instant now) {
        Fault f = t.fault;
        switch (f.kind()) {
            case AGENT_PAUSE -> {
                if (t.pid != null && !Signals.send("CONT", t.pid)) {
                    log.info("fault {}: agent process {} is gone; nothing to resume", f.id(), t.pid);
                }
            }
            case LINK_CUT -> links.setConnected(localIndex(f.agentName()), true);
            case LINK_SLOW -> links.setRate(localIndex(f.agentName()), null);
            default -> {
            }
        }
        t.fault = f.undone(now);
        t.dirty = true;
        log.info("fault {} ({} of job {}) undone", f.id(), f.kind(), f.jobId());
    }

    private void fail(Tracked t, String why) {
        t.fault = t.fault.with(FaultState.FAILED, why);
        t.dirty = true;
        log.warn("fault {} ({} of job {}) failed: {}", t.fault.id(), t.fault.kind(), t.fault.jobId(), why);
    }

    private static int localIndex(String agent) {
        Matcher m = agent == null ? null : LOCAL.matcher(agent);
        return m != null && m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Writes every changed fault; the ones the database cannot take now stay changed for the next look. */
    private void flush() {
        boolean closedAny = false;
        for (Tracked t : List.copyOf(open.values())) {
            if (t.dirty && write(t) && !t.fault.state().open()) {
                open.remove(t.fault.id());
                closedAny = true;
            }
        }
        if (closedAny) {
            try {
                repo.finishSchedules();
            } catch (RuntimeException e) {
                log.debug("fault lab: schedules not updated now: {}", e.toString());
            }
        }
    }

    private boolean write(Tracked t) {
        try {
            Fault f = t.fault;
            tx.executeWithoutResult(s -> {
                repo.update(f, t.pid, t.watch == null ? null : t.watch.before());
                stream.append(f.jobId(), "fault", f);
            });
            t.dirty = false;
            return true;
        } catch (RuntimeException e) {
            log.debug("fault {}: not written now ({}); tried again at the next look", t.fault.id(), e.toString());
            return false;
        }
    }
}
