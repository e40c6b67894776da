package io.easgd.backend.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.easgd.backend.EasgdProperties;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * CORS is closed unless origins are listed: the filter as the backend builds it, from the property
 * as Spring binds it (the environment variable's comma list included). {@code CorsIT}
 * checks the closed default against the running server.
 */
class CorsFilterTest {
    private static final String UI = "https://ui.example.org";

    private static CorsFilter filter(String allowedOrigins) {
        var source = new MapConfigurationPropertySource(allowedOrigins == null ? java.util.Map.of()
                : java.util.Map.of("easgd.cors.allowed-origins", allowedOrigins));
        EasgdProperties props = new Binder(source).bindOrCreate("easgd", Bindable.of(EasgdProperties.class));
        return new CorsFilter(props);
    }

    private record Answer(HttpStatus status, HttpHeaders headers, boolean reachedTheApi) {
    }

    private static Answer send(CorsFilter filter, MockServerHttpRequest request) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        AtomicBoolean passed = new AtomicBoolean();
        filter.filter(exchange, e -> {
            passed.set(true);
            return Mono.empty();
        }).block();
        return new Answer((HttpStatus) exchange.getResponse().getStatusCode(), exchange.getResponse().getHeaders(), passed.get());
    }

    private static MockServerHttpRequest preflight(String origin) {
        return MockServerHttpRequest.options("http://backend.example.org:8080/api/v1/jobs")
                .header(HttpHeaders.ORIGIN, origin)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type").build();
    }

    private static MockServerHttpRequest get(String origin) {
        return MockServerHttpRequest.get("http://backend.example.org:8080/api/v1/jobs").header(HttpHeaders.ORIGIN, origin).build();
    }

    @Test
    void byDefaultEveryCrossOriginRequestAndPreflightIsRefused() {
        CorsFilter closed = filter(null);
        Answer pre = send(closed, preflight(UI));
        assertThat(pre.status()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(pre.headers().getAccessControlAllowOrigin()).isNull();
        assertThat(pre.reachedTheApi()).isFalse();
        Answer simple = send(closed, get(UI));
        assertThat(simple.status()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(simple.headers().getAccessControlAllowOrigin()).isNull();
        assertThat(simple.reachedTheApi()).isFalse();
        // the backend's own pages: same origin, no CORS at all
        Answer own = send(closed, get("http://backend.example.org:8080"));
        assertThat(own.reachedTheApi()).isTrue();
        assertThat(own.headers().getAccessControlAllowOrigin()).isNull();
        // no Origin header: not a browser's cross-origin request (curl, agents)
        assertThat(send(closed, MockServerHttpRequest.get("http://backend.example.org:8080/api/v1/jobs").build())
                .reachedTheApi()).isTrue();
    }

    @Test
    void listedOriginsAreAllowedAndOnlyThey() {
        CorsFilter open = filter(UI + ", http://localhost:5173");            // as EASGD_CORS_ALLOWED_ORIGINS gives it
        Answer pre = send(open, preflight(UI));
        assertThat(pre.status()).isIn(HttpStatus.OK, null);
        assertThat(pre.headers().getAccessControlAllowOrigin()).isEqualTo(UI);
        assertThat(pre.headers().getAccessControlAllowMethods()).contains(HttpMethod.POST, HttpMethod.DELETE);
        assertThat(pre.headers().getAccessControlAllowHeaders()).containsExactlyInAnyOrder("authorization", "content-type");
        assertThat(pre.reachedTheApi()).as("a preflight is answered by the filter").isFalse();

        Answer simple = send(open, get("http://localhost:5173"));
        assertThat(simple.reachedTheApi()).isTrue();
        assertThat(simple.headers().getAccessControlAllowOrigin()).isEqualTo("http://localhost:5173");
        assertThat(simple.headers().getAccessControlExposeHeaders()).contains("Location");

        Answer other = send(open, preflight("https://evil.example.com"));
        assertThat(other.status()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(other.headers().getAccessControlAllowOrigin()).isNull();
    }

    @Test
    void aValueThatIsNotAnOriginStopsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> filter("https://ui.example.org/app"))
                .hasStackTraceContaining("easgd.cors.allowed-origins (EASGD_CORS_ALLOWED_ORIGINS)")
                .hasStackTraceContaining("https://ui.example.org/app");
        assertThat(new EasgdProperties.Cors(List.of(" ", "http://a:1 ")).allowedOrigins()).containsExactly("http://a:1");
    }
}
