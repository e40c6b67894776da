package io.easgd.backend.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.backend.BackendIT;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** The running backend with its default settings refuses cross-origin calls; its own origin is unaffected. */
class CorsIT extends BackendIT {

    @Test
    void aForeignOriginGetsNoAllowOriginAndItsPreflightIsRefused() {
        EntityExchangeResult<byte[]> preflight = web.options().uri("/api/v1/jobs")
                .header(HttpHeaders.ORIGIN, "https://evil.example.com")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
                .exchange().expectStatus().isForbidden().expectBody().returnResult();
        assertThat(preflight.getResponseHeaders().getAccessControlAllowOrigin()).isNull();
        assertThat(preflight.getResponseHeaders().getAccessControlAllowMethods()).isEmpty();

        EntityExchangeResult<byte[]> get = web.get().uri("/api/v1/jobs").header(HttpHeaders.ORIGIN, "https://evil.example.com")
                .exchange().expectStatus().isForbidden().expectBody().returnResult();
        assertThat(get.getResponseHeaders().getAccessControlAllowOrigin()).isNull();

        // a cross-site page cannot open the agents' WebSocket either (it would need the token anyway)
        web.get().uri("/ws/agents").header(HttpHeaders.ORIGIN, "https://evil.example.com")
                .header(HttpHeaders.UPGRADE, "websocket").header(HttpHeaders.CONNECTION, "Upgrade")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void theBackendsOwnPagesAndClientsWithoutAnOriginWorkAsBefore() {
        EntityExchangeResult<byte[]> own = web.get().uri("/api/v1/jobs").header(HttpHeaders.ORIGIN, "http://localhost:" + port)
                .exchange().expectStatus().isOk().expectBody().returnResult();
        assertThat(own.getResponseHeaders().getAccessControlAllowOrigin()).isNull();
        web.get().uri("/api/v1/jobs").exchange().expectStatus().isOk();
        post("/api/v1/jobs/check").header(HttpHeaders.ORIGIN, "http://localhost:" + port)
                .header(HttpHeaders.CONTENT_TYPE, "application/json").bodyValue("{}").exchange().expectStatus().isOk();
    }
}
