package io.easgd.backend.security;

import io.easgd.backend.audit.Actor;
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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/agent-tokens}: create (the token is in the answer, once), list, revoke. Every call
 * needs the API token, reads included (docs/api.md).
 */
@Tag(name = "agent-tokens", description = "per-agent tokens: create (shown once), list, revoke; every call needs the API token")
@RestController
@RequestMapping("/api/v1/agent-tokens")
public class AgentTokenController {
    private final AgentTokens tokens;

    public AgentTokenController(AgentTokens tokens) {
        this.tokens = tokens;
    }

    @Operation(operationId = "createAgentToken", summary = "Create an agent token; the answer holds the token, once",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = NewAgentToken.class),
                            examples = @ExampleObject(name = "rack", value = "{\"name\":\"rack-3\"}"))),
            responses = @ApiResponse(responseCode = "201", description = "created",
                    headers = @Header(name = "Location", description = "/api/v1/agent-tokens/{id}", schema = @Schema(type = "string")),
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = AgentTokens.Created.class))))
    @PostMapping(consumes = MediaType.ALL_VALUE)
    public Mono<ResponseEntity<AgentTokens.Created>> create(@RequestBody(required = false) String body,
                                                            ServerWebExchange exchange) {
        return tokens.create(body, Actor.of(exchange)).map(t -> ResponseEntity
                .created(URI.create("/api/v1/agent-tokens/" + t.id()))
                .header("Cache-Control", "no-store")
                .body(t));
    }

    @Operation(operationId = "listAgentTokens", summary = "Every agent token, newest first, with the agents connected with it")
    @GetMapping
    public Mono<List<AgentTokens.View>> list() {
        return tokens.list();
    }

    /** Revokes the token and disconnects the agents connected with it; idempotent. */
    @Operation(operationId = "revokeAgentToken", summary = "Revoke a token and disconnect its agents (idempotent)")
    @DeleteMapping("/{id}")
    public Mono<AgentTokens.View> revoke(@PathVariable long id, ServerWebExchange exchange) {
        return tokens.revoke(id, Actor.of(exchange));
    }

    /**
     * The body of {@code POST /agent-tokens}, for the OpenAPI document only: {@link AgentTokens} reads
     * the body itself, so that an unknown field is a 400 naming it.
     */
    @Schema(name = "NewAgentToken", additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
            description = "only name; any other field is refused (400 naming it)")
    record NewAgentToken(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200, example = "rack-3",
            description = "a name for the token (one line)") String name) {
    }
}
