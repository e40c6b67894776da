package io.easgd.backend.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.easgd.backend.EasgdProperties;
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
 * {@code easgd.read-requires-token} is true. Dataset file downloads also accept the agent token.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiTokenFilter implements WebFilter {
    private final Tokens tokens;
    private final boolean readRequiresToken;
    private final ObjectMapper json;

    public ApiTokenFilter(Tokens tokens, EasgdProperties props, ObjectMapper json) {
        this.tokens = tokens;
        this.readRequiresToken = props.readRequiresToken();
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/api/") || path.startsWith("/api/v1/openapi") || path.startsWith("/api/v1/docs")) {
            return chain.filter(exchange);
        }
        HttpMethod method = exchange.getRequest().getMethod();
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
        String presented = bearer(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (read && path.matches("/api/v1/datasets/[^/]+/files/.*") && tokens.isAgentToken(presented)) {
            return chain.filter(exchange);
        }
        boolean dryRun = path.equals("/api/v1/jobs/check");    // validates, stores nothing
        if (((read || dryRun) && !readRequiresToken) || tokens.isApiToken(presented)) {
            return chain.filter(exchange);
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

    static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        return h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).strip() : null;
    }
}
