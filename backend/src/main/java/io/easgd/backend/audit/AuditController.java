package io.easgd.backend.audit;

import io.easgd.backend.db.Db;
import io.easgd.backend.web.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/audit}: the trail, newest first, paged like the other lists. Needs the API token even when reads are open. */
@Tag(name = "audit", description = "who did what; needs the API token for reads too")
@RestController
public class AuditController {
    private final AuditLog audit;
    private final Db db;

    public AuditController(AuditLog audit, Db db) {
        this.audit = audit;
        this.db = db;
    }

    @Operation(operationId = "listAuditEntries", summary = "The audit trail, newest first, paged")
    @GetMapping("/api/v1/audit")
    public Mono<AuditEntry.Page> list(
            @Parameter(schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = "1000000", defaultValue = "0"))
            @RequestParam(defaultValue = "0") String page,
            @Parameter(schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "500", defaultValue = "50"))
            @RequestParam(defaultValue = "50") String size) {
        int p = (int) QueryParams.longIn("page", page, 0, 1_000_000);
        int s = (int) QueryParams.longIn("size", size, 1, 500);
        return db.call(() -> audit.list(p, s));
    }
}
