package io.easgd.backend.faults;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The tables {@code lab_faults} and {@code lab_fault_schedules} (V9). */
@Repository
class FaultRepository {
    private static final String COLUMNS = "id, job_id, schedule_id, kind, rank, agent_name, duration_ms, rate, state, "
            + "due_at, injected_at, undone_at, healed_at, heal_ms, steps_lost, updates_dropped, resends_dropped, detail";

    /** A fault as stored: the API's view, and what the lab needs to undo it and time its heal. */
    record Stored(Fault fault, Long pid, HealWatch.Before before) {
    }

    /** A schedule row. */
    record ScheduleRow(long id, long jobId, String state, Instant createdAt) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final RowMapper<Fault> faults = FaultRepository::fault;

    FaultRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    long insertSchedule(long jobId, String request) {
        return jdbc.queryForObject("insert into lab_fault_schedules (job_id, request, state) values (?, ?::json, 'RUNNING') "
                + "returning id", Long.class, jobId, request);
    }

    Fault insert(long jobId, Long scheduleId, FaultSpec f, Instant due) {
        return jdbc.queryForObject("insert into lab_faults (job_id, schedule_id, kind, rank, duration_ms, rate, state, due_at) "
                + "values (?, ?, ?, ?, ?, ?, 'PENDING', ?) returning " + COLUMNS, faults, jobId, scheduleId, f.kind().name(),
                f.rank(), f.durationMs(), f.rate(), Timestamp.from(due));
    }

    void update(Fault f, Long pid, HealWatch.Before before) {
        jdbc.update("update lab_faults set agent_name = ?, pid = ?, state = ?, injected_at = ?, undone_at = ?, healed_at = ?, "
                        + "heal_ms = ?, steps_lost = ?, updates_dropped = ?, resends_dropped = ?, before = ?::jsonb, detail = ? "
                        + "where id = ?", f.agentName(), pid, f.state().name(), ts(f.injectedAt()), ts(f.undoneAt()),
                ts(f.healedAt()), f.healMs(), f.stepsLost(), f.updatesDropped(), f.resendsDropped(), json(before),
                f.detail(), f.id());
    }

    /** Every fault not yet over (PENDING, ACTIVE, HEALING), oldest first, with what the lab keeps of each. */
    List<Stored> open() {
        return jdbc.query("select " + COLUMNS + ", pid, before::text as before from lab_faults where state in ('PENDING', "
                + "'ACTIVE', 'HEALING') order by id", (rs, i) -> new Stored(fault(rs, i), (Long) rs.getObject("pid"),
                before(rs.getString("before"))));
    }

    List<Fault> ofJob(long jobId) {
        return jdbc.query("select " + COLUMNS + " from lab_faults where job_id = ? order by id", faults, jobId);
    }

    List<Fault> ofSchedule(long scheduleId) {
        return jdbc.query("select " + COLUMNS + " from lab_faults where schedule_id = ? order by id", faults, scheduleId);
    }

    Optional<Fault> find(long id) {
        return jdbc.query("select " + COLUMNS + " from lab_faults where id = ?", faults, id).stream().findFirst();
    }

    Optional<ScheduleRow> schedule(long id) {
        return jdbc.query("select id, job_id, state, created_at from lab_fault_schedules where id = ?", (rs, i) ->
                new ScheduleRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant()), id)
                .stream().findFirst();
    }

    void scheduleState(long id, String state) {
        jdbc.update("update lab_fault_schedules set state = ? where id = ?", state, id);
    }

    /** Schedules still RUNNING whose faults are all over: DONE. */
    void finishSchedules() {
        jdbc.update("update lab_fault_schedules s set state = 'DONE' where state = 'RUNNING' and not exists (select 1 from "
                + "lab_faults f where f.schedule_id = s.id and f.state in ('PENDING', 'ACTIVE', 'HEALING'))");
    }

    private static Fault fault(ResultSet rs, int i) throws SQLException {
        return new Fault(rs.getLong("id"), rs.getLong("job_id"), (Long) rs.getObject("schedule_id"),
                FaultKind.valueOf(rs.getString("kind")), (Integer) rs.getObject("rank"), rs.getString("agent_name"),
                (Long) rs.getObject("duration_ms"), rs.getString("rate"), FaultState.valueOf(rs.getString("state")),
                instant(rs, "due_at"), instant(rs, "injected_at"), instant(rs, "undone_at"), instant(rs, "healed_at"),
                (Long) rs.getObject("heal_ms"), (Long) rs.getObject("steps_lost"), (Long) rs.getObject("updates_dropped"),
                (Long) rs.getObject("resends_dropped"), rs.getString("detail"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private String json(HealWatch.Before b) {
        if (b == null) {
            return null;
        }
        try {
            return json.writeValueAsString(b);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private HealWatch.Before before(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, HealWatch.Before.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
