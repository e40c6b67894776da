package io.easgd.backend.bench.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.bench.BenchReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The benchmarks of "beyond the paper" (docs/benchmarks.md), each on the real platform with the backend's own
 * two local agents, on loopback or behind shaped links ({@code easgd.lab.link}):
 * <ul>
 *   <li><b>P7</b> (loopback): bytes on the wire until the center reaches the target test error, EAMSGD τ=10 with
 *       {@code "compression":"int8"} / DOWNPOUR τ=1 uncompressed (goal ≤ 0.03); EAMSGD τ=10 uncompressed and
 *       fp16 beside it, and the wire bytes per exchange of each compression against none;</li>
 *   <li><b>DiLoCo</b> (every link of {@code --links}): DILOCO and EAMSGD τ=10 run for the same wall time; the
 *       center's test error of each at equal wall time (when the first of the two ended) and at equal bytes (when
 *       the one that moved fewer bytes ended);</li>
 *   <li><b>overlap</b> (the P6 link): EASGD τ=10 with the blocking exchange ({@code "overlap":false}), the
 *       one-step overlap ({@code "overlap":1}) and auto-k ({@code "overlap":true}), interleaved: time to the target
 *       and compute utilization, Σ worker compute time / (p × wall time), from the workers' own timings.</li>
 * </ul>
 */
final class BeyondBenchmark {
    private final PlatformBenchmark.Options o;
    private final LinkLabs labs;

    BeyondBenchmark(PlatformBenchmark.Options o, LinkLabs labs) {
        this.o = o;
        this.labs = labs;
    }

    List<Path> run() throws Exception {
        List<Path> out = new ArrayList<>();
        List<String> links = new ArrayList<>();
        if (o.which().contains("p7")) {
            links.add("loopback");
        }
        if (o.which().contains("diloco")) {
            o.links().stream().filter(l -> !links.contains(l)).forEach(links::add);
        }
        if (o.which().contains("overlap") && !links.contains(o.p6Link())) {
            links.add(o.p6Link());
        }
        BenchReport p7 = o.which().contains("p7") ? report("p7") : null;
        BenchReport diloco = o.which().contains("diloco") ? report("diloco") : null;
        BenchReport overlap = o.which().contains("overlap") ? report("overlap") : null;
        for (String link : links) {
            PlatformLab lab = labs.behind(link);
            JsonNode l = lab.get("/api/v1/lab");
            log("lab %s: %s", link, l.path("hosts"));
            if (p7 != null && link.equals("loopback")) {
                p7(lab, p7);
            }
            if (diloco != null && o.links().contains(link)) {
                diloco(lab, link, l, diloco);
            }
            if (overlap != null && link.equals(o.p6Link())) {
                overlap(lab, link, l, overlap);
            }
        }
        for (BenchReport r : new BenchReport[] {p7, diloco, overlap}) {
            if (r != null) {
                out.add(r.write());
            }
        }
        return out;
    }

    private BenchReport report(String which) {
        return new BenchReport("platform-" + which + (o.tag().isEmpty() ? "" : "-" + o.tag()), o.out())
                .meta("smoke", o.smoke()).meta("rounds", o.rounds()).meta("evalInterval", o.evalInterval())
                .meta("targetTestError", o.netTarget()).meta("maxSeconds", o.netMaxSeconds())
                .meta("topology", "backend in this JVM; 2 local agent JVMs (OMP 1), on loopback or each in its own "
                        + "network namespace behind a link of the stated rate, shaped both ways by tbf");
    }

    // ------------------------------------------------------------------ P7

