package io.easgd.backend.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.EasgdApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Stop the backend, start it on the same data directory: jobs, events and the generated token survive. */
class RestartIT {
    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(EasgdApplication.class).run(
                "--server.port=0", "--easgd.data-dir=" + dataDir, "--easgd.agents.local=0");
    }

    private static WebTestClient client(ConfigurableApplicationContext ctx) {
        int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    @Test
    void jobsEventsAndTheGeneratedTokenSurviveARestart() throws Exception {
        long kept;
        long cancelled;
        String token;
        try (ConfigurableApplicationContext first = start()) {
            token = Files.readString(dataDir.resolve("api-token")).strip();
            WebTestClient web = client(first);
            kept = web.post().uri("/api/v1/jobs").header("Authorization", "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"kept\",\"tau\":7}")
                    .exchange().expectStatus().isAccepted().expectBody(JsonNode.class).returnResult()
                    .getResponseBody().get("id").asLong();
            cancelled = web.post().uri("/api/v1/jobs").header("Authorization", "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"cancelled\"}")
                    .exchange().expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asLong();
            web.post().uri("/api/v1/jobs/" + cancelled + "/cancel").header("Authorization", "Bearer " + token)
                    .exchange().expectStatus().isOk();
        }
        assertThat(Files.isDirectory(dataDir.resolve("postgres"))).isTrue();

        try (ConfigurableApplicationContext second = start()) {
            WebTestClient web = client(second);
            JsonNode job = web.get().uri("/api/v1/jobs/" + kept).exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(job.get("name").asText()).isEqualTo("kept");
            assertThat(job.at("/spec/tau").asInt()).isEqualTo(7);
            assertThat(job.get("state").asText()).isEqualTo("QUEUED");
            JsonNode history = web.get().uri("/api/v1/jobs/" + cancelled + "/history").exchange()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(history).hasSize(2);
            assertThat(history.get(1).get("to").asText()).isEqualTo("CANCELLED");
            // the token generated at the first start still works, and no new one was generated
            assertThat(Files.readString(dataDir.resolve("api-token")).strip()).isEqualTo(token);
            web.post().uri("/api/v1/jobs/" + kept + "/cancel").header("Authorization", "Bearer " + token)
                    .exchange().expectStatus().isOk();
        }
    }
}
