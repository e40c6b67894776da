package io.easgd.backend.sweeps;

import io.easgd.backend.agents.AgentRegistry;
import io.easgd.backend.audit.Actor;
import io.easgd.backend.audit.AuditLog;
import io.easgd.backend.db.Db;
import io.easgd.backend.jobs.IllegalTransitionException;
import io.easgd.backend.jobs.Job;
import io.easgd.backend.jobs.JobRepository;
import io.easgd.backend.jobs.JobState;
import io.easgd.core.spec.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Creating (all jobs or none), cancelling and showing sweeps. */
@Service
public class SweepService {
    private final SweepRepository sweeps;
    private final JobRepository jobs;
    private final SweepResults results;
    private final SweepPresets presets;
    private final Db db;
    private final Clock clock;
    private final AgentRegistry agents;
    private final AuditLog audit;
    private final RungRepository rungs;
    private final io.easgd.backend.metrics.MetricsRepository metrics;

    public SweepService(SweepRepository sweeps, JobRepository jobs, SweepResults results, SweepPresets presets, Db db,
                        Clock clock, AgentRegistry agents, AuditLog audit, RungRepository rungs,
                        io.easgd.backend.metrics.MetricsRepository metrics) {
        this.rungs = rungs;
        this.metrics = metrics;
        this.agents = agents;
        this.audit = audit;
        this.sweeps = sweeps;
        this.jobs = jobs;
        this.results = results;
        this.presets = presets;
        this.db = db;
        this.clock = clock;
    }

    /** Validates the whole request, then stores the sweep and one QUEUED job per run in one transaction. */
    public Mono<Sweep> create(String body, Actor by) {
        return db.call(() -> {
            SweepRequest request = SweepRequest.parse(body, presets::request);
            return new Object[] {request, SweepPlan.expand(request)};
        }).flatMap(planned -> db.inTransaction(() -> {
            SweepRequest request = (SweepRequest) planned[0];
            @SuppressWarnings("unchecked")
            List<SweepPlan.Run> runs = (List<SweepPlan.Run>) planned[1];
            long id = sweeps.insert(SweepPlan.name(request), request.preset(), request.priority(), request.toJson(),
                    request.targetTestError());
            for (int i = 0; i < runs.size(); i++) {
                SweepPlan.Run run = runs.get(i);
                Job job = jobs.insert(run.jobName(), request.priority(), run.spec(), id);
                sweeps.insertRun(id, i, job.id(), run.label(), run.params());
            }
            audit.record(by, "sweep.submitted", "sweep", id, SweepPlan.name(request) + " (" + runs.size() + " jobs)");
            return id;
        })).flatMap(this::get);
    }

    /** Cancels every job of the sweep that has not ended, through the jobs' own cancel path. Idempotent. */
    public Mono<Sweep> cancel(long id, Actor by) {
        return db.inTransaction(() -> {
            SweepRepository.Row row = sweeps.lock(id);
            boolean any = row.cancelledAt() != null;
            int cancelled = 0;
            for (Job job : jobs.ofSweep(id)) {
                if (job.state().isFinal()) {
                    continue;
                }
                try {
                    jobs.transition(job.id(), JobState.CANCELLED, "sweep " + id + " cancelled by a user");
                    any = true;
                    cancelled++;
                } catch (IllegalTransitionException e) {
                    // it ended meanwhile
                }
            }
            if (any) {
                sweeps.markCancelled(id);
            }
            audit.record(by, "sweep.cancelled", "sweep", id, row.name() + " (" + cancelled + " jobs cancelled)");
            return id;
        }).flatMap(this::get);
    }

    /** Every stored metric point of every run, {@code jobId,series,worker,t,step,value}. */
    public Mono<String> metricsCsv(long id) {
        return db.call(() -> {
            sweeps.get(id);
            List<List<Object>> rows = new ArrayList<>();
            for (SweepRepository.RunRow r : sweeps.runs(id)) {
                metrics.read(r.jobId(), io.easgd.backend.metrics.MetricPoint.SERIES, 0, Long.MAX_VALUE).forEach((key, points) ->
                        points.forEach(p -> rows.add(java.util.Arrays.asList(r.jobId(), key.series(), key.worker(), p.t(),
                                p.step(), p.value()))));
            }
            List<String> header = new ArrayList<>(List.of("jobId"));
            header.addAll(io.easgd.backend.metrics.MetricsController.COLUMNS);
            return io.easgd.backend.web.Csv.write(header, rows);
        });
    }

