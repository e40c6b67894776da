package io.easgd.backend.audit;

import io.easgd.backend.db.Db;
import io.easgd.core.spec.Text;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes and reads the audit trail (table {@code audit}, append-only). A feature records its action
 * where it performs it: {@link #record} inside the action's own transaction, so the row exists
 * exactly when the action happened; {@link #recordLater} from a thread that must not block (an
 * agent connection refused on the event loop).
 */
@Component
public class AuditLog {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    /** Longest text kept per column (details carry names, which the API already limits to 200). */
    static final int MAX_TEXT = 500;

    private final JdbcTemplate jdbc;
    private final Db db;

    public AuditLog(JdbcTemplate jdbc, Db db) {
        this.jdbc = jdbc;
        this.db = db;
    }

    /** Records an action in the caller's transaction (blocking: call it off the event loop). */
    public void record(Actor who, String action, String targetType, Object targetId, String detail) {
        jdbc.update("insert into audit (actor, remote_address, action, target_type, target_id, detail) "
                        + "values (?, ?, ?, ?, ?, ?)",
                clean(who.credential()), clean(who.remoteAddress()), action, targetType,
                targetId == null ? null : clean(targetId.toString()), clean(detail));
    }

    /** Records an action on the database threads, without waiting; a failure is logged. */
    public void recordLater(Actor who, String action, String targetType, Object targetId, String detail) {
        db.call(() -> {
            record(who, action, targetType, targetId, detail);
            return true;
        }).subscribe(ok -> { }, e -> log.warn("recording {} of {} {} in the audit trail: {}", action, targetType,
                targetId, e.toString()));
    }

    /** Newest first. */
    public AuditEntry.Page list(int page, int size) {
        long total = jdbc.queryForObject("select count(*) from audit", Long.class);
        List<AuditEntry> items = jdbc.query("select id, at, actor, remote_address, action, target_type, target_id, detail "
                        + "from audit order by id desc limit ? offset ?",
                (rs, i) -> new AuditEntry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                        rs.getString("remote_address"), rs.getString("action"), rs.getString("target_type"),
                        rs.getString("target_id"), rs.getString("detail")),
                size, (long) page * size);
        return new AuditEntry.Page(items, page, size, total);
    }

    /** Text from requests (an agent's name) is made storable and printable, never refused: the action happened. */
    private static String clean(String s) {
        return Text.clean(s, MAX_TEXT);
    }
}
