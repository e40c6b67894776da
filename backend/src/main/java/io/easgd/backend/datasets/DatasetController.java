package io.easgd.backend.datasets;

import io.easgd.backend.db.Db;
import io.easgd.core.data.DatasetInfo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.file.Path;
import java.util.List;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/datasets} and the file downloads agents use (agent or API token). */
@Tag(name = "datasets", description = "the datasets jobs can train on, and their files (for agents)")
@RestController
public class DatasetController {
    private final DatasetCatalog catalog;
    private final Db db;

    public DatasetController(DatasetCatalog catalog, Db db) {
        this.catalog = catalog;
        this.db = db;
    }

    @Operation(operationId = "listDatasets", summary = "The datasets a job spec may name")
    @GetMapping("/api/v1/datasets")
    public Mono<List<DatasetInfo>> list() {
        return db.call(catalog::list);
    }

    @Operation(operationId = "getDatasetFile", summary = "A dataset file, as agents download it (the rest of the path names the file)",
            responses = @ApiResponse(responseCode = "200", description = "the file; X-Checksum-SHA256 holds its SHA-256",
                    content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                            schema = @Schema(type = "string", format = "binary"))))
    @GetMapping("/api/v1/datasets/{name}/files/**")
    public Mono<ResponseEntity<Resource>> file(@PathVariable String name, ServerWebExchange exchange) {
        String prefix = "/api/v1/datasets/" + name + "/files/";
        String rel = exchange.getRequest().getPath().pathWithinApplication().value().substring(prefix.length());
        return db.call(() -> {
            Path f = catalog.file(name, rel);
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_OCTET_STREAM)
                    .header("X-Checksum-SHA256", catalog.sha256(f))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + f.getFileName() + "\"")
                    .body((Resource) new FileSystemResource(f));
        });
    }
}