    public Mono<Sweep> get(long id) {
        return db.call(() -> view(id));
    }

    public Mono<Sweep.Page> list(int page, int size) {
        return db.call(() -> {
            List<SweepRepository.Row> rows = sweeps.list(page, size);
            Map<Long, SweepRepository.JobTally> tally = sweeps.tally(rows.stream().map(SweepRepository.Row::id).toList());
            List<Sweep.Summary> items = rows.stream().map(r -> {
                SweepRepository.JobTally t = tally.get(r.id());
                Sweep.Counts counts = Sweep.Counts.of(t.byState());
                SweepState state = SweepState.of(r.cancelledAt() != null, counts);
                return new Sweep.Summary(r.id(), r.name(), r.preset(), state, r.priority(), r.createdAt(),
                        state == SweepState.RUNNING ? null : t.lastFinishedAt(), map(r, "base"), map(r, "grid"),
                        list(r, "extra"), new Sweep.Target(r.target()), counts);
            }).toList();
            return new Sweep.Page(items, page, size, sweeps.count());
        });
    }

    private Sweep view(long id) {
        SweepRepository.Row row = sweeps.get(id);
        Map<Long, Job> byId = jobs.ofSweep(id).stream().collect(Collectors.toMap(Job::id, Function.identity()));
        List<RungRepository.Decision> decisions = rungs.ofSweep(id);
        Map<Long, Integer> highestRung = new java.util.HashMap<>();
        decisions.forEach(d -> highestRung.merge(d.jobId(), d.rung(), Math::max));
        Instant now = clock.instant();
        List<Sweep.Run> runs = new ArrayList<>();
        List<PaperVerdict.Outcome> outcomes = new ArrayList<>();
        Map<JobState, Integer> byState = new java.util.EnumMap<>(JobState.class);
        Instant lastEnd = null;
        double workerSeconds = 0;
        for (SweepRepository.RunRow r : sweeps.runs(id)) {
            Job job = byId.get(r.jobId());
            if (job == null) {
                continue;
            }
            byState.merge(job.state(), 1, Integer::sum);
            if (job.finishedAt() != null && (lastEnd == null || job.finishedAt().isAfter(lastEnd))) {
                lastEnd = job.finishedAt();
            }
            RunResults.Derived d = results.of(job, row.target());
            Double wall = job.startedAt() == null ? null
                    : Duration.between(job.startedAt(), job.finishedAt() != null ? job.finishedAt() : now).toMillis() / 1000.0;
            Double cost = workerSeconds(job, wall, d);
            workerSeconds += cost == null ? 0 : cost;
            runs.add(new Sweep.Run(job.id(), r.label(), r.params(), job.state(), d.bestTestError(), d.finalTestError(),
                    d.secondsToTarget(), d.bytesToTarget(), job.result().bytesUp() + job.result().bytesDown(), wall,
                    false, highestRung.get(job.id()), cost));
            if (!job.spec().tauAuto()) {                 // an auto-τ run belongs to no fixed-τ cell of the verdict
                outcomes.add(new PaperVerdict.Outcome(job.spec().algorithm(), job.spec().tau(), job.state(),
                        job.reason(), d.bestTestError(), d.secondsToTarget(), d.bytesToTarget()));
            }
        }
        Long best = best(runs);
        runs.replaceAll(r -> r.jobId() == (best == null ? -1 : best) ? withBest(r) : r);
        Sweep.Counts counts = Sweep.Counts.of(byState);
        SweepState state = SweepState.of(row.cancelledAt() != null, counts);
        return new Sweep(row.id(), row.name(), row.preset(), state, row.priority(), row.createdAt(),
                state == SweepState.RUNNING ? null : lastEnd, map(row, "base"), map(row, "grid"), list(row, "extra"),
                new Sweep.Target(row.target()), counts, runs, best, PaperVerdict.of(outcomes),
                warnings(byId.values(), agents.all().size()), map(row, "sample"), searchView(row),
                rungsOf(decisions), Math.round(workerSeconds * 1000) / 1000.0);
    }

