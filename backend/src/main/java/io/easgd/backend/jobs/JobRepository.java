package io.easgd.backend.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.easgd.backend.stream.JobStream;
import io.easgd.core.spec.Algorithm;
import io.easgd.core.spec.JobSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The job aggregate's table, its append-only event table and the queue. Blocking: call it through
 * {@link io.easgd.backend.db.Db}. Methods that change state expect to run inside a transaction.
 */
@Repository
public class JobRepository {
    private static final String COLUMNS = "id, name, state, priority, spec::text as spec, created_at, started_at, "
            + "finished_at, step, total_steps, test_error, test_loss, bytes_up, bytes_down, reason, ranks::text as ranks, sweep_id, "
            + "live_tau, live_workers, simulation::text as simulation";

    private final JdbcTemplate jdbc;
    private final JobStream stream;
    private final Clock clock;
    private final RowMapper<Job> mapper = this::map;
    private static final ObjectMapper RANKS = new ObjectMapper();
    private static final TypeReference<List<Job.RankResult>> RANK_LIST =
            new TypeReference<>() {
            };

    public JobRepository(JdbcTemplate jdbc, JobStream stream, Clock clock) {
        this.jdbc = jdbc;
        this.stream = stream;
        this.clock = clock;
    }

    /** Stores a new QUEUED job and its first event. */
    public Job insert(String name, int priority, JobSpec spec) {
        return insert(name, priority, spec, null);
    }

    /** Stores a new QUEUED job of a sweep ({@code sweepId} null: of none) and its first event. */
    public Job insert(String name, int priority, JobSpec spec, Long sweepId) {
        Long id = jdbc.queryForObject("insert into jobs (name, state, priority, algorithm, spec, total_steps, sweep_id) "
                        + "values (?, 'QUEUED', ?, ?, ?::jsonb, ?, ?) returning id", Long.class,
                name, priority, spec.algorithm().name(), spec.toJson(), spec.stop().maxSteps(), sweepId);
        recordEvent(id, null, JobState.QUEUED, "submitted");
        return get(id);
    }

    public Optional<Job> find(long id) {
        return jdbc.query("select " + COLUMNS + " from jobs where id = ?", mapper, id).stream().findFirst();
    }

