package io.easgd.backend.bench.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.lab.Lab;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real platform for the benchmarks: the backend in this JVM ({@link Lab}: embedded PostgreSQL,
 * HTTP and WebSocket on loopback) and {@code agents} worker-agent JVMs started from
 * {@code worker-agent/target/worker-agent.jar} with {@code OMP_NUM_THREADS=1} and any extra JVM
 * options (e.g. a JFR recording; {@code {name}} in an option becomes the agent's name). Agents are started once and stay idle between jobs, so JVM start
 * and the dataset download (first job only) are not inside a job's RUNNING time.
 */
final class PlatformLab implements AutoCloseable {
    private final Lab lab;
    private final Path dir;
    private final List<Process> agents = new ArrayList<>();
    private final int agentCount;

    PlatformLab(Path dir, String evalInterval, List<String> backendArgs, List<String> agentJvmOptions, int agentCount)
            throws Exception {
        this.dir = dir;
        this.agentCount = agentCount;
        List<String> args = new ArrayList<>(List.of("--easgd.eval.interval=" + evalInterval,
                "--easgd.eval.checkpoint-interval=30s", "--logging.level.root=WARN",
                "--logging.level.io.easgd.backend.lab=INFO"));
        args.addAll(backendArgs);
        this.lab = new Lab(dir, args.toArray(String[]::new));
        if (agentJvmOptions != null) {
            for (int i = 0; i < agentCount; i++) {
                startAgent("bench-" + i, agentJvmOptions);
            }
        }
        lab.awaitIdleAgents(agentCount, Duration.ofMinutes(3));
    }

    /**
     * The platform as the bandwidth-limited lab runs it: the backend's own local agents ({@code agentCount}
     * of them), each behind a {@code link} ({@code easgd.lab.link}, e.g. {@code 100mbit}) to the lab's
     * switch, or on loopback for {@code "loopback"}.
     */
    static PlatformLab behindLink(Path dir, String evalInterval, List<String> backendArgs, String link, int agentCount)
            throws Exception {
        List<String> args = new ArrayList<>(backendArgs);
        args.addAll(List.of("--easgd.agents.local=" + agentCount, "--easgd.agents.jar=" + Lab.agentJar(),
                "--easgd.agents.java-options=-Xmx1g", "--easgd.lab.duration=12h",
                "--easgd.lab.subnet=10.213.99.0/24"));
        if (!link.equals("loopback")) {
            args.add("--easgd.lab.link=" + link);
        }
        return new PlatformLab(dir, evalInterval, args, null, agentCount);
    }

    private void startAgent(String name, List<String> jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g"));
        jvmOptions.forEach(opt -> cmd.add(opt.replace("{name}", name)));
        cmd.addAll(List.of("-jar", Lab.agentJar().toString(), "--server", "ws://127.0.0.1:" + lab.port(), "--name", name,
                "--cache-dir", dir.resolve("agent-cache-" + name).toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("EASGD_AGENT_TOKEN", Lab.AGENT_TOKEN);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("agent-" + name + ".log").toFile());
        agents.add(pb.start());
    }

    /** Submits {@code specJson}, waits until the job ended; returns the ended job. */
    JsonNode runJob(String specJson, Duration timeout) throws Exception {
        long id = lab.post("/api/v1/jobs", specJson).get("id").asLong();
        JsonNode job = lab.awaitState(id, timeout, "COMPLETED", "FAILED", "CANCELLED");
        lab.awaitIdleAgents(agentCount, Duration.ofMinutes(1));
        return job;
    }

    /** Submits {@code specJson} and returns its id at once. */
    long submit(String specJson) throws Exception {
        return lab.post("/api/v1/jobs", specJson).get("id").asLong();
    }

    JsonNode get(String path) throws Exception {
        return lab.get(path);
    }

    JsonNode awaitEnd(long id, Duration timeout) throws Exception {
        JsonNode job = lab.awaitState(id, timeout, "COMPLETED", "FAILED", "CANCELLED");
        lab.awaitIdleAgents(agentCount, Duration.ofMinutes(1));
        return job;
    }

    /** The job's series, all points. */
    JsonNode series(long id, String names) throws Exception {
        return lab.get("/api/v1/jobs/" + id + "/metrics?series=" + names + "&maxPoints=100000").get("series");
    }

    /** The center's test-error curve of a job, t in seconds since RUNNING. */
    Curve testError(long id, String label) throws Exception {
        List<double[]> pts = new ArrayList<>();
        for (JsonNode s : series(id, "test_error")) {
            for (JsonNode p : s.get("points")) {
                pts.add(new double[] {p.get("t").asDouble() / 1000, p.get("value").asDouble()});
            }
        }
        pts.sort((a, b) -> Double.compare(a[0], b[0]));
        return new Curve(label, pts);
    }

    /**
     * Bytes on the wire, up and down, summed over the workers, up to {@code seconds} after RUNNING:
     * for each worker the last cumulative point at or before that moment.
     */
    double bytesUntil(long id, double seconds) throws Exception {
        double sum = 0;
        for (JsonNode s : series(id, "bytes_up,bytes_down")) {
            double last = 0;
            for (JsonNode p : s.get("points")) {
                if (p.get("t").asDouble() / 1000 <= seconds) {
                    last = Math.max(last, p.get("value").asDouble());
                }
            }
            sum += last;
        }
        return sum;
    }

    List<Long> agentPids() {
        return agents.stream().map(Process::pid).toList();
    }

    @Override
    public void close() {
        Lab.stopAll(agents, 20);
        lab.close();
    }
}