    /**
     * What a run cost in worker time: its wall seconds × the workers it ran with, or for a simulated job its
     * virtual seconds (its last evaluation) × its virtual workers. Null before it ran.
     */
    static Double workerSeconds(Job job, Double wallSeconds, RunResults.Derived d) {
        if (job.spec().simulate() != null) {
            return d.lastSeconds() == null ? null : d.lastSeconds() * job.spec().simulate().workers();
        }
        if (wallSeconds == null) {
            return null;
        }
        Integer p = job.progress().workers();
        return wallSeconds * (p != null ? p : job.spec().workers());
    }

    /**
     * The search as a sweep shows it (docs/api.md "Searches"): its bounds as {@code min}/{@code max} of its resource
     * and its bracket count; the request's form ({@code minSteps}, …) is what is stored.
     */
    static Map<String, Object> searchView(SweepRepository.Row row) {
        io.easgd.core.search.SearchSpec s = SweepSearch.stored(row.request());
        if (s == null) {
            return null;
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("method", s.method().json());
        out.put("reductionFactor", s.reductionFactor());
        out.put("resource", s.resource().json());
        out.put("min", s.min());
        out.put("max", s.max());
        out.put("brackets", s.brackets());
        return out;
    }

    /** The decisions grouped by bracket and rung, in order (they come sorted so). */
    static List<Sweep.Rung> rungsOf(List<RungRepository.Decision> decisions) {
        Map<List<Integer>, List<RungRepository.Decision>> byRung = new java.util.LinkedHashMap<>();
        decisions.forEach(d -> byRung.computeIfAbsent(List.of(d.bracket(), d.rung()), k -> new ArrayList<>()).add(d));
        List<Sweep.Rung> out = new ArrayList<>();
        byRung.forEach((k, ds) -> {
            int promoted = (int) ds.stream().filter(RungRepository.Decision::promoted).count();
            int ended = (int) ds.stream().filter(d -> "ENDED".equals(d.decision())).count();
            out.add(new Sweep.Rung(k.get(0), k.get(1), ds.get(0).at(), ds.size(), promoted,
                    ds.size() - promoted - ended, ended,
                    ds.stream().map(d -> new Sweep.RungDecision(d.jobId(), d.value(), d.testError(), d.rank(), d.of(),
                            d.keep(), d.decision(), d.decidedAt())).toList()));
        });
        return out;
    }

    /**
     * A queued run that needs more workers than agents are connected waits, and holds the queue behind
     * it, until more agents connect: say so rather than leave the sweep silently QUEUED.
     */
    static List<String> warnings(java.util.Collection<Job> jobs, int connectedAgents) {
        int needed = jobs.stream().filter(j -> !j.state().isFinal())
                .mapToInt(j -> j.spec().simulate() != null ? 1 : j.spec().workers()).max().orElse(0);   // simulated: one agent
        if (needed <= connectedAgents) {
            return List.of();
        }
        return List.of("runs of this sweep need " + needed + " workers but " + connectedAgents
                + (connectedAgents == 1 ? " agent is" : " agents are") + " connected: they wait in the queue until "
                + needed + " agents are idle (start more agents, or set EASGD_AGENTS_LOCAL=" + needed
                + " for the local lab)");
    }

    /** The fastest run to the target; if none reached it, the lowest best test error; null before any result. */
    static Long best(List<Sweep.Run> runs) {
        return runs.stream().filter(r -> r.bestTestError() != null)
                .min(Comparator.comparing((Sweep.Run r) -> r.secondsToTarget() == null ? Double.POSITIVE_INFINITY
                                : r.secondsToTarget())
                        .thenComparing(Sweep.Run::bestTestError)
                        .thenComparingLong(Sweep.Run::jobId))
                .map(Sweep.Run::jobId).orElse(null);
    }

    private static Sweep.Run withBest(Sweep.Run r) {
        return new Sweep.Run(r.jobId(), r.label(), r.params(), r.state(), r.bestTestError(), r.finalTestError(),
                r.secondsToTarget(), r.bytesToTarget(), r.bytesTotal(), r.wallSeconds(), true, r.rung(), r.workerSeconds());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(SweepRepository.Row row, String field) {
        return Json.MAPPER.convertValue(row.request().get(field), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(SweepRepository.Row row, String field) {
        return Json.MAPPER.convertValue(row.request().get(field), List.class);
    }
}
