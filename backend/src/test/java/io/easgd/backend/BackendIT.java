package io.easgd.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the integration tests that share one running backend: a real embedded PostgreSQL in a
 * fresh data directory, the HTTP server on a random port, a known API token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
public abstract class BackendIT {
    public static final String TOKEN = "test-api-token";
    public static final String AGENT_TOKEN = "test-agent-token";
    static final Path DATA_DIR;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("easgd-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("easgd.data-dir", DATA_DIR::toString);
        registry.add("easgd.api-token", () -> TOKEN);
        registry.add("easgd.agent-token", () -> AGENT_TOKEN);
        registry.add("easgd.events.poll-interval", () -> "200ms");
        registry.add("easgd.agents.local", () -> "0");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected WebTestClient web;

    protected WebTestClient.RequestBodySpec post(String uri) {
        return web.post().uri(uri).header("Authorization", "Bearer " + TOKEN);
    }
}
