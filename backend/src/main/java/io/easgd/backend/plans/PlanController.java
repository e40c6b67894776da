package io.easgd.backend.plans;

import io.easgd.backend.audit.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** "Plan my cluster" (docs/api.md, "Plans"): predicted time to a target error over p and τ, from short simulated runs. */
@Tag(name = "plans", description = "predicted time to a target error over p and tau for a link, from the virtual cluster")
@RestController
@RequestMapping("/api/v1/plans")
public class PlanController {
    static final String EXAMPLE = "{\"spec\":{\"algorithm\":\"EAMSGD\",\"eta\":0.1,\"delta\":0.9},\"link\":\"1gbit,0.2ms\","
            + "\"workers\":[1,2,4,8,16],\"tau\":[1,4,16],\"target\":{\"testError\":0.08},\"budget\":{\"maxSteps\":300}}";

    private final PlanService service;

    public PlanController(PlanService service) {
        this.service = service;
    }

    @Operation(operationId = "createPlan", summary = "Plan a cluster: short simulated runs over p and τ for a spec and a link",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = PlanRequestBody.class),
                            examples = @ExampleObject(name = "readme", value = EXAMPLE))),
            responses = @ApiResponse(responseCode = "202", description = "its simulated runs are queued",
                    headers = @Header(name = "Location", description = "/api/v1/plans/{id}", schema = @Schema(type = "string")),
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Plan.class))))
    @PostMapping(consumes = MediaType.ALL_VALUE)
    public Mono<ResponseEntity<Plan>> create(@RequestBody(required = false) String body, ServerWebExchange exchange) {
        return service.create(body, Actor.of(exchange))
                .map(p -> ResponseEntity.accepted().location(URI.create("/api/v1/plans/" + p.id())).body(p));
    }

    @Operation(operationId = "getPlan", summary = "A plan's table: virtual time to the target per (p, τ), and the fastest")
    @GetMapping("/{id}")
    public Mono<Plan> get(@PathVariable long id) {
        return service.get(id);
    }
}
