package io.easgd.backend.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * One row of the audit trail.
 *
 * @param id increasing with time
 * @param at when it happened
 * @param actor the credential used ({@code api-token}, {@code agent-token}, {@code agent-token:<id>}, …)
 * @param remoteAddress where the request came from
 * @param action what happened ({@code job.submitted}, {@code agent-token.revoked}, {@code agent.refused}, …)
 * @param targetType what kind of thing it was done to ({@code job}, {@code sweep}, {@code agent-token}, {@code agent})
 * @param targetId which one
 * @param detail a sentence for a human (a job's name, why a connection was refused)
 */
public record AuditEntry(long id, Instant at, String actor, String remoteAddress, String action, String targetType,
                         String targetId, String detail) {

    /** A page of the trail, newest first. */
    @Schema(name = "AuditPage")
    public record Page(List<AuditEntry> items, int page, int size, long total) {
    }
}
