package io.easgd.backend.bench.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.bench.BenchReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Platform benchmarks P3, P4, P5 (docs/benchmarks.md): the real platform (backend + PostgreSQL in
 * this JVM, agent JVMs with {@code OMP_NUM_THREADS=1}) against plain DL4J in JVMs of its own, every
 * figure a ratio against a baseline measured in the same run, interleaved round by round; and P6 and
 * the auto-τ study in the bandwidth-limited lab ({@link NetLabBenchmark}; needs root and iproute2); P7,
 * DiLoCo and overlap ({@link BeyondBenchmark}).
 *
 * <pre>
 * PlatformBenchmark [p3,p4,p5,p6,autotau] [--rounds N] [--smoke] [--out DIR] [--eval-interval 1s]
 *                   [--single-omp 1,2] [--pw-omp 2 (0 skips ParallelWrapper)] [--tag NAME] [--jfr] [--backend --easgd.x=y]...
 *                   [--p4-tau 10] [--p4-eta 0.05] (the platform's EAMSGD job in P4)
 *                   [--p6-link 100mbit] [--p6-eta-downpour 0.4] [--p6-eta-easgd 0.4]
 *                   [--links loopback,100mbit] [--taus 1,10,64,auto] [--auto-algorithm EAMSGD] [--auto-eta 0.05]
 *                   [--net-target 0.05] [--net-max-seconds 300] (P6, auto-tau, P7, overlap)
 *                   [--p7-eta-eamsgd 0.05] (P7: bytes to the target, EAMSGD int8 / the better of DOWNPOUR and
 *                   MDOWNPOUR, each tuned over BaselineTuning's grid)
 *                   [--diloco-seconds 60] [--diloco-h 50] [--diloco-eta 0.05] (DiLoCo vs EAMSGD on --links)
 *                   [--overlap-algorithm EASGD] [--overlap-tau 10] [--overlap-compressions none,int8]
 *                   (overlap off / k = 1 / auto-k on the P6 link, with each compression: time to the
 *                   target and compute utilization)
 * </pre>
 * "hidden" ({@link HiddenBenchmark}): issue #20's targets, overlap auto-k on the --p6-link lab against loopback
 * ([--hidden-taus 10,auto] picks the configurations by τ).
 * "faultsoak" ({@link io.easgd.backend.lab.faults.FaultSoakBenchmark}, its own options): issue #22's soak.
 * "simcheck" ({@link SimCheckBenchmark}): issue #21's validation, the virtual cluster against real p = 2 jobs on
 * loopback and on the --p6-link lab.
 * Writes {@code platform-<which>[-tag].{json,csv,png}} into {@code --out} (default
 * {@code target/bench}).
 */
public final class PlatformBenchmark {
    private final Options o;
    private final Path work;

    private PlatformBenchmark(Options o) throws Exception {
        this.o = o;
        this.work = Files.createDirectories(o.out.resolve("work")).toAbsolutePath();
    }

    /** The command line. */
    record Options(Set<String> which, int rounds, boolean smoke, Path out, String evalInterval, int[] singleOmp,
                   int pwOmp, String tag, boolean jfr,
                   List<String> backendArgs, int p4Tau, double p4Eta, String p6Link, double p6EtaDownpour,
                   double p6EtaEasgd, List<String> links, List<String> taus, String autoAlgorithm, double autoEta,
                   double netTarget, int netMaxSeconds, double p7EtaEamsgd,
                   int dilocoSeconds, int dilocoH, double dilocoEta, String overlapAlgorithm, int overlapTau,
                   List<String> overlapCompressions, List<String> hiddenTaus) {
        static Options parse(String... args) {
            Set<String> which = new LinkedHashSet<>();
            int rounds = 3;
            boolean smoke = false;
            Path out = Path.of("target", "bench");
            String eval = productEvalInterval();
            int[] singleOmp = {2};
            int pwOmp = 2;
            String tag = "";
            boolean jfr = false;
            List<String> backendArgs = new ArrayList<>();
            int p4Tau = 10;
            double p4Eta = 0.05;
            String p6Link = "100mbit";
            double p6EtaDownpour = 0.4;                 // the best of {0.05, 0.1, 0.2, 0.4} for each, by steps to 5 %
            double p6EtaEasgd = 0.4;
            List<String> links = List.of("loopback", "100mbit");
            List<String> taus = List.of("1", "10", "64", "auto");
            String autoAlgorithm = "EAMSGD";
            double autoEta = 0.05;
            Double netTarget = null;
            Integer netMaxSeconds = null;
            double p7EtaEamsgd = 0.05;
            Integer dilocoSeconds = null;
            int dilocoH = 50;
            double dilocoEta = 0.05;
            String overlapAlgorithm = "EASGD";
            int overlapTau = 10;
            List<String> overlapCompressions = List.of("none", "int8");
            List<String> hiddenTaus = List.of("10", "auto");
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--smoke" -> smoke = true;
                    case "--out" -> out = Path.of(args[++i]);
                    case "--eval-interval" -> eval = args[++i];
                    case "--single-omp" -> singleOmp = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt)
                            .toArray();
                    case "--pw-omp" -> pwOmp = Integer.parseInt(args[++i]);
                    case "--tag" -> tag = args[++i];
                    case "--jfr" -> jfr = true;
                    case "--backend" -> backendArgs.add(args[++i]);
                    case "--p4-tau" -> p4Tau = Integer.parseInt(args[++i]);
                    case "--p4-eta" -> p4Eta = Double.parseDouble(args[++i]);
                    case "--p6-link" -> p6Link = args[++i];
                    case "--p6-eta-downpour" -> p6EtaDownpour = Double.parseDouble(args[++i]);
                    case "--p6-eta-easgd" -> p6EtaEasgd = Double.parseDouble(args[++i]);
                    case "--links" -> links = NetLabBenchmark.list(args[++i]);
                    case "--taus" -> taus = NetLabBenchmark.list(args[++i]);
                    case "--auto-algorithm" -> autoAlgorithm = args[++i];
                    case "--auto-eta" -> autoEta = Double.parseDouble(args[++i]);
                    case "--net-target" -> netTarget = Double.parseDouble(args[++i]);
                    case "--net-max-seconds" -> netMaxSeconds = Integer.parseInt(args[++i]);
                    case "--p7-eta-eamsgd" -> p7EtaEamsgd = Double.parseDouble(args[++i]);
                    case "--diloco-seconds" -> dilocoSeconds = Integer.parseInt(args[++i]);
                    case "--diloco-h" -> dilocoH = Integer.parseInt(args[++i]);
                    case "--diloco-eta" -> dilocoEta = Double.parseDouble(args[++i]);
                    case "--overlap-algorithm" -> overlapAlgorithm = args[++i];
                    case "--overlap-tau" -> overlapTau = Integer.parseInt(args[++i]);
                    case "--overlap-compressions" -> overlapCompressions = NetLabBenchmark.list(args[++i]);
                    case "--hidden-taus" -> hiddenTaus = NetLabBenchmark.list(args[++i]);
                    default -> {
                        for (String w : args[i].toLowerCase(Locale.ROOT).split("[,\\s]+")) {
                            if (!Set.of("p3", "p4", "p5", "p6", "autotau", "p7", "diloco", "overlap", "hidden", "simcheck").contains(w)) {
                                throw new IllegalArgumentException("unknown benchmark or option: " + args[i]);
                            }
                            which.add(w);
                        }
                    }
                }
            }
            if (which.isEmpty()) {
                which.addAll(List.of("p3", "p4", "p5"));
            }
            return new Options(which, smoke ? 1 : rounds, smoke, out, eval, singleOmp, pwOmp, tag, jfr, backendArgs,
                    p4Tau, p4Eta, p6Link, p6EtaDownpour, p6EtaEasgd, links, taus, autoAlgorithm, autoEta,
                    netTarget != null ? netTarget : smoke ? 0.5 : 0.05,
                    netMaxSeconds != null ? netMaxSeconds : smoke ? 40 : 300, p7EtaEamsgd,
                    dilocoSeconds != null ? dilocoSeconds : smoke ? 20 : 60, dilocoH, dilocoEta, overlapAlgorithm,
                    overlapTau, overlapCompressions, hiddenTaus);
        }
    }

    /** The product's default {@code easgd.eval.interval}, as a new user gets it. */
    static String productEvalInterval() {
        var ctor = io.easgd.backend.EasgdProperties.Eval.class.getDeclaredConstructors()[0];
        return ctor.getParameters()[0].getAnnotation(org.springframework.boot.context.properties.bind.DefaultValue.class)
                .value()[0];
    }

    public static void main(String[] args) throws Exception {
        List<Path> written = args.length > 0 && args[0].equals("faultsoak")
                ? io.easgd.backend.lab.faults.FaultSoakBenchmark.run(args) : run(args);
        System.out.println("platform benchmarks done: " + written);
        System.exit(0);
    }

    /** Runs the benchmarks; returns the JSON reports written. */
    public static List<Path> run(String... args) throws Exception {
        Options o = Options.parse(args);
        PlatformBenchmark b = new PlatformBenchmark(o);
        List<Path> out = new ArrayList<>();
        List<String> agentJvm = o.jfr ? List.of("-XX:StartFlightRecording=duration=600s,filename="
                + b.work.resolve("agent-{name}.jfr") + ",settings=profile") : List.of();
        try (LinkLabs labs = new LinkLabs(b.work, o.evalInterval, o.backendArgs)) {   // shared by the two
            if (o.which.contains("p6") || o.which.contains("autotau")) {
                out.addAll(new NetLabBenchmark(o, labs).run());
            }
            if (o.which.contains("p7") || o.which.contains("diloco") || o.which.contains("overlap")) {
                out.addAll(new BeyondBenchmark(o, labs).run());
            }
            if (o.which.contains("simcheck")) {
                out.add(new SimCheckBenchmark(o, labs).run());
            }
            if (o.which.contains("hidden")) {
                out.add(new HiddenBenchmark(o, labs).run());
            }
        }
        if (!o.which.contains("p3") && !o.which.contains("p4") && !o.which.contains("p5")) {
            return out;
        }
        Path labDir = Files.createTempDirectory(b.work, "lab-");
        try (PlatformLab lab = new PlatformLab(labDir, o.evalInterval, o.backendArgs, agentJvm, 2)) {
            Path data = labDir.resolve("datasets");
            if (o.which.contains("p3")) {
                out.add(b.p3(lab, data));
            }
            if (o.which.contains("p4")) {
                out.add(b.p4(lab, data));
            }
            if (o.which.contains("p5")) {
                out.add(b.p5(lab));
            }
        }
        return out;
    }

    private String name(String which) {
        return "platform-" + which + (o.tag.isEmpty() ? "" : "-" + o.tag);
    }

    private BenchReport report(String which) {
        return new BenchReport(name(which), o.out).meta("smoke", o.smoke).meta("rounds", o.rounds)
                .meta("evalInterval", o.evalInterval).meta("backendArgs", o.backendArgs)
                .meta("threads", "runner JVM (backend + its evaluator) OMP_NUM_THREADS=1; each agent JVM "
                        + "OMP_NUM_THREADS=1; baselines in their own JVM with the OMP stated per sample");
    }

    // ------------------------------------------------------------------ P3

    /** P3: one agent's local steps/s in an EAMSGD τ=10 job (p=1) / a raw DL4J fit loop, OMP 1, same model and batch. */
    private Path p3(PlatformLab lab, Path data) throws Exception {
        String model = o.smoke ? "mlp" : "cnn";
        int steps = o.smoke ? 150 : 200;
        BenchReport r = report("p3").meta("model", model).meta("stepsPerJob", steps)
                .meta("platform", "EAMSGD p=1 tau=10 eta=0.05 delta=0.9, one agent JVM (OMP 1); steps/s of rank 0 "
                        + "from its train_loss points after the first 20% of steps")
                .meta("baseline", "BaselineTrainer --mode fit, OMP 1: MultiLayerNetwork.fit per minibatch incl. "
                        + "sampling, timed after 10 warm-up steps");
        int pairs = o.smoke ? 1 : Math.max(5, o.rounds);        // issue #20: at least 5 pairs
        r.meta("pairs", pairs);
        double[] platform = new double[pairs];
        double[] raw = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            raw[i] = BaselineProcess.run(1, work.resolve("p3-fit-" + i + ".log"), List.of("--mode", "fit", "--model",
                    model, "--steps", Integer.toString(steps), "--data", data.toString())).stepsPerSecond();
            long id = lab.submit(spec("EAMSGD", 1, 10, 0.05, model, steps, null, 600));
            lab.awaitEnd(id, Duration.ofMinutes(10));
            platform[i] = stepsPerSecond(lab, id, steps);
            log("P3 round %d: platform %.2f steps/s, raw fit %.2f steps/s", i, platform[i], raw[i]);
            r.csv(List.of("round", "platformStepsPerSecond", "rawFitStepsPerSecond"), List.of(i, platform[i], raw[i]));
        }
        r.ratio(new BenchReport.Ratio("P3", "agent local steps/s (EAMSGD tau=10, p=1) / raw DL4J fit loop, OMP 1",
                "steps/s", BenchReport.Goal.AT_LEAST, 0.95, platform, raw));
        return r.write();
    }

    private double stepsPerSecond(PlatformLab lab, long id, int steps) throws Exception {
        TreeMap<Double, Double> byArrival = new TreeMap<>();      // receipt time → highest step in that message
        for (JsonNode s : lab.series(id, "train_loss")) {
            if (s.get("worker").asInt() != 0) {
                continue;
            }
            for (JsonNode p : s.get("points")) {
                byArrival.merge(p.get("t").asDouble() / 1000, p.get("step").asDouble(), Math::max);
            }
        }
        var first = byArrival.entrySet().stream().filter(e -> e.getValue() >= 0.2 * steps).findFirst().orElseThrow();
        var last = byArrival.lastEntry();
        return (last.getValue() - first.getValue()) / (last.getKey() - first.getKey());
    }

    // ------------------------------------------------------------------ P4

    /** P4: time to 97% (smoke: 50%) test accuracy, EAMSGD p=2 / the best of single DL4J fit and ParallelWrapper p=2. */
    private Path p4(PlatformLab lab, Path data) throws Exception {
        String model = o.smoke ? "mlp" : "cnn";
        double target = o.smoke ? 0.5 : 0.03;
        int maxSeconds = o.smoke ? 30 : 240;
        BenchReport r = report("p4").meta("model", model).meta("targetTestError", target)
                .meta("maxSeconds", maxSeconds)
                .meta("platform", "EAMSGD p=2 tau=" + o.p4Tau + " eta=" + o.p4Eta
                        + " delta=0.9 (alpha default beta/p), two agent JVMs OMP 1; "
                        + "time = t of the first center evaluation at or below the target (ms since RUNNING, "
                        + "evaluation every " + o.evalInterval + " on the backend, concurrent with training)")
                .meta("baselines", "single: MultiLayerNetwork.fit, Nesterov 0.05/0.9, L2 1e-4, OMP " + Arrays.toString(
                        o.singleOmp) + " (best per round); ParallelWrapper: 2 workers, averaging every 5, OMP "
                        + o.pwOmp + ", each with the full budget of " + maxSeconds + " s; clock = training time only, evaluation every 1 s of training on the same 2,000 "
                        + "test digits with the platform's evaluation code, clock stopped meanwhile");
        int rounds = o.smoke ? 1 : Math.max(3, o.rounds);       // issue #20: at least 3 rounds
        r.meta("roundsRun", rounds);
        double[] platform = new double[rounds];
        double[] best = new double[rounds];
        List<Curve> curves = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            double single = Double.NaN;
            for (int omp : o.singleOmp) {
                Curve c = BaselineProcess.run(omp, work.resolve("p4-fit-omp" + omp + "-" + i + ".log"), List.of(
                        "--mode", "fit", "--model", model, "--target", Double.toString(target), "--max-seconds",
                        Integer.toString(maxSeconds), "--data", data.toString())).curve("DL4J fit OMP " + omp + " #" + i);
                curves.add(c);
                single = min(single, c.timeTo(target));
                r.csv(header(), List.of(i, c.label(), omp, c.timeTo(target)));
            }
            // its own full budget, not the single fit's time: a baseline is never cut short (issue #20)
            double pwCap = maxSeconds;
            Curve pw = new Curve("ParallelWrapper skipped (--pw-omp 0)", List.of());
            if (o.pwOmp > 0) {
                pw = BaselineProcess.run(o.pwOmp, work.resolve("p4-pw-" + i + ".log"), List.of("--mode", "pw",
                        "--model", model, "--workers", "2", "--target", Double.toString(target), "--max-seconds",
                        Double.toString(pwCap), "--data", data.toString())).curve("ParallelWrapper p=2 #" + i);
                curves.add(pw);
                r.csv(header(), List.of(i, pw.label(), o.pwOmp, pw.timeTo(target)));
            }
            long id = lab.submit(spec("EAMSGD", 2, o.p4Tau, o.p4Eta, model, 1_000_000, target, maxSeconds));
            JsonNode job = lab.awaitEnd(id, Duration.ofSeconds(maxSeconds + 120));
            Curve c = lab.testError(id, "platform EAMSGD p=2 #" + i);
            curves.add(c);
            platform[i] = c.timeTo(target);
            best[i] = min(single, pw.timeTo(target));
            r.csv(header(), List.of(i, c.label(), 1, platform[i]));
            log("P4 round %d: platform %.1f s (%s), single %.1f s, ParallelWrapper %.1f s", i, platform[i],
                    job.path("reason").asText(), single, pw.timeTo(target));
        }
        r.ratio(new BenchReport.Ratio("P4", "time to " + Math.round(100 * (1 - target)) + "% test accuracy, EAMSGD p=2 / "
                + "best of DL4J fit and ParallelWrapper p=2", "s", BenchReport.Goal.AT_MOST, 0.6, platform, best));
        r.chart(errorChart("P4: center / model test error vs seconds of training", curves, target));
        return r.write();
    }

    private static List<String> header() {
        return List.of("round", "side", "ompThreads", "secondsToTarget");
    }

    // ------------------------------------------------------------------ P5

    /** P5: bytes on the wire until the center reaches the target, EASGD and EAMSGD τ=10 / DOWNPOUR τ=1. */
    private Path p5(PlatformLab lab) throws Exception {
        double target = o.smoke ? 0.5 : 0.05;
        int maxSeconds = o.smoke ? 30 : 300;
        BenchReport r = report("p5").meta("model", "mlp").meta("targetTestError", target)
                .meta("jobs", "p=2, batch 128, MLP preset; EASGD tau=10 eta=0.05, EAMSGD tau=10 eta=0.05 delta=0.9, "
                        + "DOWNPOUR and MDOWNPOUR tau=1 each at its tuned eta (baselineTuning); bytes = bytes_up + bytes_down of both workers at the first center "
                        + "evaluation at or below the target");
        double[] easgd = new double[o.rounds];
        double[] eamsgd = new double[o.rounds];
        double[] downpour = new double[o.rounds];
        double[] bestBaseline = new double[o.rounds];
        List<Curve> curves = new ArrayList<>();
        BaselineTuning.Chosen chosen = BaselineTuning.tune(2, o.smoke, (c, round) -> bytesToTarget(lab, c.algorithm(),
                1, c.eta(), target, maxSeconds, round, r, curves), r);
        for (int i = 0; i < o.rounds; i++) {
            downpour[i] = bytesToTarget(lab, "DOWNPOUR", 1, chosen.downpour().eta(), target, maxSeconds, i, r, curves);
            double momentum = bytesToTarget(lab, "MDOWNPOUR", 1, chosen.momentum().eta(), target, maxSeconds, i, r,
                    curves);
            bestBaseline[i] = BaselineTuning.better(downpour[i], momentum);
            easgd[i] = bytesToTarget(lab, "EASGD", 10, 0.05, target, maxSeconds, i, r, curves);
            eamsgd[i] = bytesToTarget(lab, "EAMSGD", 10, 0.05, target, maxSeconds, i, r, curves);
            log("P5 round %d: EASGD %.3g B, EAMSGD %.3g B, DOWNPOUR %.3g B, MDOWNPOUR %.3g B", i, easgd[i], eamsgd[i],
                    downpour[i], momentum);
        }
        String what = "bytes on the wire to " + target + " test error, %s tau=10 / the better of DOWNPOUR ("
                + chosen.downpour().label() + ") and MDOWNPOUR (" + chosen.momentum().label() + "), tau=1, each tuned";
        r.ratio(new BenchReport.Ratio("P5-EASGD", String.format(Locale.ROOT, what, "EASGD"), "bytes",
                BenchReport.Goal.AT_MOST, 0.1, easgd, bestBaseline));
        r.ratio(new BenchReport.Ratio("P5-EAMSGD", String.format(Locale.ROOT, what, "EAMSGD"), "bytes",
                BenchReport.Goal.AT_MOST, 0.1, eamsgd, bestBaseline));
        r.ratio(new BenchReport.Ratio("P5-EAMSGD-plain", "the same, EAMSGD tau=10 / tuned plain DOWNPOUR only", "bytes",
                BenchReport.Goal.AT_MOST, 0.1, eamsgd, downpour));
        r.chart(errorChart("P5: center test error vs seconds (MLP, p=2)", curves, target));
        return r.write();
    }

    /** One job to the target (round −1: the baselines' tuning pass); its bytes then, NaN if it never got there. */
    private double bytesToTarget(PlatformLab lab, String algorithm, int tau, double eta, double target, int maxSeconds,
                                 int round, BenchReport r, List<Curve> curves) throws Exception {
        long id = lab.submit(spec(algorithm, 2, tau, eta, "mlp", 1_000_000, target, maxSeconds));
        lab.awaitEnd(id, Duration.ofSeconds(maxSeconds + 120));
        Curve c = lab.testError(id, algorithm + " tau=" + tau + " eta=" + eta + " #" + round);
        if (round >= 0) {
            curves.add(c);
        }
        double t = c.timeTo(target);
        double bytes = Double.isNaN(t) ? Double.NaN : lab.bytesUntil(id, t);
        r.csv(List.of("round", "algorithm", "tau", "eta", "secondsToTarget", "bytes"),
                List.of(round, algorithm, tau, eta, t, bytes));
        return bytes;
    }

    // ------------------------------------------------------------------ helpers

    /** A job spec; {@code tau} an Integer or {@code "auto"}. */
    static String spec(String algorithm, int workers, Object tau, double eta, String model, long maxSteps,
                       Double target, int maxSeconds) {
        return String.format(Locale.ROOT, "{\"name\":\"bench %s p=%d tau=%s %s\",\"algorithm\":\"%s\",\"workers\":%d,"
                        + "\"tau\":%s,\"eta\":%s,\"delta\":0.9,\"model\":\"%s\",\"batchSize\":128,\"seed\":42,"
                        + "\"stop\":{\"maxSteps\":%d,\"maxWallSeconds\":%d%s}}", algorithm, workers, tau, model,
                algorithm, workers, tau instanceof String t ? "\"" + t + "\"" : tau, eta, model, maxSteps, maxSeconds,
                target == null ? "" : ",\"targetTestError\":" + target);
    }

    static XYChart errorChart(String title, List<Curve> curves, double target) {
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("seconds of training")
                .yAxisTitle("test error").build();
        chart.getStyler().setYAxisMax(0.3).setYAxisMin(0.0);
        for (Curve c : curves) {
            if (c.points().size() >= 2) {
                chart.addSeries(c.label(), c.seconds(), c.errors()).setMarker(SeriesMarkers.NONE);
            }
        }
        double end = curves.stream().flatMap(c -> c.points().stream()).mapToDouble(p -> p[0]).max().orElse(1);
        chart.addSeries("target " + target, new double[] {0, end}, new double[] {target, target})
                .setMarker(SeriesMarkers.NONE);
        return chart;
    }

    private static double min(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    private static void log(String format, Object... args) {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
