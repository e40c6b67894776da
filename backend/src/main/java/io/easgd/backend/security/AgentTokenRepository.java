package io.easgd.backend.security;

import io.easgd.backend.web.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code agent_tokens} table: enrollment tokens by their SHA-256, never the tokens themselves. */
@Repository
class AgentTokenRepository {
    private static final String COLUMNS = "id, name, token_sha256, created_at, created_by, last_used_at, revoked_at, revoked_by";

    /** One enrollment token as stored. */
    record Row(long id, String name, String sha256, Instant createdAt, String createdBy, Instant lastUsedAt,
               Instant revokedAt, String revokedBy) {
    }

    private final JdbcTemplate jdbc;

    AgentTokenRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Row insert(String name, String sha256, String createdBy) {
        return jdbc.queryForObject("insert into agent_tokens (name, token_sha256, created_by) values (?, ?, ?) returning "
                + COLUMNS, AgentTokenRepository::row, name, sha256, createdBy);
    }

    /** Every token, revoked ones included, newest first. */
    List<Row> all() {
        return jdbc.query("select " + COLUMNS + " from agent_tokens order by id desc", AgentTokenRepository::row);
    }

    /** @throws NotFoundException when there is no such token */
    Row get(long id) {
        List<Row> rows = jdbc.query("select " + COLUMNS + " from agent_tokens where id = ? for update", AgentTokenRepository::row, id);
        if (rows.isEmpty()) {
            throw new NotFoundException("agent token " + id + " does not exist");
        }
        return rows.get(0);
    }

    /** Marks the token revoked now, by {@code by}; the row as it is then. */
    Row revoke(long id, String by) {
        return jdbc.queryForObject("update agent_tokens set revoked_at = now(), revoked_by = ? where id = ? returning "
                + COLUMNS, AgentTokenRepository::row, by, id);
    }

    /** An agent connected with the token. */
    void touch(long id) {
        jdbc.update("update agent_tokens set last_used_at = now() where id = ?", id);
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("name"), rs.getString("token_sha256"),
                instant(rs.getTimestamp("created_at")), rs.getString("created_by"), instant(rs.getTimestamp("last_used_at")),
                instant(rs.getTimestamp("revoked_at")), rs.getString("revoked_by"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
