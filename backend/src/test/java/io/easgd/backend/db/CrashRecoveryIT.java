package io.easgd.backend.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.easgd.backend.EasgdApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * kill -9 of the backend leaves its embedded PostgreSQL running on the data directory. The next
 * start must stop that orphan cleanly and come up on the same data, nothing lost.
 */
class CrashRecoveryIT {
    @TempDir
    Path dataDir;

    @Test
    void aStartAfterSigkillTakesOverTheOrphanedDatabase() throws Exception {
        Path jar = Path.of("target", "easgd-backend.jar").toAbsolutePath();
        assertThat(jar).exists();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process backend = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--server.port=" + port, "--easgd.data-dir=" + dataDir,
                "--easgd.api-token=t", "--easgd.agents.local=0", "--easgd.data.port=0")
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("first.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        URI jobs = URI.create("http://127.0.0.1:" + port + "/api/v1/jobs");
        Awaitility.await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() ->
                http.send(HttpRequest.newBuilder(jobs).GET().build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(jobs).header("Authorization", "Bearer t")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"survives sigkill\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(202);
        long id = new ObjectMapper().readTree(created.body()).get("id").asLong();

        backend.destroyForcibly().waitFor(30, TimeUnit.SECONDS);          // SIGKILL: no shutdown hooks
        long orphan = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).strip());
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);

        try (ConfigurableApplicationContext again = new SpringApplicationBuilder(EasgdApplication.class).run(
                "--server.port=0", "--easgd.data-dir=" + dataDir, "--easgd.agents.local=0")) {
            int p = ((WebServerApplicationContext) again).getWebServer().getPort();
            JsonNode job = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + p + "/api/v1/jobs/" + id)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(job.get("name").asText()).isEqualTo("survives sigkill");
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }
}
