package io.easgd.backend.sweeps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.backend.jobs.JobState;
import io.easgd.backend.web.NotFoundException;
import io.easgd.core.spec.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The sweeps and sweep_runs tables, and the two metric questions a sweep asks. Blocking: call through Db. */
@Repository
public class SweepRepository {
    private static final String COLUMNS = "id, name, preset, priority, request::text as request, target_test_error, "
            + "created_at, cancelled_at";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public SweepRepository(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A stored sweep: the request it was created from (preset resolved). */
    public record Row(long id, String name, String preset, int priority, ObjectNode request, double target,
                      Instant createdAt, Instant cancelledAt) {
    }

    /** A run: the job it became, its label and the values that made it. */
    public record RunRow(int position, long jobId, String label, Map<String, Object> params) {
    }

    /** Jobs of one sweep by state, and the last time one of them ended. */
    public record JobTally(Map<JobState, Integer> byState, Instant lastFinishedAt) {
    }

    public long insert(String name, String preset, int priority, ObjectNode request, double target) {
        return jdbc.queryForObject("insert into sweeps (name, preset, priority, request, target_test_error, created_at) "
                        + "values (?, ?, ?, ?::json, ?, ?) returning id", Long.class,
                name, preset, priority, request.toString(), target, Timestamp.from(clock.instant()));
    }

    public void insertRun(long sweepId, int position, long jobId, String label, Map<String, Object> params) {
        try {
            jdbc.update("insert into sweep_runs (sweep_id, position, job_id, label, params) values (?, ?, ?, ?, ?::json)",
                    sweepId, position, jobId, label, Json.MAPPER.writeValueAsString(params));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("serialising the parameters of a sweep run", e);
        }
    }

    public Optional<Row> find(long id) {
        return jdbc.query("select " + COLUMNS + " from sweeps where id = ?", this::map, id).stream().findFirst();
    }

    public Row get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("sweep " + id + " does not exist"));
    }

    /** Locks the sweep's row for the rest of the transaction (cancel against cancel). */
    public Row lock(long id) {
        return jdbc.query("select " + COLUMNS + " from sweeps where id = ? for update", this::map, id).stream()
                .findFirst().orElseThrow(() -> new NotFoundException("sweep " + id + " does not exist"));
    }

    /** A page of sweeps, newest first. */
    public List<Row> list(int page, int size) {
        return jdbc.query("select " + COLUMNS + " from sweeps order by id desc limit ? offset ?", this::map,
                size, (long) page * size);
    }

    public long count() {
        return jdbc.queryForObject("select count(*) from sweeps", Long.class);
    }

    public void markCancelled(long id) {
        jdbc.update("update sweeps set cancelled_at = coalesce(cancelled_at, ?) where id = ?",
                Timestamp.from(clock.instant()), id);
    }

    public List<RunRow> runs(long sweepId) {
        return jdbc.query("select position, job_id, label, params::text as params from sweep_runs where sweep_id = ? "
                + "order by position", (rs, n) -> new RunRow(rs.getInt("position"), rs.getLong("job_id"),
                rs.getString("label"), map(rs.getString("params"))), sweepId);
    }

    /** For each of the sweeps, its jobs by state and the last end. */
    public Map<Long, JobTally> tally(List<Long> sweepIds) {
        Map<Long, Map<JobState, Integer>> states = new HashMap<>();
        Map<Long, Instant> last = new HashMap<>();
        jdbc.query("select sweep_id, state, count(*) as n, max(finished_at) as last from jobs where sweep_id = any(?) "
                + "group by sweep_id, state", rs -> {
                    long id = rs.getLong("sweep_id");
                    states.computeIfAbsent(id, k -> new EnumMap<>(JobState.class))
                            .put(JobState.valueOf(rs.getString("state")), rs.getInt("n"));
                    Timestamp t = rs.getTimestamp("last");
                    if (t != null) {
                        last.merge(id, t.toInstant(), (a, b) -> a.isAfter(b) ? a : b);
                    }
                }, (Object) sweepIds.toArray(Long[]::new));
        Map<Long, JobTally> out = new HashMap<>();
        for (long id : sweepIds) {
            out.put(id, new JobTally(states.getOrDefault(id, Map.of()), last.get(id)));
        }
        return out;
    }

    /**
     * Bytes on the wire of a job at {@code tMs} since it started running: per series (bytes_up,
     * bytes_down) and worker, the cumulative count at its last point at or before then, summed (as
     * {@link RunResults#bytesAt}).
     */
    public long bytesAt(long jobId, long tMs) {
        Long sum = jdbc.queryForObject("select coalesce(sum(v), 0)::bigint from (select max(value) as v from metrics "
                + "where job_id = ? and series in ('bytes_up', 'bytes_down') and t_ms <= ? group by series, worker) x",
                Long.class, jobId, tMs);
        return sum == null ? 0 : sum;
    }

    private Row map(ResultSet rs, int n) throws SQLException {
        Timestamp cancelled = rs.getTimestamp("cancelled_at");
        try {
            return new Row(rs.getLong("id"), rs.getString("name"), rs.getString("preset"), rs.getInt("priority"),
                    (ObjectNode) Json.MAPPER.readTree(rs.getString("request")), rs.getDouble("target_test_error"),
                    rs.getTimestamp("created_at").toInstant(), cancelled == null ? null : cancelled.toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reading the request of sweep " + rs.getLong("id"), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String json) {
        try {
            return Json.MAPPER.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reading the parameters of a sweep run", e);
        }
    }
}
