package io.easgd.backend.sweeps;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code sweep_rungs} table: every rung decision of an early-stopping search, in decision order, and the
 * questions {@link EarlyStopper} asks to take the next one. Blocking: call through Db.
 */
@Repository
public class RungRepository {
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public RungRepository(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * One decision: a run ranked at a rung of its bracket.
     *
     * @param promoted among the best {@code keep} of the {@code of} runs ranked there so far
     * @param afterEnd taken after the run had completed (it passed the rung between two looks): counted at the
     *     rung like any other, but nothing was stopped
     */
    public record Decision(long sweepId, long jobId, int bracket, int rung, long at, double value, double testError,
                           int rank, int of, int keep, boolean promoted, boolean afterEnd, Instant decidedAt) {
        /** PROMOTED, STOPPED, or ENDED: below the best, ranked after the run had completed. */
        public String decision() {
            return promoted ? "PROMOTED" : afterEnd ? "ENDED" : "STOPPED";
        }
    }

    /**
     * A job of a sweep with a search that may have a rung to decide: where it is in the sweep, how many rungs it
     * has behind it, and whether one of them was below the best.
     */
    public record Candidate(long sweepId, long jobId, int position, int decided, boolean stopped) {
    }

    /**
     * The running jobs of sweeps that have a search, and their completed ones while their rungs still matter —
     * the sweep has a run still to end, or the job completed within {@code recent} (its last evaluation may land
     * just after its end) — with their decided rungs counted.
     */
    public List<Candidate> candidates(Duration recent) {
        return jdbc.query("select j.sweep_id, j.id, r.position, "
                        + "(select count(*) from sweep_rungs d where d.job_id = j.id) as decided, "
                        + "exists (select 1 from sweep_rungs d where d.job_id = j.id and not d.promoted) as stopped "
                        + "from jobs j join sweep_runs r on r.job_id = j.id join sweeps s on s.id = j.sweep_id "
                        + "where s.cancelled_at is null and json_typeof(s.request -> 'search') = 'object' "
                        + "and (j.state = 'RUNNING' or (j.state = 'COMPLETED' and (j.finished_at > ? "
                        + "or exists (select 1 from jobs k where k.sweep_id = j.sweep_id "
                        + "and k.state in ('QUEUED', 'ASSIGNING', 'RUNNING'))))) order by j.id",
                (rs, n) -> new Candidate(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getBoolean(5)),
                Timestamp.from(clock.instant().minus(recent)));
    }

    public boolean decided(long jobId, int rung) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from sweep_rungs where job_id = ? and rung = ?)", Boolean.class, jobId, rung));
    }

    /** The test errors of the runs decided at this rung of this bracket so far. */
    public List<Double> errorsAt(long sweepId, int bracket, int rung) {
        return jdbc.queryForList("select test_error from sweep_rungs where sweep_id = ? and bracket = ? and rung = ? "
                + "order by seq", Double.class, sweepId, bracket, rung);
    }

    public void insert(Decision d) {
        jdbc.update("insert into sweep_rungs (sweep_id, job_id, bracket, rung, at, value, test_error, rank, of_runs, keep, "
                        + "promoted, after_end, decided_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", d.sweepId(),
                d.jobId(), d.bracket(), d.rung(), d.at(), d.value(), d.testError(), d.rank(), d.of(), d.keep(),
                d.promoted(), d.afterEnd(), Timestamp.from(d.decidedAt() != null ? d.decidedAt() : clock.instant()));
    }

    /** Every decision of a sweep, by bracket, rung and decision order. */
    public List<Decision> ofSweep(long sweepId) {
        return jdbc.query("select sweep_id, job_id, bracket, rung, at, value, test_error, rank, of_runs, keep, promoted, "
                        + "after_end, decided_at from sweep_rungs where sweep_id = ? order by bracket, rung, seq",
                (rs, n) -> new Decision(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getLong(5),
                        rs.getDouble(6), rs.getDouble(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getBoolean(11),
                        rs.getBoolean(12), rs.getTimestamp(13).toInstant()), sweepId);
    }
}
