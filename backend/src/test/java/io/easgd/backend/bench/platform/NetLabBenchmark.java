package io.easgd.backend.bench.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.bench.BenchReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmarks of the bandwidth-limited lab (docs/benchmarks.md), each on the real platform with
 * the backend's own two local agents behind shaped links ({@code easgd.lab.link}), one backend per link
 * ({@link LinkLabs}: shared with the other benchmarks of the same run on that link):
 * <ul>
 *   <li><b>P6</b>: on the P6 link (100 Mbit/s), time to the target test error, DOWNPOUR τ=1 / EASGD
 *       τ=10, round by round (goal ≥ 3);</li>
 *   <li><b>auto-τ</b>: on every link, the same job with τ fixed at each of {@code --taus} and with
 *       {@code "tau":"auto"}: time to the target, bytes to it, and the τ auto chose; the ratio per link is
 *       auto's time / the best fixed τ's time in the same round.</li>
 * </ul>
 */
final class NetLabBenchmark {
    private final PlatformBenchmark.Options o;
    private final LinkLabs labs;

    NetLabBenchmark(PlatformBenchmark.Options o, LinkLabs labs) {
        this.o = o;
        this.labs = labs;
    }

    List<Path> run() throws Exception {
        List<Path> out = new ArrayList<>();
        List<String> links = new ArrayList<>(o.links());
        if (o.which().contains("p6") && !links.contains(o.p6Link())) {
            links.add(0, o.p6Link());
        }
        BenchReport p6 = o.which().contains("p6") ? report("p6") : null;
        BenchReport auto = o.which().contains("autotau") ? report("autotau") : null;
        Map<String, List<Curve>> autoCurves = new LinkedHashMap<>();
        for (String link : links) {
            boolean runP6 = p6 != null && link.equals(o.p6Link());
            if (!runP6 && auto == null) {
                continue;
            }
            PlatformLab lab = labs.behind(link);
            JsonNode l = lab.get("/api/v1/lab");
            log("lab %s: %s", link, l.path("hosts"));
            if (runP6) {
                p6(lab, link, l, p6);
            }
            if (auto != null) {
                autoCurves.put(link, autoTau(lab, link, l, auto));
            }
        }
        if (p6 != null) {
            out.add(p6.write());
        }
        if (auto != null) {
            for (Map.Entry<String, List<Curve>> e : autoCurves.entrySet()) {
                auto.chart(PlatformBenchmark.errorChart("auto-tau on " + e.getKey() + ": center test error vs seconds (" + o.autoAlgorithm()
                        + ", MLP, p=2)", e.getValue(), o.netTarget()));
            }
            out.add(auto.write());
        }
        return out;
    }

    private BenchReport report(String which) {
        return new BenchReport("platform-" + which + (o.tag().isEmpty() ? "" : "-" + o.tag()), o.out())
                .meta("smoke", o.smoke()).meta("rounds", o.rounds()).meta("evalInterval", o.evalInterval())
                .meta("targetTestError", o.netTarget()).meta("maxSeconds", o.netMaxSeconds())
                .meta("topology", "backend in this JVM (root namespace); 2 local agent JVMs (OMP 1), each in its own "
                        + "network namespace; every machine incl. the server has one link of the stated rate to a "
                        + "software switch, shaped both ways by tbf (easgd.lab.link)")
                .meta("time", "seconds from RUNNING to the first center evaluation at or below the target");
    }

    private void p6(PlatformLab lab, String link, JsonNode labStatus, BenchReport r) throws Exception {
        r.meta("link", link).meta("linkMeasured", labStatus.path("hosts"))
                .meta("jobs", "MLP, p=2, batch 128; DOWNPOUR tau=1 eta=" + o.p6EtaDownpour() + "; EASGD tau=10 eta="
                        + o.p6EtaEasgd() + " beta=0.9");
        double[] downpour = new double[o.rounds()];
        double[] easgd = new double[o.rounds()];
        List<Curve> curves = new ArrayList<>();
        for (int i = 0; i < o.rounds(); i++) {
            downpour[i] = timeTo(lab, r, curves, link, "DOWNPOUR", 1, o.p6EtaDownpour(), i);
            easgd[i] = timeTo(lab, r, curves, link, "EASGD", 10, o.p6EtaEasgd(), i);
            log("P6 round %d on %s: DOWNPOUR tau=1 %.1f s, EASGD tau=10 %.1f s", i, link, downpour[i], easgd[i]);
        }
        r.ratio(new BenchReport.Ratio("P6", "time to " + o.netTarget() + " test error on a " + link
                + " link, DOWNPOUR tau=1 / EASGD tau=10", "s", BenchReport.Goal.AT_LEAST, 3, downpour, easgd));
        r.chart(PlatformBenchmark.errorChart("P6 on " + link + ": center test error vs seconds (MLP, p=2)", curves, o.netTarget()));
    }

