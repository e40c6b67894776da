package io.easgd.backend.lab.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.bench.BenchReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * The fault soak (issue 22; docs/operations.md, "Fault lab"): on one packaged backend with the fault lab on
 * and two agents behind 100 Mbit/s links, first an EAMSGD job without faults for {@code --minutes} (the
 * baseline: the steps it makes in that time and its test error), then the same job for the same number of
 * steps under a seeded random schedule of {@code --faults} faults of every kind (agents killed and paused,
 * links cut and slowed, PostgreSQL and the backend restarted, gracefully and with SIGKILL), with the
 * product's defaults (grace, heartbeat, backoff). Writes {@code fault-soak.{json,csv,png}}: the time to heal
 * per kind (median, p95), the work lost, and the faulted job's test error against the baseline's.
 *
 * <pre>
 * mvn -B -pl core,worker-agent,backend -am -Pbench-platform -DskipTests verify \
 *     -Dbench.args="faultsoak --minutes 10 --faults 130 --mean-interval-ms 2500 --seed 1"
 * </pre>
 */
public final class FaultSoakBenchmark {
    private FaultSoakBenchmark() {
    }

    public static List<Path> run(String... args) throws Exception {
        int minutes = 10;
        int faults = 130;
        long mean = 2500;
        long seed = 1;
        Path out = Path.of("target", "bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "faultsoak" -> {
                }
                case "--minutes" -> minutes = Integer.parseInt(args[++i]);
                case "--faults" -> faults = Integer.parseInt(args[++i]);
                case "--mean-interval-ms" -> mean = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("faultsoak: unknown option " + args[i]
                        + " (--minutes, --faults, --mean-interval-ms, --seed, --out)");
            }
        }
        String spec = "{\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":4,\"eta\":0.05,\"delta\":0.9,\"stop\":";
        // the restarts are weighted down: each takes the whole job away for ~30 s, the others one rank for seconds
        String kinds = "[\"AGENT_KILL\",\"AGENT_KILL\",\"AGENT_KILL\",\"AGENT_PAUSE\",\"AGENT_PAUSE\",\"AGENT_PAUSE\","
                + "\"LINK_CUT\",\"LINK_CUT\",\"LINK_CUT\",\"LINK_SLOW\",\"LINK_SLOW\",\"LINK_SLOW\",\"POSTGRES_RESTART\","
                + "\"BACKEND_RESTART\",\"BACKEND_KILL\"]";
        Path dir = Files.createTempDirectory(Files.createDirectories(out.resolve("work")).toAbsolutePath(), "fault-soak-");
        BenchReport report = new BenchReport("fault-soak", out);
        report.meta("what", "an EAMSGD job (p = 2, tau 4, MLP on mnist-10k, 100 Mbit/s links) without faults for "
                + minutes + " min, then the same job for the same steps under " + faults + " random faults (seed " + seed
                + ", mean gap " + mean + " ms after each fault's end), product defaults");
        try (FaultSoak soak = FaultSoak.start(dir, "100mbit")) {
            long baseline = soak.runningJob(spec + "{\"maxWallSeconds\":" + minutes * 60 + "}}");
            JsonNode b = soak.awaitEnd(baseline, Duration.ofMinutes(minutes + 10L));
            long steps = b.at("/progress/step").asLong();
            double baseError = b.at("/result/testError").asDouble();
            System.out.printf("fault soak: baseline %d steps in %d min, test error %.4f%n", steps, minutes, baseError);
            long job = soak.runningJob(spec + "{\"maxSteps\":" + steps + "}}");
            Instant start = Instant.now();
            soak.post("/api/v1/lab/faults/schedules", "{\"jobId\":" + job + ",\"random\":{\"seed\":" + seed + ",\"count\":"
                    + faults + ",\"meanIntervalMs\":" + mean + ",\"kinds\":" + kinds
                    + ",\"minDurationMs\":1000,\"maxDurationMs\":5000,\"slowRate\":\"1mbit\"}}", 201);
            JsonNode done = soak.awaitEnd(job, Duration.ofMinutes(minutes * 6L));
            JsonNode all = soak.awaitFaultsOver(job, Duration.ofMinutes(15));
            double error = done.at("/result/testError").asDouble();
            long seconds = Duration.between(start, Instant.parse(done.get("finishedAt").asText())).toSeconds();
            Map<String, Long> states = new LinkedHashMap<>();
            XYChart chart = new XYChartBuilder().width(900).height(500).title("fault soak: time to heal of each fault")
                    .xAxisTitle("seconds since the faulted job started").yAxisTitle("seconds to heal").build();
            Map<String, List<double[]>> points = new LinkedHashMap<>();
            Instant jobStart = Instant.parse(done.get("startedAt").asText());
            for (JsonNode f : all.get("faults")) {
                states.merge(f.get("state").asText(), 1L, Long::sum);
                report.csv(List.of("id", "kind", "rank", "state", "dueAt", "injectedAt", "durationMs", "healMs",
                        "stepsLost", "updatesDropped", "resendsDropped", "detail"), List.of(f.get("id").asLong(),
                        f.get("kind").asText(), f.path("rank").asText(""), f.get("state").asText(), f.get("dueAt").asText(),
                        f.path("injectedAt").asText(""), f.path("durationMs").asText(""), f.path("healMs").asText(""),
                        f.path("stepsLost").asText(""), f.path("updatesDropped").asText(""),
                        f.path("resendsDropped").asText(""), f.path("detail").asText("").replace(',', ';')));
                if (f.hasNonNull("healMs")) {
                    points.computeIfAbsent(f.get("kind").asText(), k -> new ArrayList<>()).add(new double[] {
                            Duration.between(jobStart, Instant.parse(f.get("injectedAt").asText())).toMillis() / 1000.0,
                            f.get("healMs").asLong() / 1000.0});
                }
            }
            points.forEach((kind, p) -> {
                XYSeries s = chart.addSeries(kind, p.stream().mapToDouble(x -> x[0]).toArray(),
                        p.stream().mapToDouble(x -> x[1]).toArray());
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            });
            report.chart(chart);
            report.meta("baseline", Map.of("job", baseline, "steps", steps, "testError", baseError, "minutes", minutes));
            report.meta("faulted", Map.of("job", job, "state", done.get("state").asText(), "steps",
                    done.at("/progress/step").asLong(), "testError", error, "seconds", seconds));
            report.meta("testErrorDifferencePoints", Math.round((error - baseError) * 10000) / 100.0);
            report.meta("faultStates", states);
            report.meta("byKind", all.get("byKind"));
            report.ratio(new BenchReport.Ratio("soak-error", "test error with faults / without", "ratio",
                    BenchReport.Goal.AT_MOST, (baseError + 0.005) / baseError, new double[] {error},
                    new double[] {baseError}));
            System.out.printf("fault soak: faulted job %s, %d steps in %d s, test error %.4f (%+.2f points); faults %s%n",
                    done.get("state").asText(), done.at("/progress/step").asLong(), seconds, error,
                    (error - baseError) * 100, states);
            all.get("byKind").forEach(k -> System.out.println("fault soak: " + k));
        }
        return List.of(report.write());
    }
}
