package io.easgd.backend.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "packaged-jar-token";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theJarStartsTheLabAndTrainsAJobToItsEnd(@TempDir Path dataDir) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path jar = root.resolve("backend/target/easgd-backend.jar");
        assertThat(jar).as("built by the package phase").isRegularFile();
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--server.port=" + port, "--easgd.data-dir=" + dataDir)
                .directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("backend.log").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("EASGD_API_TOKEN", TOKEN);
        Process backend = pb.start();
        try {
            String base = "http://127.0.0.1:" + port;
            JsonNode health = await(() -> getJson(base + "/actuator/health"), h -> "UP".equals(h.path("status").asText()),
                    Duration.ofMinutes(3), backend, dataDir);
            assertThat(health.path("status").asText()).isEqualTo("UP");
            assertThat(get(base + "/").body()).contains("<div id=\"root\">");
            await(() -> getJson(base + "/api/v1/agents"), a -> a.size() == 2
                    && "IDLE".equals(a.get(0).get("state").asText()) && "IDLE".equals(a.get(1).get("state").asText()),
                    Duration.ofMinutes(3), backend, dataDir);

            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"packaged\",\"algorithm\":\"EAMSGD\","
                            + "\"workers\":2,\"tau\":10,\"eta\":0.1,\"delta\":0.9,\"stop\":{\"maxSteps\":150}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
            long id = JSON.readTree(created.body()).get("id").asLong();

            JsonNode job = await(() -> getJson(base + "/api/v1/jobs/" + id),
                    j -> j.get("finishedAt") != null && !j.get("finishedAt").isNull(), Duration.ofMinutes(4), backend,
                    dataDir);
            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
            assertThat(job.get("reason").asText()).isEqualTo("reached 150 steps per worker");
            assertThat(job.at("/result/testError").asDouble()).as("the center was evaluated").isBetween(0.0, 0.5);
            assertThat(job.at("/result/bytesUp").asLong()).isGreaterThan(150 / 10 * 2 * 4L * 100_000);
            assertThat(job.at("/result/bytesDown").asLong()).isGreaterThan(150 / 10 * 2 * 4L * 100_000);
            assertThat(Files.readString(dataDir.resolve("backend.log"))).doesNotContain("NoClassDefFoundError");
        } finally {
            backend.destroy();                              // SIGTERM: the backend stops its local agents
            if (!backend.waitFor(60, TimeUnit.SECONDS)) {
                backend.descendants().forEach(ProcessHandle::destroyForcibly);
                backend.destroyForcibly();
            }
        }
    }

    interface Call {
        JsonNode get() throws Exception;
    }

    private static JsonNode await(Call call, java.util.function.Predicate<JsonNode> done, Duration timeout,
                                  Process backend, Path dataDir) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            if (!backend.isAlive()) {
                throw new AssertionError("the backend exited with " + backend.exitValue() + ":\n"
                        + Files.readString(dataDir.resolve("backend.log")));
            }
            try {
                last = call.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out; last answer " + last);
    }

    private JsonNode getJson(String url) throws Exception {
        return JSON.readTree(get(url).body());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
