package io.easgd.backend.lab;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The packaged backend as a user runs it: {@code java -jar backend/target/easgd-backend.jar} from the
 * repository root in its own process, on a free port and a test's data directory, with its log in
 * {@code backend.log} there. For the tests that must see what the fat jar carries and what the
 * process does at its edges (start, exit, what it leaves behind).
 */
public final class PackagedBackend implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String TOKEN = "packaged-jar-token";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private final HttpClient http = HttpClient.newHttpClient();
    private final Process process;
    private final Path dataDir;
    private final String base;

    private PackagedBackend(Process process, Path dataDir, int port) {
        this.process = process;
        this.dataDir = dataDir;
        this.base = "http://127.0.0.1:" + port;
    }

    /** Starts the jar with {@code args} after the port and data directory. */
    public static PackagedBackend start(Path dataDir, String... args) throws IOException {
        return start(dataDir, java.util.Map.of(), args);
    }

    /** The same with more environment variables (the backend's, and so its local agents'). */
    public static PackagedBackend start(Path dataDir, java.util.Map<String, String> env, String... args)
            throws IOException {
        Path root = root();
        Path jar = root.resolve("backend/target/easgd-backend.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: it is built by the package phase");
        }
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--server.port=" + port, "--easgd.data-dir=" + dataDir,
                "--easgd.data.port=0"));   // a free data channel port: parallel builds never contend for 7071
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("backend.log").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("EASGD_API_TOKEN", TOKEN);
        pb.environment().putAll(env);
        return new PackagedBackend(pb.start(), dataDir, port);
    }

    public Process process() {
        return process;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String base() {
        return base;
    }

    /** The repository root, where the README's commands run. */
    public static Path root() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    public String log() throws IOException {
        return Files.readString(dataDir.resolve("backend.log"));
    }

    /** Polls {@code GET path} until {@code done} holds; fails with the log when the process exits first. */
    public JsonNode await(String path, Predicate<JsonNode> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the backend exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                last = get(path);
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out waiting on " + path + "; last answer " + last + "\n" + diagnosis());
    }

    /**
     * What a timeout needs to be understood from a CI log alone: the local agent processes as the backend
     * sees them, and the tails of the backend's and each agent's log (a CI run once waited 3 minutes for
     * agents that never registered, and said nothing more).
     */
    public String diagnosis() {
        StringBuilder out = new StringBuilder();
        try {
            out.append("GET /api/v1/agents/local: ").append(getText("/api/v1/agents/local")).append('\n');
        } catch (Exception e) {
            out.append("GET /api/v1/agents/local: ").append(e).append('\n');
        }
        List<Path> logs = new ArrayList<>(List.of(dataDir.resolve("backend.log")));
        try (var agentLogs = Files.list(dataDir.resolve("logs"))) {
            agentLogs.sorted().forEach(logs::add);
        } catch (IOException e) {
            out.append("no agent logs: ").append(e).append('\n');
        }
        for (Path log : logs) {
            try {
                List<String> lines = Files.readAllLines(log);
                out.append("--- the last lines of ").append(log).append(" (").append(lines.size()).append(" lines)\n");
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> out.append(l).append('\n'));
            } catch (IOException e) {
                out.append(log).append(": ").append(e).append('\n');
            }
        }
        return out.toString();
    }

    public JsonNode get(String path) throws Exception {
        return JSON.readTree(getText(path));
    }

    /** The body of {@code GET path}; an answer other than 200 is an IOException, as when not listening yet. */
    public String getText(String path) throws Exception {
        // a request timeout: a GET that hangs (seen once in CI: the JDK client waited on a connection that had
        // gone quiet, for minutes) becomes an IOException, and await() asks again
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IOException("GET " + path + ": " + res.statusCode());
        }
        return res.body();
    }

    /** POSTs JSON with the API token; returns the response. */
    public HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Submits a job and waits until it has ended; returns it. */
    public JsonNode runJob(String json, Duration timeout) throws Exception {
        HttpResponse<String> created = post("/api/v1/jobs", json);
        if (created.statusCode() != 202) {
            throw new AssertionError("POST /api/v1/jobs answered " + created.statusCode() + ": " + created.body());
        }
        long id = JSON.readTree(created.body()).get("id").asLong();
        return await("/api/v1/jobs/" + id, j -> j.get("finishedAt") != null && !j.get("finishedAt").isNull(), timeout);
    }

    /** SIGTERM (the backend stops its local agents), then a kill after a minute. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
