package io.easgd.backend.jobs;

import io.easgd.backend.audit.Actor;
import io.easgd.backend.db.Db;
import io.easgd.backend.stream.JobStream;
import io.easgd.backend.web.QueryParams;
import io.easgd.core.spec.Algorithm;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.enums.ParameterStyle;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The jobs API (docs/api.md). Bodies are read as text and parsed by the server itself (a bad or unknown
 * field is a 400 naming it); the annotations describe them for the OpenAPI document ({@link JobSpecSchema}).
 */
@Tag(name = "jobs", description = "submit, list, watch, cancel and clone training jobs; a job's metrics, workers and model")
@RestController
@RequestMapping("/api/v1/jobs")
public class JobController {
    private final JobService service;
    private final JobRepository jobs;
    private final JobStream stream;
    private final Db db;

    public JobController(JobService service, JobRepository jobs, JobStream stream, Db db) {
        this.service = service;
        this.jobs = jobs;
        this.stream = stream;
        this.db = db;
    }

    @Operation(operationId = "submitJob", summary = "Submit a job: 202 with the queued job and its Location",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "a job spec plus name and priority",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(ref = JobSpecSchema.REF + JobSpecSchema.SUBMISSION),
                    examples = @ExampleObject(name = "readme", value = JobSpecSchema.EXAMPLE))),
            responses = @ApiResponse(responseCode = "202", description = "queued",
                    headers = @Header(name = "Location", description = "/api/v1/jobs/{id}", schema = @Schema(type = "string")),
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Job.class))))
    @PostMapping(consumes = MediaType.ALL_VALUE)
    public Mono<ResponseEntity<Job>> create(@RequestBody(required = false) String body, ServerWebExchange exchange) {
        return Mono.fromCallable(() -> JobService.Submission.parse(body))
                .flatMap(s -> service.submit(s, Actor.of(exchange)))
                .map(job -> ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id())).body(job));
    }

    /** Validates a spec without storing it: the spec with defaults filled in, and its warnings. */
    @Operation(operationId = "checkJob", summary = "Validate a job spec without storing it",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "a job spec plus name and priority, as for submitJob",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(ref = JobSpecSchema.REF + JobSpecSchema.SUBMISSION),
                    examples = @ExampleObject(name = "readme", value = JobSpecSchema.EXAMPLE))))
    @PostMapping(path = "/check", consumes = MediaType.ALL_VALUE)
    public Mono<Check> check(@RequestBody(required = false) String body) {
        return Mono.fromCallable(() -> {
            JobService.Submission s = JobService.Submission.parse(body);
            return new Check(s.spec(), s.spec().warnings());
        });
    }

    /** The answer of {@code POST /jobs/check}. */
    @Schema(name = "JobCheck")
    public record Check(@Schema(description = "the spec with its defaults filled in") io.easgd.core.spec.JobSpec spec,
                        @Schema(description = "stability warnings (docs/api.md)") List<String> warnings) {
    }

    @Operation(operationId = "listJobs", summary = "Jobs, newest first, paged")
    @GetMapping
    public Mono<JobRepository.JobPage> list(
            @Parameter(description = "only jobs in these states (comma-separated or repeated)", explode = Explode.FALSE,
                    style = ParameterStyle.FORM, array = @ArraySchema(schema = @Schema(implementation = JobState.class)))
            @RequestParam(required = false) String state,
            @Parameter(description = "only jobs of these algorithms (comma-separated or repeated)", explode = Explode.FALSE,
                    style = ParameterStyle.FORM, array = @ArraySchema(schema = @Schema(implementation = Algorithm.class)))
            @RequestParam(required = false) String algorithm,
            @Parameter(schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = "1000000", defaultValue = "0"))
            @RequestParam(defaultValue = "0") String page,
            @Parameter(schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "500", defaultValue = "20"))
            @RequestParam(defaultValue = "20") String size) {
        Set<JobState> states = QueryParams.enums(JobState.class, "state", state);
        Set<Algorithm> algorithms = QueryParams.enums(Algorithm.class, "algorithm", algorithm);
        int p = (int) QueryParams.longIn("page", page, 0, 1_000_000);
        int s = (int) QueryParams.longIn("size", size, 1, 500);
        return db.call(() -> jobs.list(states, algorithms, p, s));
    }

    @Operation(operationId = "getJob", summary = "One job: state, progress, result")
    @GetMapping("/{id}")
    public Mono<Job> get(@PathVariable long id) {
        return db.call(() -> jobs.get(id));
    }

    @Operation(operationId = "getJobHistory", summary = "The job's state transitions, oldest first")
    @GetMapping("/{id}/history")
    public Mono<List<JobRepository.JobEvent>> history(@PathVariable long id) {
        return db.call(() -> {
            jobs.get(id);
            return jobs.events(id);
        });
    }

    @Operation(operationId = "cancelJob", summary = "Cancel a job (409 problem when it already ended)")
    @PostMapping(path = "/{id}/cancel", consumes = MediaType.ALL_VALUE)
    public Mono<Job> cancel(@PathVariable long id, ServerWebExchange exchange) {
        return service.cancel(id, "cancelled by a user", Actor.of(exchange));
    }

    @Operation(operationId = "cloneJob", summary = "Submit a copy of a job with the fields given changed",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, description = "the fields to change (none: an identical job)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(ref = JobSpecSchema.REF + JobSpecSchema.SUBMISSION),
                    examples = @ExampleObject(name = "tau", value = "{\"tau\":20}"))),
            responses = @ApiResponse(responseCode = "202", description = "queued",
                    headers = @Header(name = "Location", description = "/api/v1/jobs/{id}", schema = @Schema(type = "string")),
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Job.class))))
    @PostMapping(path = "/{id}/clone", consumes = MediaType.ALL_VALUE)
    public Mono<ResponseEntity<Job>> cloneJob(@PathVariable long id, @RequestBody(required = false) String changes,
                                              ServerWebExchange exchange) {
        return service.cloneWithChanges(id, changes, Actor.of(exchange))
                .map(job -> ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id())).body(job));
    }

    /** The job's events as SSE; reconnecting with Last-Event-ID resumes right after that event. */
    @Operation(operationId = "watchJob", summary = "The job's events as server-sent events (docs/api.md, SSE)",
            responses = @ApiResponse(responseCode = "200", description = "an SSE stream: state, metric, worker, tau events",
                    content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string"))))
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<String>> events(
            @PathVariable long id,
            @Parameter(in = ParameterIn.HEADER, description = "resume right after this event id",
                    schema = @Schema(type = "integer", format = "int64"))
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @Parameter(description = "resume right after this event id (for clients that cannot set headers)",
                    schema = @Schema(type = "integer", format = "int64"))
            @RequestParam(name = "after", required = false) String after) {
        String cursor = lastEventId != null ? lastEventId : after;
        long last = cursor == null || cursor.isBlank() ? 0
                : QueryParams.longIn(lastEventId != null ? "Last-Event-ID" : "after", cursor, Long.MIN_VALUE, Long.MAX_VALUE);
        return db.call(() -> jobs.get(id)).thenMany(stream.events(id, last));
    }

    /** Changed jobs, live, for the job list. */
    @Operation(operationId = "watchJobs", summary = "Changed jobs, live, as server-sent events of type job",
            responses = @ApiResponse(responseCode = "200", description = "an SSE stream; each data is a Job",
                    content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string"))))
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<Job>> jobList() {
        return stream.untilShutdown(stream.jobChanges()
                .onBackpressureBuffer(10_000)
                .concatMap(id -> db.call(() -> jobs.find(id)).flatMap(Mono::justOrEmpty))
                .map(job -> ServerSentEvent.builder(job).event("job").id(Long.toString(job.id())).build())
                .mergeWith(Flux.interval(java.time.Duration.ofSeconds(15))
                        .map(i -> ServerSentEvent.<Job>builder().comment("keep-alive").build())));
    }
}
