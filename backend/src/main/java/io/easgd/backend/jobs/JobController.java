package io.easgd.backend.jobs;

import io.easgd.backend.audit.Actor;
import io.easgd.backend.db.Db;
import io.easgd.backend.stream.JobStream;
import io.easgd.backend.web.QueryParams;
import io.easgd.core.spec.Algorithm;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/** The jobs API (docs/api.md). */
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

    @PostMapping(consumes = MediaType.ALL_VALUE)
    public Mono<ResponseEntity<Job>> create(@RequestBody(required = false) String body, ServerWebExchange exchange) {
        return Mono.fromCallable(() -> JobService.Submission.parse(body))
                .flatMap(s -> service.submit(s, Actor.of(exchange)))
                .map(job -> ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id())).body(job));
    }

    /** Validates a spec without storing it: the spec with defaults filled in, and its warnings. */
    @PostMapping(path = "/check", consumes = MediaType.ALL_VALUE)
    public Mono<Map<String, Object>> check(@RequestBody(required = false) String body) {
        return Mono.fromCallable(() -> {
            JobService.Submission s = JobService.Submission.parse(body);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("spec", s.spec());
            out.put("warnings", s.spec().warnings());
            return out;
        });
    }

    @GetMapping
    public Mono<JobRepository.JobPage> list(@RequestParam(required = false) String state,
                                            @RequestParam(required = false) String algorithm,
                                            @RequestParam(defaultValue = "0") String page,
                                            @RequestParam(defaultValue = "20") String size) {
        Set<JobState> states = QueryParams.enums(JobState.class, "state", state);
        Set<Algorithm> algorithms = QueryParams.enums(Algorithm.class, "algorithm", algorithm);
        int p = (int) QueryParams.longIn("page", page, 0, 1_000_000);
        int s = (int) QueryParams.longIn("size", size, 1, 500);
        return db.call(() -> jobs.list(states, algorithms, p, s));
    }

    @GetMapping("/{id}")
    public Mono<Job> get(@PathVariable long id) {
        return db.call(() -> jobs.get(id));
    }

    @GetMapping("/{id}/history")
    public Mono<List<JobRepository.JobEvent>> history(@PathVariable long id) {
        return db.call(() -> {
            jobs.get(id);
            return jobs.events(id);
        });
    }

    @PostMapping(path = "/{id}/cancel", consumes = MediaType.ALL_VALUE)
    public Mono<Job> cancel(@PathVariable long id, ServerWebExchange exchange) {
        return service.cancel(id, "cancelled by a user", Actor.of(exchange));
    }

    @PostMapping(path = "/{id}/clone", consumes = MediaType.ALL_VALUE)
    public Mono<ResponseEntity<Job>> cloneJob(@PathVariable long id, @RequestBody(required = false) String changes,
                                              ServerWebExchange exchange) {
        return service.cloneWithChanges(id, changes, Actor.of(exchange))
                .map(job -> ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id())).body(job));
    }

    /** The job's events as SSE; reconnecting with Last-Event-ID resumes right after that event. */
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<String>> events(@PathVariable long id,
                                                @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                                                @RequestParam(name = "after", required = false) String after) {
        String cursor = lastEventId != null ? lastEventId : after;
        long last = cursor == null || cursor.isBlank() ? 0
                : QueryParams.longIn(lastEventId != null ? "Last-Event-ID" : "after", cursor, Long.MIN_VALUE, Long.MAX_VALUE);
        return db.call(() -> jobs.get(id)).thenMany(stream.events(id, last));
    }

    /** Changed jobs, live, for the job list. */
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
