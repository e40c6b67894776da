package io.easgd.backend.bench.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link BaselineTrainer} in a JVM of its own, on this JVM's classpath, with
 * {@code OMP_NUM_THREADS} set as given; collects its {@code BENCH} lines. Its whole output also goes
 * to {@code <log>}.
 */
final class BaselineProcess {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BaselineProcess() {
    }

    /** What one baseline run printed. */
    record Result(List<JsonNode> events) {
        /** The error curve: {seconds of training, test error}. */
        Curve curve(String label) {
            List<double[]> pts = new ArrayList<>();
            for (JsonNode e : events) {
                if ("eval".equals(e.path("event").asText())) {
                    pts.add(new double[] {e.get("t").asDouble(), e.get("error").asDouble()});
                }
            }
            return new Curve(label, pts);
        }

        double stepsPerSecond() {
            return events.stream().filter(e -> "steps".equals(e.path("event").asText())).findFirst()
                    .map(e -> e.get("stepsPerSecond").asDouble()).orElse(Double.NaN);
        }
    }

    static Result run(int ompThreads, Path log, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-cp", System.getProperty("java.class.path"), BaselineTrainer.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(ompThreads));
        Files.createDirectories(log.getParent());
        Process p = pb.start();
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             var out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                if (line.startsWith("BENCH ")) {
                    events.add(JSON.readTree(line.substring(6)));
                }
            }
        } finally {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (p.exitValue() != 0 || events.isEmpty()) {
            throw new IllegalStateException("baseline " + args + " exited with " + p.exitValue() + "; see " + log);
        }
        return new Result(events);
    }
}