    private void p7(PlatformLab lab, BenchReport r) throws Exception {
        r.meta("jobs", "MLP, p=2, batch 128; baseline the better of DOWNPOUR and MDOWNPOUR tau=1 uncompressed, each at "
                + "its tuned eta (baselineTuning); EAMSGD tau=10 eta=" + o.p7EtaEamsgd()
                + " delta=0.9 beta=0.9 with compression none, fp16, int8")
                .meta("bytes", "bytes_up + bytes_down of both workers (WebSocket frames as counted by the server) "
                        + "at the first center evaluation at or below the target");
        String[] compressions = {"none", "fp16", "int8"};
        double[] downpour = new double[o.rounds()];
        Map<String, double[]> eamsgd = new LinkedHashMap<>();
        Map<String, double[]> perExchange = new LinkedHashMap<>();
        for (String c : compressions) {
            eamsgd.put(c, new double[o.rounds()]);
            perExchange.put(c, new double[o.rounds()]);
        }
        List<Run> runs = new ArrayList<>();
        BaselineTuning.Chosen chosen = BaselineTuning.tune(2, o.smoke(), (c, round) -> run(lab, r, "loopback", round,
                c.algorithm(), 1, c.eta(), "", o.netTarget(), o.netMaxSeconds()).bytesToTarget, r);
        double[] plain = new double[o.rounds()];
        for (int i = 0; i < o.rounds(); i++) {
            Run d = run(lab, r, "loopback", i, "DOWNPOUR", 1, chosen.downpour().eta(), "", o.netTarget(),
                    o.netMaxSeconds());
            Run m = run(lab, r, "loopback", i, "MDOWNPOUR", 1, chosen.momentum().eta(), "", o.netTarget(),
                    o.netMaxSeconds());
            runs.add(d);
            runs.add(m);
            plain[i] = d.bytesToTarget;
            downpour[i] = BaselineTuning.better(d.bytesToTarget, m.bytesToTarget);
            for (String c : compressions) {
                Run e = run(lab, r, "loopback", i, "EAMSGD", 10, o.p7EtaEamsgd(), "\"compression\":\"" + c + "\"",
                        o.netTarget(), o.netMaxSeconds());
                runs.add(e);
                eamsgd.get(c)[i] = e.bytesToTarget;
                perExchange.get(c)[i] = e.bytesPerExchange;
            }
        }
        r.ratio(new BenchReport.Ratio("P7", "bytes on the wire to " + o.netTarget() + " test error, EAMSGD tau=10 int8 / "
                + "the better of DOWNPOUR (" + chosen.downpour().label() + ") and MDOWNPOUR (" + chosen.momentum().label()
                + ") tau=1 uncompressed", "bytes", BenchReport.Goal.AT_MOST, 0.03, eamsgd.get("int8"), downpour));
        r.ratio(new BenchReport.Ratio("P7-plain", "the same against tuned plain DOWNPOUR only", "bytes",
                BenchReport.Goal.AT_MOST, 0.03, eamsgd.get("int8"), plain));
        r.ratio(new BenchReport.Ratio("P7-none", "the same, EAMSGD tau=10 uncompressed / DOWNPOUR tau=1", "bytes",
                BenchReport.Goal.AT_MOST, 0.1, eamsgd.get("none"), downpour));
        r.ratio(new BenchReport.Ratio("P7-fp16", "the same, EAMSGD tau=10 fp16 / DOWNPOUR tau=1", "bytes",
                BenchReport.Goal.AT_MOST, 0.05, eamsgd.get("fp16"), downpour));
        r.ratio(new BenchReport.Ratio("wire-fp16", "wire bytes per exchange, fp16 / none (EAMSGD tau=10)", "bytes",
                BenchReport.Goal.AT_MOST, 0.55, perExchange.get("fp16"), perExchange.get("none")));
        r.ratio(new BenchReport.Ratio("wire-int8", "wire bytes per exchange, int8 / none (EAMSGD tau=10)", "bytes",
                BenchReport.Goal.AT_MOST, 0.30, perExchange.get("int8"), perExchange.get("none")));
        r.chart(bytesChart("P7: center test error vs bytes on the wire (MLP, p=2, loopback)", runs, o.netTarget()));
    }

    // ------------------------------------------------------------------ DiLoCo

