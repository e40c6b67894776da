package io.easgd.backend.faults;

import io.easgd.backend.audit.Actor;
import io.easgd.backend.db.Db;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The fault lab's API (docs/api.md, "Fault lab"); every call that injects or cancels needs the API token and is audited. */
@Tag(name = "lab")
@RestController
public class FaultController {
    private final FaultLab lab;
    private final Db db;

    FaultController(FaultLab lab, Db db) {
        this.lab = lab;
        this.db = db;
    }

    @Operation(operationId = "getFaultLab", summary = "Whether the fault lab is on, and which kinds of fault this backend can inject")
    @GetMapping("/api/v1/lab/faults")
    public Mono<FaultLab.LabView> status() {
        return db.call(lab::status);
    }

    @Operation(operationId = "injectFault", summary = "Inject one fault into a running job, now or after delayMs",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = FaultBodies.One.class),
                            examples = @ExampleObject(name = "pause", value = "{\"jobId\":1,\"kind\":\"AGENT_PAUSE\","
                                    + "\"rank\":0,\"durationMs\":3000}"))))
    @PostMapping(value = "/api/v1/lab/faults", consumes = MediaType.ALL_VALUE)
    public Mono<ResponseEntity<Fault>> inject(@RequestBody(required = false) String body, ServerWebExchange exchange) {
        Actor by = Actor.of(exchange);
        return db.call(() -> lab.inject(body, by)).map(f -> ResponseEntity.created(URI.create("/api/v1/lab/faults/"
                + f.id())).body(f));
    }

    @Operation(operationId = "getFault", summary = "One fault: its state, and its time to heal once healed")
    @GetMapping("/api/v1/lab/faults/{id}")
    public Mono<Fault> get(@PathVariable long id) {
        return db.call(() -> lab.get(id));
    }

    @Operation(operationId = "scheduleFaults", summary = "A schedule of faults for a running job: a list at times, or a seeded random plan",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = FaultBodies.Schedule.class),
                            examples = @ExampleObject(name = "random", value = "{\"jobId\":1,\"random\":{\"seed\":1,"
                                    + "\"count\":20,\"meanIntervalMs\":5000}}"))))
    @PostMapping(value = "/api/v1/lab/faults/schedules", consumes = MediaType.ALL_VALUE)
    public Mono<ResponseEntity<FaultLab.ScheduleView>> schedule(@RequestBody(required = false) String body,
                                                                ServerWebExchange exchange) {
        Actor by = Actor.of(exchange);
        return db.call(() -> lab.schedule(body, by)).map(s -> ResponseEntity.created(URI.create(
                "/api/v1/lab/faults/schedules/" + s.id())).body(s));
    }

    @Operation(operationId = "getFaultSchedule", summary = "A schedule and its faults")
    @GetMapping("/api/v1/lab/faults/schedules/{id}")
    public Mono<FaultLab.ScheduleView> getSchedule(@PathVariable long id) {
        return db.call(() -> lab.getSchedule(id));
    }

    @Operation(operationId = "cancelFaultSchedule", summary = "Cancel a schedule: pending faults cancelled, active ones undone now")
    @DeleteMapping("/api/v1/lab/faults/schedules/{id}")
    public Mono<FaultLab.ScheduleView> cancel(@PathVariable long id, ServerWebExchange exchange) {
        Actor by = Actor.of(exchange);
        return db.call(() -> lab.cancel(id, by));
    }

    @Operation(operationId = "listJobFaults", summary = "A job's faults and, by kind, the median and p95 time to heal")
    @GetMapping("/api/v1/jobs/{id}/faults")
    public Mono<FaultLab.JobFaults> ofJob(@PathVariable long id) {
        return db.call(() -> lab.ofJob(id));
    }
}