    public Job get(long id) {
        return find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    /** One page of jobs, newest first, optionally only some states and algorithms. */
    public JobPage list(Set<JobState> states, Set<Algorithm> algorithms, int page, int size) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> args = new ArrayList<>();
        if (!states.isEmpty()) {
            where.append(" and state = any(?)");
            args.add(states.stream().map(Enum::name).toArray(String[]::new));
        }
        if (!algorithms.isEmpty()) {
            where.append(" and algorithm = any(?)");
            args.add(algorithms.stream().map(Enum::name).toArray(String[]::new));
        }
        long total = jdbc.queryForObject("select count(*) from jobs" + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(size);
        pageArgs.add((long) page * size);
        List<Job> items = jdbc.query("select " + COLUMNS + " from jobs" + where + " order by id desc limit ? offset ?",
                mapper, pageArgs.toArray());
        return new JobPage(items, page, size, total);
    }

    /**
     * Moves a job to {@code to}, locking its row; records the event. Throws
     * {@link IllegalTransitionException} naming the current state when the move is not legal.
     */
    public Job transition(long id, JobState to, String reason) {
        stream.lock(id);
        List<String> current = jdbc.queryForList("select state from jobs where id = ? for update", String.class, id);
        if (current.isEmpty()) {
            throw new JobNotFoundException(id);
        }
        JobState from = JobState.valueOf(current.get(0));
        from.requireCanBecome(id, to);
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("update jobs set state = ?, reason = ?, "
                        + "started_at = case when ? = 'RUNNING' and started_at is null then ? else started_at end, "
                        + "finished_at = case when ? in ('COMPLETED', 'FAILED', 'CANCELLED', 'STOPPED_EARLY') then ? else finished_at end, "
                        + "claimed_by = case when ? = 'QUEUED' then null else claimed_by end "
                        + "where id = ?",
                to.name(), reason, to.name(), now, to.name(), now, to.name(), id);
        recordEvent(id, from, to, reason);
        return get(id);
    }

    /**
     * Claims, for {@code claimer}, the job it should run next with {@code idle} of its {@code connected}
     * agents idle, and moves it to ASSIGNING; empty when there is none. The claimer walks the queue in
     * order (highest priority, then oldest):
     * <ul>
     *   <li>a job needing at most {@code idle} workers is claimed — the first such job;</li>
     *   <li>a job needing more than {@code idle} but at most {@code connected} workers <em>blocks</em> every
     *       job behind it: this claimer could staff it once its busy agents free up, so smaller jobs
     *       behind it do not overtake it (it would starve);</li>
     *   <li>a job needing more than {@code connected} workers is passed over: this claimer can never
     *       staff it alone, and another backend with more agents (or this one, once more agents
     *       connect) may take it.</li>
     * </ul>
     * The worker count is checked in the same statement that locks the row ({@code FOR UPDATE SKIP
     * LOCKED}), so several claimers — threads or backend replicas sharing the database — never take
     * the same job, and never one they cannot staff.
     */
    public Optional<Job> claimNext(String claimer, int idle, int connected) {
        List<Long> ids = jdbc.queryForList(CLAIM, Long.class, idle, connected, idle);
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        long id = ids.get(0);
        // everywhere else the stream lock comes before the row lock; a claim must lock the row to pick it, so it
        // only tries the stream lock: its holder (a sweep's cancel, moving this job) may be waiting for the row,
        // and waiting here was a deadlock PostgreSQL broke by failing one side. The next claim takes the job.
        if (!stream.tryLock(id)) {
            return Optional.empty();
        }
        jdbc.update("update jobs set claimed_by = ? where id = ?", claimer, id);
        return Optional.of(transition(id, JobState.ASSIGNING, "claimed by " + claimer));
    }

    /**
     * The agents a job needs to start, in SQL: one for a simulated job ({@code spec->'simulate'} an
     * object: its virtual cluster runs on one agent), else {@code spec->'workers'}: a number, or for a
     * worker range an object whose {@code min} is what the job starts with (JobSpec always stores one of them).
     */
    private static String minWorkers(String spec) {
        return "(case when jsonb_typeof(" + spec + "->'simulate') = 'object' then 1 "
                + "when jsonb_typeof(" + spec + "->'workers') = 'object' then (" + spec + "->'workers'->>'min')::int "
                + "else (" + spec + "->>'workers')::int end)";
    }

    /** The queue's order; a job's p is {@link #minWorkers}. */
    private static final String CLAIM = "with blocker as ("
            + "  select priority, created_at, id from jobs"
            + "  where state = 'QUEUED' and " + minWorkers("spec") + " > ? and " + minWorkers("spec") + " <= ?"
            + "  order by priority desc, created_at, id limit 1) "
            + "select j.id from jobs j "
            + "where j.state = 'QUEUED' and " + minWorkers("j.spec") + " <= ? "
            + "  and not exists (select 1 from blocker b where b.priority > j.priority "
            + "    or (b.priority = j.priority and (b.created_at, b.id) < (j.created_at, j.id))) "
            + "order by j.priority desc, j.created_at, j.id limit 1 "
            + "for update of j skip locked";

    /**
     * True when a queued job waits that a replica with {@code connected} agents could staff (it needs
     * at most that many): idle agents then stay free for it rather than join a running job with a
     * worker range.
     */
    public boolean anyQueuedFor(int connected) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from jobs where state = 'QUEUED' and "
                + minWorkers("spec") + " <= ?)", Boolean.class, connected));
    }

    /** The job's lifecycle, oldest first. */
    public List<JobEvent> events(long jobId) {
        return jdbc.query("select id, job_id, at, from_state, to_state, reason from job_events where job_id = ? order by id",
                (rs, n) -> new JobEvent(rs.getLong("id"), rs.getLong("job_id"), rs.getTimestamp("at").toInstant(),
                        rs.getString("from_state") == null ? null : JobState.valueOf(rs.getString("from_state")),
                        JobState.valueOf(rs.getString("to_state")), rs.getString("reason")), jobId);
    }

    /** Latest progress figures of a running job. */
    public void updateProgress(long id, long step, Double testError, Double testLoss, long bytesUp, long bytesDown) {
        jdbc.update("update jobs set step = greatest(step, ?), test_error = coalesce(?, test_error), "
                        + "test_loss = coalesce(?, test_loss), bytes_up = ?, bytes_down = ? where id = ?",
                step, testError, testLoss, bytesUp, bytesDown, id);
    }

    /** Number of jobs in each state (all states present). */
    public Map<JobState, Long> countByState() {
        Map<JobState, Long> counts = new LinkedHashMap<>();
        for (JobState s : JobState.values()) {
            counts.put(s, 0L);
        }
        jdbc.query("select state, count(*) as n from jobs group by state",
                rs -> {
                    counts.put(JobState.valueOf(rs.getString("state")), rs.getLong("n"));
                });
        return counts;
    }

    /** Ids of jobs that {@code claimer} was assigning or running (to requeue them after a restart). */
    public List<Long> claimedAndActive(String claimer) {
        return jdbc.queryForList("select id from jobs where claimed_by = ? and state in ('ASSIGNING', 'RUNNING') "
                + "order by id", Long.class, claimer);
    }

    /** The jobs of a sweep, oldest first. */
    public List<Job> ofSweep(long sweepId) {
        return jdbc.query("select " + COLUMNS + " from jobs where sweep_id = ? order by id", mapper, sweepId);
    }

    /** Jobs in a state, oldest first. */
    public List<Job> inState(JobState state) {
        return jdbc.query("select " + COLUMNS + " from jobs where state = ? order by id", mapper, state.name());
    }

    private void recordEvent(long id, JobState from, JobState to, String reason) {
        Timestamp at = Timestamp.from(clock.instant());
        jdbc.update("insert into job_events (job_id, at, from_state, to_state, reason) values (?, ?, ?, ?, ?)",
                id, at, from == null ? null : from.name(), to.name(), reason);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("jobId", id);
        data.put("from", from == null ? null : from.name());
        data.put("to", to.name());
        data.put("reason", reason);
        data.put("at", at.toInstant().toString());
        stream.append(id, "state", data);
    }

    private Job map(ResultSet rs, int row) throws SQLException {
        JobSpec spec = JobSpec.parse(rs.getString("spec"));
        JobState state = JobState.valueOf(rs.getString("state"));
        Instant started = instant(rs, "started_at");
        long totalSteps = rs.getLong("total_steps");
        Long total = rs.wasNull() ? null : totalSteps;
        double err = rs.getDouble("test_error");
        Double testError = rs.wasNull() ? null : err;
        double loss = rs.getDouble("test_loss");
        Double testLoss = rs.wasNull() ? null : loss;
        return new Job(rs.getLong("id"), rs.getString("name"), state, rs.getInt("priority"), spec,
                instant(rs, "created_at"), started, instant(rs, "finished_at"),
                Job.Progress.of(rs.getLong("step"), total, started, clock.instant(), state, tau(rs, spec),
                        workers(rs, spec)),
                new Job.Result(testError, testLoss, rs.getLong("bytes_up"), rs.getLong("bytes_down"),
                        ranks(rs.getString("ranks"))),
                spec.warnings(), rs.getString("reason"), sweepId(rs), simulation(rs.getString("simulation")));
    }

    private static Job.Simulation simulation(String json) {
        if (json == null) {
            return null;
        }
        try {
            return RANKS.readValue(json, Job.Simulation.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reading a job's simulation: " + e.getOriginalMessage(), e);
        }
    }

    /** A simulated job: what its run uses and where it stands in virtual time. */
    public void updateSimulation(long id, Job.Simulation simulation) {
        try {
            jdbc.update("update jobs set simulation = ?::jsonb where id = ?", RANKS.writeValueAsString(simulation), id);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("serialising the simulation of job " + id, e);
        }
    }

    private static List<Job.RankResult> ranks(String json) {
        if (json == null) {
            return null;
        }
        try {
            return RANKS.readValue(json, RANK_LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reading a job's rank results: " + e.getOriginalMessage(), e);
        }
    }

    /** What each rank of the job's run did (written when the run ends). */
    public void recordRanks(long id, List<Job.RankResult> ranks) {
        try {
            jdbc.update("update jobs set ranks = ?::jsonb where id = ?", RANKS.writeValueAsString(ranks), id);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("serialising the rank results of job " + id, e);
        }
    }

    /** The spec's τ, or an auto-τ job's live one (null before it ran). */
    private static Integer tau(ResultSet rs, JobSpec spec) throws SQLException {
        int live = rs.getInt("live_tau");
        return !spec.tauAuto() ? Integer.valueOf(spec.tau()) : rs.wasNull() ? null : live;
    }

    /** Auto-τ: the τ the job's workers run with now (a restart resumes with it). */
    public void updateLiveTau(long id, int tau) {
        jdbc.update("update jobs set live_tau = ? where id = ?", tau, id);
    }

    /** The spec's p, or a worker range job's live one (null before it ran). */
    private static Integer workers(ResultSet rs, JobSpec spec) throws SQLException {
        int live = rs.getInt("live_workers");
        return !spec.elasticWorkers() ? Integer.valueOf(spec.workers()) : rs.wasNull() ? null : live;
    }

    /** A worker range: the p the job runs with now. */
    public void updateLiveWorkers(long id, int workers) {
        jdbc.update("update jobs set live_workers = ? where id = ?", workers, id);
    }

    private static Long sweepId(ResultSet rs) throws SQLException {
        long id = rs.getLong("sweep_id");
        return rs.wasNull() ? null : id;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    /** A page of jobs. */
    public record JobPage(List<Job> items, int page, int size, long total) {
    }

    /** One row of the lifecycle table. */
    public record JobEvent(long id, long jobId, Instant at, JobState from, JobState to, String reason) {
    }
}
