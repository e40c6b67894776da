package io.easgd.backend.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.easgd.backend.EasgdProperties;
import io.easgd.backend.audit.Actor;
import io.easgd.backend.web.ProblemHandler;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Mutating calls under {@code /api/} need {@code Authorization: Bearer <api token>}; reads too when
 * {@code easgd.read-requires-token} is true, and always for the audit trail and the agent tokens.
 * Dataset file downloads also accept an agent token (the shared one or a valid enrollment token).
 * Every request it lets through carries its {@link Actor} (which credential, from where) for the
 * audit trail.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiTokenFilter implements WebFilter {
    /** Paths whose reads need the API token even when reads are open: who did what, and the enrollment tokens. */
    static final java.util.List<String> ALWAYS_GUARDED = java.util.List.of("/api/v1/audit", "/api/v1/agent-tokens");

    private final Tokens tokens;
    private final AgentTokens agentTokens;
    private final boolean readRequiresToken;
    private final ObjectMapper json;

    public ApiTokenFilter(Tokens tokens, AgentTokens agentTokens, EasgdProperties props, ObjectMapper json) {
        this.tokens = tokens;
        this.agentTokens = agentTokens;
        this.readRequiresToken = props.readRequiresToken();
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/api/") || path.startsWith("/api/v1/openapi") || path.startsWith("/api/v1/docs")) {
            return chain.filter(exchange);
        }
        String from = Actor.address(exchange.getRequest().getRemoteAddress());
        HttpMethod method = exchange.getRequest().getMethod();
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
        String presented = bearer(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (tokens.isApiToken(presented)) {
            return pass(exchange, chain, new Actor(Actor.API_TOKEN, from));
        }
        if (read && path.matches("/api/v1/datasets/[^/]+/files/.*")) {
            AgentTokens.Credential agent = agentTokens.authenticate(presented);
            if (agent.accepted()) {
                return pass(exchange, chain, new Actor(agent.actor(), from));
            }
        }
        // a prefix, not a match: "/api/v1/audit;x=1" is routed to /api/v1/audit too
        boolean guarded = ALWAYS_GUARDED.stream().anyMatch(path::startsWith);
        boolean dryRun = path.equals("/api/v1/jobs/check");    // validates, stores nothing
        if ((read || dryRun) && !readRequiresToken && !guarded) {
            return pass(exchange, chain, new Actor(Actor.ANONYMOUS, from));
        }
        ProblemDetail p = ProblemHandler.problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                presented == null ? "this call needs the header 'Authorization: Bearer <API token>' (the token is "
                        + "EASGD_API_TOKEN, or the one generated at first start in <data dir>/api-token)"
                        : "the API token is wrong");
        p.setInstance(java.net.URI.create(path));
        byte[] body;
        try {
            body = json.writeValueAsBytes(p);
        } catch (Exception e) {
            body = new byte[0];
        }
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private static Mono<Void> pass(ServerWebExchange exchange, WebFilterChain chain, Actor actor) {
        exchange.getAttributes().put(Actor.ATTRIBUTE, actor);
        return chain.filter(exchange);
    }

    static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        return h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).strip() : null;
    }
}
