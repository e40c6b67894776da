package io.easgd.backend.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.easgd.backend.EasgdApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * A real lab for end-to-end tests: the backend (embedded PostgreSQL, HTTP and WebSocket on a free
 * port) and worker-agent processes — separate JVMs from {@code worker-agent/target}, talking to it
 * over loopback WebSocket. Nothing is mocked. Its graceful shutdown waits at most 3 s for open
 * requests (the product's default is 20 s): a connection the JDK client leaves open (an SSE stream,
 * a fuzzed WebSocket) otherwise made many labs' {@link #close} and {@link #restartBackend} wait the
 * full 20 s (docs/operations.md, "Shutdown waits 20 s"), and no test asserts on that wait.
 */
public final class Lab implements AutoCloseable {
    public static final String API_TOKEN = "lab-api-token";
    public static final String AGENT_TOKEN = "lab-agent-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDir;
    private final String[] args;
    private ConfigurableApplicationContext backend;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> agents = new ArrayList<>();

    public Lab(Path dataDir, String... extraArgs) {
        this.dataDir = dataDir;
        this.port = freePort();
        List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--easgd.data-dir=" + dataDir,
                "--easgd.api-token=" + API_TOKEN, "--easgd.agent-token=" + AGENT_TOKEN, "--easgd.agents.local=0",
                "--easgd.eval.interval=1s", "--spring.lifecycle.timeout-per-shutdown-phase=3s"));
        for (String extra : extraArgs) {            // an extra argument replaces the default of the same name
            String name = extra.contains("=") ? extra.substring(0, extra.indexOf('=') + 1) : extra;
            args.removeIf(a -> a.startsWith(name));
            args.add(extra);
        }
        this.args = args.toArray(String[]::new);
        this.backend = builder().run(this.args);
    }

    /**
     * The backend with Netty event loops of its own instead of Reactor Netty's global ones. Closing a
     * Spring context disposes the global loops, which would stop the server of every other backend in
     * this JVM: a test that opens and closes its own lab while the {@link SharedLab} runs must leave the
     * shared backend serving. (A production JVM has one backend; there the two are the same.)
     */
    private static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(EasgdApplication.class).initializers(context ->
                ((GenericApplicationContext) context).registerBean(ReactorResourceFactory.class, () -> {
                    ReactorResourceFactory own = new ReactorResourceFactory();
                    own.setUseGlobalResources(false);
                    return own;
                }));
    }

    /** Stops the backend and starts it again on the same port and data directory; agents keep running. */
    public void restartBackend() {
        backend.close();
        backend = builder().run(args);
    }

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public ConfigurableApplicationContext backend() {
        return backend;
    }

    /** The worker-agent jar built by the reactor before this module's integration tests. */
    public static Path agentJar() {
        Path jar = Path.of("..", "worker-agent", "target", "worker-agent.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn -B verify from the project root");
        }
        return jar;
    }

    /** Starts one agent JVM named {@code name}; its output goes to the data dir. */
    public Process startAgent(String name, String token) throws IOException {
        return startAgent(name, token, new String[0]);
    }

    /** {@link #startAgent(String, String)} with more agent options ({@code --protocol=1}, {@code --data-channel=off}). */
    public Process startAgent(String name, String token, String... agentArgs) throws IOException {
        Path log = dataDir.resolve("agent-" + name + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", agentJar().toString(), "--server", "ws://127.0.0.1:" + port,
                "--name", name, "--cache-dir", dataDir.resolve("agent-cache-" + name).toString()));
        cmd.addAll(List.of(agentArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("EASGD_AGENT_TOKEN", token);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        agents.add(p);
        return p;
    }

    public Process startAgent(String name) throws IOException {
        return startAgent(name, AGENT_TOKEN);
    }

    public String agentLog(String name) throws IOException {
        return Files.readString(dataDir.resolve("agent-" + name + ".log"));
    }

    public JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    public byte[] getBytes(String path) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.statusCode());
        }
        return r.body();
    }

    public JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Waits until the job is in one of {@code states}; returns it. */
    public JsonNode awaitState(long job, Duration timeout, String... states) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode j = null;
        while (System.nanoTime() < deadline) {
            j = get("/api/v1/jobs/" + job);
            for (String s : states) {
                if (s.equals(j.get("state").asText())) {
                    return j;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + job + " did not reach " + List.of(states) + " in " + timeout + ": " + j);
    }

    /** Waits until {@code n} agents are connected and idle. */
    public void awaitIdleAgents(int n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            int idle = 0;
            for (JsonNode a : get("/api/v1/agents")) {
                idle += "IDLE".equals(a.get("state").asText()) ? 1 : 0;
            }
            if (idle >= n) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(n + " idle agents did not connect in " + timeout + ": " + get("/api/v1/agents"));
    }

    /** The last value of each worker's cumulative series, by worker. */
    public Map<Integer, Double> lastByWorker(long job, String series) throws Exception {
        Map<Integer, Double> out = new java.util.TreeMap<>();
        for (JsonNode s : get("/api/v1/jobs/" + job + "/metrics?series=" + series + "&maxPoints=100000").get("series")) {
            JsonNode pts = s.get("points");
            out.put(s.get("worker").asInt(), pts.get(pts.size() - 1).get("value").asDouble());
        }
        return out;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() {
        stopAll(agents, 15);
        backend.close();
    }

    /** SIGTERM to every process, then SIGKILL to those still alive after {@code seconds}. */
    public static void stopAll(List<Process> processes, int seconds) {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
