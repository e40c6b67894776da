package io.easgd.backend.sweeps;

import io.easgd.backend.EasgdProperties;
import io.easgd.backend.db.Db;
import io.easgd.backend.jobs.IllegalTransitionException;
import io.easgd.backend.jobs.JobRepository;
import io.easgd.backend.jobs.JobState;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.backend.metrics.MetricsRepository;
import io.easgd.backend.stream.JobStream;
import io.easgd.core.search.SearchSpec;
import io.easgd.core.search.SuccessiveHalving;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes the rung decisions of early-stopping searches (docs/api.md "Searches"): every
 * {@code easgd.search.interval} it looks at the running jobs of sweeps with a {@code search}, and for each one
 * whose center was evaluated at or past its next rung ranks it there by {@link SuccessiveHalving} and either
 * lets it run on (PROMOTED) or moves it to STOPPED_EARLY — its run then ends as a cancelled one does. A run that
 * passed a rung and completed between two looks (a fast one: 200 steps between two evaluations) is ranked there
 * after its end, so the runs that follow are compared against it; nothing is stopped then (below the best it reads
 * ENDED). The sole
 * writer of {@code sweep_rungs}; each decision is one transaction under the sweep's row lock, so decisions of
 * one sweep are ordered and taken once, by whichever replica comes first.
 */
@Component
class EarlyStopper {
    private static final Logger log = LoggerFactory.getLogger(EarlyStopper.class);

    /** How long after its end a completed run is still looked at when its sweep has no run left to end. */
    static final Duration RECENTLY_COMPLETED = Duration.ofMinutes(1);

    private static final MetricsRepository.SeriesKey CENTER_ERROR = new MetricsRepository.SeriesKey("test_error", null);

    private final RungRepository rungs;
    private final MetricsRepository metrics;
    private final SweepRepository sweeps;
    private final JobRepository jobs;
    private final JobStream stream;
    private final Db db;
    private final Clock clock;
    private final EasgdProperties.Search settings;
    private final Map<Long, SearchSpec> searches = new java.util.concurrent.ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    EarlyStopper(RungRepository rungs, MetricsRepository metrics, SweepRepository sweeps, JobRepository jobs,
                 JobStream stream, Db db, Clock clock, EasgdProperties props) {
        this.rungs = rungs;
        this.metrics = metrics;
        this.sweeps = sweeps;
        this.jobs = jobs;
        this.stream = stream;
        this.db = db;
        this.clock = clock;
        this.settings = props.search();
    }

    @PostConstruct
    void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "easgd-early-stopper");
            t.setDaemon(true);
            return t;
        });
        long every = settings.interval().toMillis();
        timer.scheduleWithFixedDelay(this::tickQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            if (Db.isUnavailable(e)) {
                log.debug("searches: the database is unavailable ({}); next look in {}", e.toString(), settings.interval());
            } else {
                log.warn("searches: {}", e.toString(), e);
            }
        }
    }

    /** One look at every running (or just completed) job of a search; package-private for tests. */
    void tick() {
        for (RungRepository.Candidate c : rungs.candidates(RECENTLY_COMPLETED)) {
            if (c.stopped()) {
                continue;                       // stopped, its transition is on its way
            }
            SearchSpec search = searches.computeIfAbsent(c.sweepId(), id -> SweepSearch.stored(sweeps.get(id).request()));
            int bracket = search.bracketOf(c.position());
            List<Long> values = search.rungs(bracket);
            if (c.decided() >= values.size()) {
                continue;
            }
            long at = values.get(c.decided());
            List<MetricPoint> errors = series(c.jobId(), "test_error").getOrDefault(CENTER_ERROR, List.of());
            List<MetricPoint> bytes = search.resource() != SearchSpec.Resource.BYTES ? List.of()
                    : series(c.jobId(), "bytes_up", "bytes_down").values().stream().flatMap(List::stream).toList();
            Optional<RungReach.Reached> reached = RungReach.first(search.resource(), at, errors, bytes);
            reached.ifPresent(r -> decide(c, search, bracket, c.decided(), at, r));
        }
    }

    private Map<MetricsRepository.SeriesKey, List<MetricPoint>> series(long jobId, String... names) {
        return metrics.read(jobId, List.of(names), 0, Long.MAX_VALUE);
    }

    private void decide(RungRepository.Candidate c, SearchSpec search, int bracket, int rung, long at,
                        RungReach.Reached reached) {
        db.tx().executeWithoutResult(status -> {
            sweeps.lock(c.sweepId());
            JobState state = jobs.find(c.jobId()).map(j -> j.state()).orElse(null);
            boolean afterEnd = state == JobState.COMPLETED;
            if (rungs.decided(c.jobId(), rung) || (state != JobState.RUNNING && !afterEnd)) {
                return;
            }
            double error = reached.evaluation().value();
            SuccessiveHalving.Decision d = SuccessiveHalving.decide(rungs.errorsAt(c.sweepId(), bracket, rung), error,
                    search.reductionFactor());
            RungRepository.Decision decision = new RungRepository.Decision(c.sweepId(), c.jobId(), bracket, rung, at,
                    reached.value(), error, d.rank(), d.of(), d.keep(), d.promoted(), afterEnd, clock.instant());
            rungs.insert(decision);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("sweepId", c.sweepId());
            event.put("jobId", c.jobId());
            event.put("bracket", bracket);
            event.put("rung", rung);
            event.put("resource", search.resource().json());
            event.put("at", at);
            event.put("value", reached.value());
            event.put("testError", error);
            event.put("rank", d.rank());
            event.put("of", d.of());
            event.put("keep", d.keep());
            event.put("decision", decision.decision());
            stream.append(c.jobId(), "rung", event);
            if ("STOPPED".equals(decision.decision())) {
                try {
                    jobs.transition(c.jobId(), JobState.STOPPED_EARLY, reason(search, rung, at, error, d));
                } catch (IllegalTransitionException e) {
                    status.setRollbackOnly();     // it ended meanwhile: not ranked here after all
                }
            }
        });
    }

    /** "stopped early at rung 1 of the ASHA search (600 steps): test error 0.142 was 3rd of 4 at that rung, the best 2 run on". */
    static String reason(SearchSpec search, int rung, long at, double error, SuccessiveHalving.Decision d) {
        return "stopped early at rung " + rung + " of the " + search.method().name() + " search (" + at + " "
                + search.resource().unit() + "): test error " + String.format(java.util.Locale.ROOT, "%.4g", error)
                + " was " + ordinal(d.rank()) + " of " + d.of() + " at that rung, the best " + d.keep() + " run on";
    }

    static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }
}
