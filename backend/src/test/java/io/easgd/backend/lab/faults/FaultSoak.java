package io.easgd.backend.lab.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.easgd.backend.lab.PackagedBackend;
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
import java.util.function.Predicate;

/**
 * A fault lab as a user runs it: the packaged backend as its own JVM with the fault lab on, two local
 * agents behind the bandwidth lab's links, jobs and fault schedules through the REST API. The backend
 * restarts itself under it (a fault), so every call tolerates a backend that is away for a while, and the
 * backend to stop at the end is the one that runs then ({@code backendPid} of {@code GET /api/v1/lab/faults}).
 * {@link #close} stops it and checks that nothing of the lab is left: no process that names the data
 * directory, no network namespace of the lab.
 */
public final class FaultSoak implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PackagedBackend first;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private long backendPid;

    private FaultSoak(PackagedBackend first, Path dataDir) {
        this.first = first;
        this.dataDir = dataDir;
        this.backendPid = first.process().pid();
    }

    /** Starts the backend (fixed port: it restarts on it) with the fault lab, {@code link} links and {@code args}. */
    public static FaultSoak start(Path dataDir, String link, String... args) throws Exception {
        Map<String, String> env = Map.of("EASGD_LAB_FAULTS_ENABLED", "true", "EASGD_LAB_LINK", link,
                "EASGD_LAB_SUBNET", "10.218.0.0/24", "EASGD_LAB_PROBE", "false", "EASGD_AGENTS_LOCAL", "2");
        FaultSoak soak = new FaultSoak(PackagedBackend.start(dataDir, env, args), dataDir);
        soak.await("/api/v1/agents", a -> a.size() == 2 && "IDLE".equals(a.get(0).get("state").asText())
                && "IDLE".equals(a.get(1).get("state").asText()), Duration.ofMinutes(3));
        return soak;
    }

    /** GET, or null while the backend is away or answers otherwise than 200. */
    public JsonNode getOrNull(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(first.base() + path))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Polls until {@code done} holds, through restarts of the backend. */
    public JsonNode await(String path, Predicate<JsonNode> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            JsonNode j = getOrNull(path);
            if (j != null) {
                last = j;
                if (done.test(j)) {
                    return j;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out waiting on " + path + "; last answer " + last + "\n" + tail());
    }

    /** POSTs with the API token, retrying while the backend is away; fails on an answer other than {@code status}. */
    public JsonNode post(String path, String body, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(first.base() + path))
                        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + PackagedBackend.TOKEN)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != status) {
                    throw new AssertionError("POST " + path + " answered " + r.statusCode() + ": " + r.body());
                }
                return JSON.readTree(r.body());
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /** Submits a job and waits until it runs; returns its id. */
    public long runningJob(String spec) throws Exception {
        long id = post("/api/v1/jobs", spec, 202).get("id").asLong();
        await("/api/v1/jobs/" + id, j -> "RUNNING".equals(j.get("state").asText()), Duration.ofMinutes(3));
        return id;
    }

    /** Waits until the job has ended; returns it. */
    public JsonNode awaitEnd(long job, Duration timeout) throws Exception {
        return await("/api/v1/jobs/" + job, j -> j.hasNonNull("finishedAt"), timeout);
    }

    /** Waits until no fault of the job is open any more; returns {@code GET /api/v1/jobs/{id}/faults}. */
    public JsonNode awaitFaultsOver(long job, Duration timeout) throws Exception {
        return await("/api/v1/jobs/" + job + "/faults", f -> {
            for (JsonNode x : f.get("faults")) {
                if (List.of("PENDING", "ACTIVE", "HEALING").contains(x.get("state").asText())) {
                    return false;
                }
            }
            return true;
        }, timeout);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The end of the logs of the first backend and of the restarted ones. */
    public String tail() {
        StringBuilder b = new StringBuilder();
        for (Path p : List.of(dataDir.resolve("backend.log"), dataDir.resolve("logs/backend.log"))) {
            try {
                List<String> lines = Files.readAllLines(p);
                b.append("--- ").append(p).append('\n');
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> b.append(l).append('\n'));
            } catch (IOException e) {
                // not there
            }
        }
        return b.toString();
    }

    /** Processes whose command line names the data directory: the backend and its agents. */
    public List<ProcessHandle> processes() {
        String dir = dataDir.toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(dir)).orElse(false))
                .filter(p -> p.pid() != ProcessHandle.current().pid()).toList();
    }

    /** The lab's network namespaces that exist now. */
    public static List<String> labNamespaces() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        List<String> ours = new ArrayList<>();
        for (String line : out.split("\n")) {
            String ns = line.strip().split("\\s+")[0];
            if (ns.startsWith("easgdlab-")) {
                ours.add(ns);
            }
        }
        return ours;
    }

    /** SIGTERM to the backend that runs now; it stops its agents and removes its lab. A kill after 90 s. */
    @Override
    public void close() throws Exception {
        JsonNode lab = getOrNull("/api/v1/lab/faults");
        if (lab != null) {
            backendPid = lab.get("backendPid").asLong();
        }
        ProcessHandle.of(backendPid).ifPresent(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && ProcessHandle.of(backendPid).map(ProcessHandle::isAlive).orElse(false)) {
            Thread.sleep(200);
        }
        first.close();
        for (ProcessHandle p : processes()) {
            p.destroyForcibly();
        }
    }
}
