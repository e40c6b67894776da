package io.easgd.backend.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command as a user runs it: {@code java -jar backend/target/easgd-backend.jar}
 * from the repository root, on its defaults (embedded PostgreSQL, two local agent JVMs, the UI at
 * {@code /}), and a small job trained to its end. Every other end-to-end test boots the backend
 * in the test JVM on the test classpath, which cannot see what the packaged jar lacks — a
 * test-scoped dependency once took ND4J's commons-math3 out of it and the first evaluation failed
 * with NoClassDefFoundError.
 */
class PackagedJarIT {

    @Test
    void theJarStartsTheLabAndTrainsAJobToItsEnd(@TempDir Path dataDir) throws Exception {
        try (PackagedBackend backend = PackagedBackend.start(dataDir)) {
            JsonNode health = backend.await("/actuator/health", h -> "UP".equals(h.path("status").asText()),
                    Duration.ofMinutes(3));
            assertThat(health.path("status").asText()).isEqualTo("UP");
            assertThat(backend.getText("/")).contains("<div id=\"root\">");
            backend.await("/api/v1/agents", a -> a.size() == 2 && "IDLE".equals(a.get(0).get("state").asText())
                    && "IDLE".equals(a.get(1).get("state").asText()), Duration.ofMinutes(3));

            JsonNode job = backend.runJob("{\"name\":\"packaged\",\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":10,"
                    + "\"eta\":0.1,\"delta\":0.9,\"stop\":{\"maxSteps\":150}}", Duration.ofMinutes(4));
            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
            assertThat(job.get("reason").asText()).isEqualTo("reached 150 steps per worker");
            assertThat(job.at("/result/testError").asDouble()).as("the center was evaluated").isBetween(0.0, 0.5);
            assertThat(job.at("/result/bytesUp").asLong()).isGreaterThan(150 / 10 * 2 * 4L * 100_000);
            assertThat(job.at("/result/bytesDown").asLong()).isGreaterThan(150 / 10 * 2 * 4L * 100_000);
            assertThat(backend.log()).doesNotContain("NoClassDefFoundError");
        }
    }
}
