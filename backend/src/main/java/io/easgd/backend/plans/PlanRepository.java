package io.easgd.backend.plans;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.core.spec.Json;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.NoSuchElementException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The plans table: a plan's request beside its sweep. Blocking: call through Db. */
@Repository
class PlanRepository {
    record Row(long id, long sweepId, String request, Instant createdAt) {
    }

    private final JdbcTemplate jdbc;

    PlanRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long sweepId, ObjectNode request) {
        try {
            return jdbc.queryForObject("insert into plans (sweep_id, request) values (?, ?::json) returning id", Long.class,
                    sweepId, Json.MAPPER.writeValueAsString(request));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("serialising a plan", e);
        }
    }

    Row get(long id) {
        return jdbc.query("select id, sweep_id, request::text as request, created_at from plans where id = ?",
                        (rs, n) -> new Row(rs.getLong("id"), rs.getLong("sweep_id"), rs.getString("request"),
                                rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant()), id)
                .stream().findFirst().orElseThrow(() -> new NoSuchElementException("plan " + id + " does not exist"));
    }
}
