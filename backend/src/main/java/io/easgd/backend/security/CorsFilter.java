package io.easgd.backend.security;

import io.easgd.backend.EasgdProperties;
import java.time.Duration;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Cross-origin requests, closed by default: a request or preflight whose {@code Origin} is not this
 * backend's own is refused (403, no {@code Access-Control-Allow-Origin}) unless the origin is listed
 * in {@code easgd.cors.allowed-origins}. Covers every path, so a page elsewhere cannot open the
 * agents' WebSocket either. Runs before the token filter: a preflight carries no token.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class CorsFilter implements WebFilter {
    private final CorsWebFilter delegate;

    public CorsFilter(EasgdProperties props) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(props.cors().allowedOrigins());          // empty: no origin is allowed
        config.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "DELETE"));
        config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "Last-Event-ID"));
        config.setExposedHeaders(List.of("Location", "X-Checksum-SHA256"));
        config.setAllowCredentials(false);                                  // the token travels in a header, not a cookie
        config.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        this.delegate = new CorsWebFilter(source);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return delegate.filter(exchange, chain);
    }
}