    private List<Curve> autoTau(PlatformLab lab, String link, JsonNode labStatus, BenchReport r) throws Exception {
        r.meta("link " + link, labStatus.path("hosts"))
                .meta("jobs", o.autoAlgorithm() + " MLP, p=2, batch 128, eta=" + o.autoEta() + ", tau in " + o.taus());
        List<Curve> curves = new ArrayList<>();
        double[] autoTimes = new double[o.rounds()];
        double[] bestFixed = new double[o.rounds()];
        for (int i = 0; i < o.rounds(); i++) {
            double best = Double.NaN;
            for (String tau : o.taus()) {
                double t = timeTo(lab, r, curves, link, o.autoAlgorithm(), tau.equals("auto") ? "auto"
                        : Integer.valueOf(tau), o.autoEta(), i);
                if (tau.equals("auto")) {
                    autoTimes[i] = t;
                } else if (!Double.isNaN(t) && (Double.isNaN(best) || t < best)) {
                    best = t;
                }
            }
            bestFixed[i] = best;
        }
        r.ratio(new BenchReport.Ratio("autotau-" + link, "time to " + o.netTarget() + " test error on " + link
                + ", tau auto / the best fixed tau of " + o.taus(), "s", BenchReport.Goal.AT_MOST, 1.25, autoTimes,
                bestFixed));
        return curves;
    }

    /** Runs one job to the target (or its time limit) and records its row; NaN when the target was not reached. */
    private double timeTo(PlatformLab lab, BenchReport r, List<Curve> curves, String link, String algorithm, Object tau,
                          double eta, int round) throws Exception {
        long id = lab.submit(PlatformBenchmark.spec(algorithm, 2, tau, eta, "mlp", 1_000_000, o.netTarget(),
                o.netMaxSeconds()));
        JsonNode job = lab.awaitEnd(id, Duration.ofSeconds(o.netMaxSeconds() + 180));
        Curve c = lab.testError(id, algorithm + " tau=" + tau + " #" + round);
        curves.add(c);
        double t = c.timeTo(o.netTarget());
        double bytes = Double.isNaN(t) ? Double.NaN : lab.bytesUntil(id, t);
        double[] taus = "auto".equals(tau) ? tauChoices(lab, id) : new double[] {Double.NaN, Double.NaN, Double.NaN};
        double latency = medianLatencyMs(lab, id);
        r.csv(List.of("link", "round", "algorithm", "tau", "eta", "secondsToTarget", "bytesToTarget",
                "medianLatencyMs", "autoTauFirst", "autoTauLast", "autoTauMax", "jobId", "reason"),
                List.of(link, round, algorithm, tau, eta, t, bytes, latency, taus[0], taus[1], taus[2], id,
                        job.path("reason").asText()));
        log("  %s %s tau=%s: %.1f s to %.2f, %.3g B, exchange median %.1f ms%s", link, algorithm, tau, t,
                o.netTarget(), bytes, latency, Double.isNaN(taus[1]) ? "" : String.format(Locale.ROOT,
                        ", auto tau first %.0f last %.0f max %.0f", taus[0], taus[1], taus[2]));
        return t;
    }

    /** The τ an auto job chose: first, last and largest value of its {@code tau} series. */
    private static double[] tauChoices(PlatformLab lab, long id) throws Exception {
        List<Double> values = new ArrayList<>();
        for (JsonNode s : lab.series(id, "tau")) {
            for (JsonNode p : s.get("points")) {
                values.add(p.get("value").asDouble());
            }
        }
        return values.isEmpty() ? new double[] {Double.NaN, Double.NaN, Double.NaN} : new double[] {values.get(0),
                values.get(values.size() - 1),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)};
    }

    /** Median exchange round trip over both workers (the job page's "exchange latency"). */
    static double medianLatencyMs(PlatformLab lab, long id) throws Exception {
        List<Double> v = new ArrayList<>();
        for (JsonNode s : lab.series(id, "latency_ms")) {
            s.get("points").forEach(p -> v.add(p.get("value").asDouble()));
        }
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a[a.length / 2];
    }

    private static void log(String format, Object... args) {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
