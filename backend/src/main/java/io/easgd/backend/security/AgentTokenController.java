package io.easgd.backend.security;

import io.easgd.backend.audit.Actor;
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
@RestController
@RequestMapping("/api/v1/agent-tokens")
public class AgentTokenController {
    private final AgentTokens tokens;

    public AgentTokenController(AgentTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping(consumes = MediaType.ALL_VALUE)
    public Mono<ResponseEntity<AgentTokens.Created>> create(@RequestBody(required = false) String body,
                                                            ServerWebExchange exchange) {
        return tokens.create(body, Actor.of(exchange)).map(t -> ResponseEntity
                .created(URI.create("/api/v1/agent-tokens/" + t.id()))
                .header("Cache-Control", "no-store")
                .body(t));
    }

    @GetMapping
    public Mono<List<AgentTokens.View>> list() {
        return tokens.list();
    }

    /** Revokes the token and disconnects the agents connected with it; idempotent. */
    @DeleteMapping("/{id}")
    public Mono<AgentTokens.View> revoke(@PathVariable long id, ServerWebExchange exchange) {
        return tokens.revoke(id, Actor.of(exchange));
    }
}
