package io.easgd.backend.sweeps;

import io.easgd.backend.audit.Actor;
import io.easgd.backend.web.Csv;
import io.easgd.backend.web.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The sweeps API (docs/api.md, "Sweeps"); the request body is described by {@link SweepRequestSchema}. */
@Tag(name = "sweeps", description = "grids of jobs submitted together, their results table and verdict")
@RestController
@RequestMapping("/api/v1/sweeps")
public class SweepController {
    private final SweepService service;
    private final SweepPresets presets;

    public SweepController(SweepService service, SweepPresets presets) {
        this.service = service;
        this.presets = presets;
    }

    @Operation(operationId = "createSweep", summary = "Submit a sweep: a grid of jobs queued together",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(ref = SweepRequestSchema.REF),
                            examples = {@ExampleObject(name = "readme", value = SweepRequestSchema.EXAMPLE),
                                    @ExampleObject(name = "paper", value = "{\"preset\":\"paper\"}")})),
            responses = @ApiResponse(responseCode = "202", description = "its jobs are queued",
                    headers = @Header(name = "Location", description = "/api/v1/sweeps/{id}", schema = @Schema(type = "string")),
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Sweep.class))))
    @PostMapping(consumes = MediaType.ALL_VALUE)
    public Mono<ResponseEntity<Sweep>> create(@RequestBody(required = false) String body, ServerWebExchange exchange) {
        return service.create(body, Actor.of(exchange))
                .map(s -> ResponseEntity.accepted().location(URI.create("/api/v1/sweeps/" + s.id())).body(s));
    }

    @Operation(operationId = "listSweeps", summary = "Sweeps, newest first, paged")
    @GetMapping
    public Mono<Sweep.Page> list(
            @Parameter(schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = "1000000", defaultValue = "0"))
            @RequestParam(defaultValue = "0") String page,
            @Parameter(schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "500", defaultValue = "20"))
            @RequestParam(defaultValue = "20") String size) {
        int p = (int) QueryParams.longIn("page", page, 0, 1_000_000);
        int s = (int) QueryParams.longIn("size", size, 1, 500);
        return service.list(p, s);
    }

    @Operation(operationId = "listSweepPresets", summary = "The named sweeps a request can start from (preset)")
    @GetMapping("/presets")
    public Mono<List<SweepPresets.Preset>> presets() {
        return Mono.fromCallable(presets::list).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
    }

    @Operation(operationId = "getSweep", summary = "One sweep: its runs, results and verdict")
    @GetMapping("/{id}")
    public Mono<Sweep> get(@PathVariable long id) {
        return service.get(id);
    }

    @Operation(operationId = "getSweepResultsCsv", summary = "A sweep's results table as CSV, one line per run",
            responses = @ApiResponse(responseCode = "200", description = "jobId,label,state,<params>,bestTestError,"
                    + "finalTestError,secondsToTarget,bytesToTarget,bytesTotal,wallSeconds,workerSeconds,rung,best",
                    content = @Content(mediaType = "text/csv", schema = @Schema(type = "string"))))
    @GetMapping("/{id}/results.csv")
    public Mono<ResponseEntity<String>> resultsCsv(@PathVariable long id) {
        return service.get(id).map(s -> Csv.download("sweep-" + id + "-results.csv", SweepCsv.results(s)));
    }

    @Operation(operationId = "getSweepMetricsCsv", summary = "Every metric point of every run of a sweep, as CSV",
            responses = @ApiResponse(responseCode = "200", description = "jobId,series,worker,t,step,value",
                    content = @Content(mediaType = "text/csv", schema = @Schema(type = "string"))))
    @GetMapping("/{id}/metrics.csv")
    public Mono<ResponseEntity<String>> metricsCsv(@PathVariable long id) {
        return service.metricsCsv(id).map(body -> Csv.download("sweep-" + id + "-metrics.csv", body));
    }

    @Operation(operationId = "cancelSweep", summary = "Cancel a sweep and its unfinished jobs")
    @PostMapping(path = "/{id}/cancel", consumes = MediaType.ALL_VALUE)
    public Mono<Sweep> cancel(@PathVariable long id, ServerWebExchange exchange) {
        return service.cancel(id, Actor.of(exchange));
    }
}