    private void diloco(PlatformLab lab, String link, JsonNode labStatus, BenchReport r) throws Exception {
        r.meta("link " + link, labStatus.path("hosts"))
                .meta("jobs", "MLP, p=2, batch 128, each for " + o.dilocoSeconds() + " s of wall time (no target): "
                        + "DILOCO H=" + o.dilocoH() + " eta=" + o.dilocoEta() + " inner nesterov delta=0.9, outer lr 0.7 "
                        + "momentum 0.9; EAMSGD tau=10 eta=" + o.p7EtaEamsgd() + " delta=0.9 beta=0.9")
                .meta("equal time", "test error of each center at the last evaluation before the earlier of the two "
                        + "jobs' ends")
                .meta("equal bytes", "test error of each center at the last evaluation before it had moved B bytes, "
                        + "B = the smaller of the two jobs' total bytes");
        double[] dTime = new double[o.rounds()];
        double[] eTime = new double[o.rounds()];
        double[] dBytes = new double[o.rounds()];
        double[] eBytes = new double[o.rounds()];
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < o.rounds(); i++) {
            Run d = run(lab, r, link, i, "DILOCO", o.dilocoH(), o.dilocoEta(), "", null, o.dilocoSeconds());
            Run e = run(lab, r, link, i, "EAMSGD", 10, o.p7EtaEamsgd(), "", null, o.dilocoSeconds());
            runs.add(d);
            runs.add(e);
            double t = Math.min(d.lastSeconds(), e.lastSeconds());
            double b = Math.min(d.totalBytes(), e.totalBytes());
            dTime[i] = d.errorAtSeconds(t);
            eTime[i] = e.errorAtSeconds(t);
            dBytes[i] = d.errorAtBytes(b);
            eBytes[i] = e.errorAtBytes(b);
            log("DiLoCo round %d on %s: at %.0f s DILOCO %.4f EAMSGD %.4f; at %.3g B DILOCO %.4f EAMSGD %.4f", i, link,
                    t, dTime[i], eTime[i], b, dBytes[i], eBytes[i]);
        }
        r.ratio(new BenchReport.Ratio("diloco-time-" + link, "center test error at equal wall time on " + link
                + ", DILOCO / EAMSGD tau=10", "error", BenchReport.Goal.AT_MOST, 1.0, dTime, eTime));
        r.ratio(new BenchReport.Ratio("diloco-bytes-" + link, "center test error at equal bytes on " + link
                + ", DILOCO / EAMSGD tau=10", "error", BenchReport.Goal.AT_MOST, 1.0, dBytes, eBytes));
        r.chart(PlatformBenchmark.errorChart("DiLoCo vs EAMSGD on " + link + ": center test error vs seconds",
                runs.stream().map(Run::curve).toList(), o.netTarget()));
        r.chart(bytesChart("DiLoCo vs EAMSGD on " + link + ": center test error vs bytes", runs, o.netTarget()));
    }

    // ------------------------------------------------------------------ overlap

    /** The overlap modes compared, as the spec's {@code "overlap"} value: blocking, the one-step overlap, auto-k. */
    static final List<String> OVERLAP_MODES = List.of("false", "1", "true");

    private void overlap(PlatformLab lab, String link, JsonNode labStatus, BenchReport r) throws Exception {
        r.meta("link " + link, labStatus.path("hosts"))
                .meta("jobs", "MLP, p=2, batch 128, " + o.overlapAlgorithm() + " tau=" + o.overlapTau() + " eta="
                        + o.p6EtaEasgd() + " beta=0.9, overlap " + OVERLAP_MODES + " (off, k = 1, auto-k), "
                        + "interleaved, with each compression of " + o.overlapCompressions())
                .meta("wait", "median of the job's latency_ms points: the time a worker waited for an exchange "
                        + "(blocking: the whole round trip; overlapped: what was left of it after k local steps)")
                .meta("utilization", "compute utilization = sum over workers of (training time - time waited for "
                        + "exchanges) / (p x the longest training time); each worker's training time from its "
                        + "progress messages (the steps between its first and last message scaled to all its "
                        + "steps), its waits the sum of its latency_ms points (every point, not downsampled)");
        List<Run> runs = new ArrayList<>();
        for (String c : o.overlapCompressions()) {
            Map<String, double[]> seconds = new LinkedHashMap<>();
            Map<String, double[]> waits = new LinkedHashMap<>();
            Map<String, double[]> compute = new LinkedHashMap<>();
            Map<String, double[]> capacity = new LinkedHashMap<>();
            for (String m : OVERLAP_MODES) {
                seconds.put(m, new double[o.rounds()]);
                waits.put(m, new double[o.rounds()]);
                compute.put(m, new double[o.rounds()]);
                capacity.put(m, new double[o.rounds()]);
            }
            String extra = "none".equals(c) ? "" : ",\"compression\":\"" + c + "\"";
            for (int i = 0; i < o.rounds(); i++) {
                for (String m : OVERLAP_MODES) {
                    Run run = run(lab, r, link, i, o.overlapAlgorithm(), o.overlapTau(), o.p6EtaEasgd(),
                            "\"overlap\":" + m + extra, o.netTarget(), o.netMaxSeconds());
                    runs.add(run);
                    seconds.get(m)[i] = run.secondsToTarget;
                    waits.get(m)[i] = run.medianWaitMs;
                    compute.get(m)[i] = run.computeSeconds;
                    capacity.get(m)[i] = run.workerSeconds;
                }
            }
            String what = o.overlapAlgorithm() + " tau=" + o.overlapTau() + " compression " + c;
            String id = link + "-" + c;
            r.ratio(new BenchReport.Ratio("overlap-" + id, "time to " + o.netTarget() + " test error on " + link
                    + ", " + what + ", auto-k / off", "s", BenchReport.Goal.AT_MOST, 0.9, seconds.get("true"),
                    seconds.get("false")));
            r.ratio(new BenchReport.Ratio("overlap-k1-" + id, "time to " + o.netTarget() + " test error on " + link
                    + ", " + what + ", k = 1 / off", "s", BenchReport.Goal.AT_MOST, 1.0, seconds.get("1"),
                    seconds.get("false")));
            r.ratio(new BenchReport.Ratio("overlap-auto-vs-k1-" + id, "time to " + o.netTarget() + " test error on "
                    + link + ", " + what + ", auto-k / k = 1", "s", BenchReport.Goal.AT_MOST, 1.0, seconds.get("true"),
                    seconds.get("1")));
            r.ratio(new BenchReport.Ratio("overlap-wait-" + id, "median wait per exchange on " + link + ", " + what
                    + ", auto-k / off", "ms", BenchReport.Goal.AT_MOST, 0.9, waits.get("true"), waits.get("false")));
            String[] labels = {"off", "k1", "auto"};
            for (int j = 0; j < OVERLAP_MODES.size(); j++) {
                String m = OVERLAP_MODES.get(j);
                r.ratio(new BenchReport.Ratio("overlap-utilization-" + labels[j] + "-" + id, "compute utilization on "
                        + link + ", " + what + ", overlap " + m + ": worker compute s / (p x wall s)", "1",
                        BenchReport.Goal.AT_LEAST, 0.9, compute.get(m), capacity.get(m)));
            }
        }
        r.chart(PlatformBenchmark.errorChart("overlap on " + link + ": center test error vs seconds",
                runs.stream().map(Run::curve).toList(), o.netTarget()));
    }

    /**
     * {Σ_i compute seconds, p × the longest training time}: worker i trained for T_i (the steps between its
     * first and its last progress message, on the server's clock, scaled to all its steps: the first message
     * comes about a second after the first step; a rank that sent one message only: the time from RUNNING to it)
     * and waited W_i for exchanges (the sum of its latency_ms points); its compute is T_i − W_i.
     */
    static double[] utilization(PlatformLab lab, long id) throws Exception {
        Map<Integer, double[]> span = new LinkedHashMap<>();      // rank -> {t first, step first, t last, step last}
        Map<Integer, Double> waited = new LinkedHashMap<>();
        for (JsonNode s : lab.series(id, "train_loss,latency_ms")) {
            int rank = s.path("worker").asInt();
            if ("latency_ms".equals(s.path("series").asText())) {
                double w = 0;
                for (JsonNode p : s.get("points")) {
                    w += p.get("value").asDouble() / 1000;
                }
                waited.merge(rank, w, Double::sum);
                continue;
            }
            double[] e = span.computeIfAbsent(rank, k -> new double[] {Double.MAX_VALUE, 0, -1, 0});
            for (JsonNode p : s.get("points")) {
                double t = p.get("t").asDouble() / 1000;
                double step = p.get("step").asDouble();
                if (t < e[0] || (t == e[0] && step > e[1])) {
                    e[0] = t;
                    e[1] = step;                                 // the last step of the first message
                }
                if (t > e[2] || (t == e[2] && step > e[3])) {
                    e[2] = t;
                    e[3] = step;
                }
            }
        }
        double compute = 0;
        double longest = 0;
        for (Map.Entry<Integer, double[]> en : span.entrySet()) {
            double[] e = en.getValue();
            if (e[2] < 0) {
                continue;                                        // no step reported
            }
            // one message only (a job of a few seconds): the time from RUNNING to it, start-up included
            double trained = e[2] > e[0] && e[3] > e[1] ? (e[2] - e[0]) * e[3] / (e[3] - e[1]) : e[2];
            compute += Math.max(0, trained - waited.getOrDefault(en.getKey(), 0.0));
            longest = Math.max(longest, trained);
        }
        return new double[] {compute, span.size() * longest};
    }

    // ------------------------------------------------------------------ one job

    /** One job's outcome: its test-error curve, bytes over time and its counts. */
    record Run(String label, Curve curve, List<double[]> bytes, double secondsToTarget, double bytesToTarget,
               double bytesPerExchange, double exchanges, double medianWaitMs, double computeSeconds,
               double workerSeconds) {
        /** Compute utilization: Σ worker compute time / (p × wall time) ({@link #utilization}). */
        double utilization() {
            return workerSeconds > 0 ? computeSeconds / workerSeconds : Double.NaN;
        }

        double lastSeconds() {
            return curve.points().isEmpty() ? 0 : curve.points().get(curve.points().size() - 1)[0];
        }

        double totalBytes() {
            return bytes.isEmpty() ? 0 : bytes.get(bytes.size() - 1)[1];
        }

        /** Test error of the last evaluation at or before {@code seconds}. */
        double errorAtSeconds(double seconds) {
            double e = Double.NaN;
            for (double[] p : curve.points()) {
                if (p[0] <= seconds + 1e-9) {
                    e = p[1];
                }
            }
            return e;
        }

        /** Test error of the last evaluation at or before the moment this job had moved {@code b} bytes. */
        double errorAtBytes(double b) {
            double when = Double.NaN;
            for (double[] p : bytes) {
                if (p[1] <= b + 1e-9) {
                    when = p[0];
                }
            }
            return Double.isNaN(when) ? Double.NaN : errorAtSeconds(when);
        }

        double[] bytesAtEvaluations() {
            return curve.points().stream().mapToDouble(p -> bytesAt(p[0])).toArray();
        }

        double bytesAt(double seconds) {
            double b = 0;
            for (double[] p : bytes) {
                if (p[0] <= seconds) {
                    b = p[1];
                }
            }
            return b;
        }
    }

    private Run run(PlatformLab lab, BenchReport r, String link, int round, String algorithm, int tau, double eta,
                    String extra, Double target, int maxSeconds) throws Exception {
        String spec = PlatformBenchmark.spec(algorithm, 2, tau, eta, "mlp", 1_000_000, target, maxSeconds);
        if (!extra.isEmpty()) {
            spec = "{" + extra + "," + spec.substring(1);
        }
        long id = lab.submit(spec);
        JsonNode job = lab.awaitEnd(id, Duration.ofSeconds(maxSeconds + 180));
        String label = algorithm + " tau=" + tau + (extra.isEmpty() ? "" : " " + extra.replace("\"", "")) + " #" + round;
        Curve c = lab.testError(id, label);
        List<double[]> bytes = bytesOverTime(lab, id);
        double t = target == null ? Double.NaN : c.timeTo(target);
        double b = Double.isNaN(t) ? Double.NaN : lab.bytesUntil(id, t);
        double exchanges = 0;
        for (JsonNode rank : job.path("result").path("ranks")) {
            exchanges += rank.path("exchanges").asDouble();
        }
        double total = job.path("result").path("bytesUp").asDouble() + job.path("result").path("bytesDown").asDouble();
        double perExchange = exchanges > 0 ? total / exchanges : Double.NaN;
        double waitMs = NetLabBenchmark.medianLatencyMs(lab, id);
        double[] util = utilization(lab, id);
        Run run = new Run(label, c, bytes, t, b, perExchange, exchanges, waitMs, util[0], util[1]);
        r.csv(List.of("link", "round", "algorithm", "tau", "eta", "extra", "secondsToTarget", "bytesToTarget",
                        "finalTestError", "totalBytes", "exchanges", "bytesPerExchange", "medianWaitMs",
                        "computeSeconds", "workerSeconds", "utilization", "jobId", "reason"),
                List.of(link, round, algorithm, tau, eta, extra, t, b, run.errorAtSeconds(Double.MAX_VALUE), total,
                        exchanges, perExchange, waitMs, util[0], util[1], run.utilization(), id,
                        job.path("reason").asText()));
        log("  %s %s: %.1f s to %s, %.3g B to it; final error %.4f after %.3g B, %.0f exchanges (%.3g B each), "
                + "median wait %.1f ms, compute utilization %.3f [%s]", link, label, t, target, b,
                run.errorAtSeconds(Double.MAX_VALUE), total, exchanges, perExchange, waitMs, run.utilization(),
                job.path("reason").asText());
        return run;
    }

    /** Cumulative bytes up + down of all workers over time: {seconds, bytes}, one point per metric point. */
    private static List<double[]> bytesOverTime(PlatformLab lab, long id) throws Exception {
        Map<String, List<double[]>> perSeries = new LinkedHashMap<>();
        List<Double> times = new ArrayList<>();
        int k = 0;
        for (JsonNode s : lab.series(id, "bytes_up,bytes_down")) {
            List<double[]> pts = new ArrayList<>();
            for (JsonNode p : s.get("points")) {
                double t = p.get("t").asDouble() / 1000;
                pts.add(new double[] {t, p.get("value").asDouble()});
                times.add(t);
            }
            perSeries.put(Integer.toString(k++), pts);
        }
        List<double[]> out = new ArrayList<>();
        times.stream().distinct().sorted().forEach(t -> {
            double sum = 0;
            for (List<double[]> pts : perSeries.values()) {
                double last = 0;
                for (double[] p : pts) {
                    if (p[0] <= t) {
                        last = Math.max(last, p[1]);
                    }
                }
                sum += last;
            }
            out.add(new double[] {t, sum});
        });
        return out;
    }

    private static XYChart bytesChart(String title, List<Run> runs, double target) {
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("bytes on the wire (log)")
                .yAxisTitle("test error").build();
        chart.getStyler().setYAxisMax(0.3).setYAxisMin(0.0).setXAxisLogarithmic(true);
        double max = 1;
        for (Run run : runs) {
            double[] b = run.bytesAtEvaluations();
            double[] e = run.curve().errors();
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < b.length; i++) {
                if (b[i] > 0) {
                    pts.add(new double[] {b[i], e[i]});
                    max = Math.max(max, b[i]);
                }
            }
            if (pts.size() >= 2) {
                chart.addSeries(run.label(), pts.stream().mapToDouble(p -> p[0]).toArray(),
                        pts.stream().mapToDouble(p -> p[1]).toArray()).setMarker(SeriesMarkers.NONE);
            }
        }
        chart.addSeries("target " + target, new double[] {1e6, max}, new double[] {target, target})
                .setMarker(SeriesMarkers.NONE);
        return chart;
    }

    private static void log(String format, Object... args) {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
