package io.easgd.backend.audit;

import io.easgd.backend.db.Db;
import io.easgd.backend.web.QueryParams;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/audit}: the trail, newest first, paged like the other lists. Needs the API token even when reads are open. */
@RestController
public class AuditController {
    private final AuditLog audit;
    private final Db db;

    public AuditController(AuditLog audit, Db db) {
        this.audit = audit;
        this.db = db;
    }

    @GetMapping("/api/v1/audit")
    public Mono<AuditEntry.Page> list(@RequestParam(defaultValue = "0") String page,
                                      @RequestParam(defaultValue = "50") String size) {
        int p = (int) QueryParams.longIn("page", page, 0, 1_000_000);
        int s = (int) QueryParams.longIn("size", size, 1, 500);
        return db.call(() -> audit.list(p, s));
    }
}
