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

/**
 * Issue #20's targets for communication hidden behind compute, in one run: EASGD and EAMSGD, p = 2, overlap on
 * (auto-k), at τ = 10 with int8 and at τ auto with and without int8, each on loopback and behind the
 * {@code --p6-link} (100 Mbit/s) lab, interleaved link by link within a round. Per configuration:
 * <ul>
 *   <li>{@code hidden-<alg>-<cfg>}: time to the target on the slow link / the same job on loopback (≤ 1.15);</li>
 *   <li>{@code utilization-<alg>-<cfg>}: compute utilization on the slow link, Σ worker compute / (p × wall) from
 *   the workers' own step timings (the job's last {@code compute_utilization} point, protocol 2 agents), ≥ 0.9.</li>
 * </ul>
 * Uncompressed τ = 10 is limited by the server's link itself (both workers' vectors cross it each way every
 * period), so that configuration reports its utilization against the bound the link allows
 * ({@code utilization-bound-…}: measured / min(1, compute per period / link time per period), ≥ 0.9), not against 1.
 */
final class HiddenBenchmark {
    /** One configuration: its τ (a number or "auto") and compression. */
    record Config(String algorithm, Object tau, String compression) {
        String id() {
            return algorithm.toLowerCase(Locale.ROOT) + "-tau" + tau + "-" + compression;
        }

        boolean linkBound() {
            return "none".equals(compression) && !"auto".equals(tau);
        }
    }

    /** One job's outcome. */
    record Outcome(double secondsToTarget, double utilization, double bytesPerExchange, double computePerExchangeS) {
    }

    private final PlatformBenchmark.Options o;
    private final LinkLabs labs;

    HiddenBenchmark(PlatformBenchmark.Options o, LinkLabs labs) {
        this.o = o;
        this.labs = labs;
    }

    static List<Config> configs(boolean smoke) {
        List<Config> out = new ArrayList<>();
        for (String algorithm : smoke ? List.of("EAMSGD") : List.of("EASGD", "EAMSGD")) {
            out.add(new Config(algorithm, 10, "int8"));
            if (!smoke) {
                out.add(new Config(algorithm, "auto", "none"));
                out.add(new Config(algorithm, "auto", "int8"));
                out.add(new Config(algorithm, 10, "none"));
            }
        }
        return out;
    }

    Path run() throws Exception {
        String slow = o.p6Link();
        BenchReport r = new BenchReport("platform-hidden", o.out()).meta("smoke", o.smoke()).meta("rounds", o.rounds())
                .meta("evalInterval", o.evalInterval()).meta("targetTestError", o.netTarget())
                .meta("jobs", "MLP, p=2, batch 128, overlap true (auto-k); EASGD eta=" + o.p6EtaEasgd()
                        + ", EAMSGD eta=" + o.autoEta() + " delta=0.9; beta=0.9")
                .meta("utilization", "the job's last compute_utilization point: sum of the workers' computeMs / "
                        + "sum of their wall time (docs/api.md, 'Compute and wait'); NaN when the agents did not "
                        + "report times (protocol 1)");
        List<Config> configs = configs(o.smoke()).stream()
                .filter(c -> o.hiddenTaus().contains(String.valueOf(c.tau()))).toList();
        Map<String, double[]> fast = new LinkedHashMap<>();
        Map<String, double[]> slowTime = new LinkedHashMap<>();
        Map<String, double[]> util = new LinkedHashMap<>();
        Map<String, double[]> bound = new LinkedHashMap<>();
        for (Config c : configs) {
            fast.put(c.id(), new double[o.rounds()]);
            slowTime.put(c.id(), new double[o.rounds()]);
            util.put(c.id(), new double[o.rounds()]);
            bound.put(c.id(), new double[o.rounds()]);
        }
        PlatformLab loop = labs.behind("loopback");
        PlatformLab behind = labs.behind(slow);
        JsonNode hosts = behind.get("/api/v1/lab").path("hosts");
        double capacityMbps = Double.MAX_VALUE;
        for (JsonNode h : hosts) {
            capacityMbps = Math.min(capacityMbps, Math.min(h.path("upMbps").asDouble(), h.path("downMbps").asDouble()));
        }
        r.meta("link " + slow, hosts).meta("capacityMbps", capacityMbps);
        for (int i = 0; i < o.rounds(); i++) {
            for (Config c : configs) {
                Outcome a = job(loop, "loopback", c, i, r);
                Outcome b = job(behind, slow, c, i, r);
                fast.get(c.id())[i] = a.secondsToTarget();
                slowTime.get(c.id())[i] = b.secondsToTarget();
                util.get(c.id())[i] = b.utilization();
                // both workers' vectors cross the server's one link each way every period: bytesPerExchange
                // (UP + DOWN of one worker) is what one direction carries per period for the two
                double linkS = b.bytesPerExchange() * 8 / (capacityMbps * 1e6);
                bound.get(c.id())[i] = Math.min(1, b.computePerExchangeS() / linkS);
                log("hidden round %d %s: loopback %.1f s, %s %.1f s, utilization %.3f (link bound %.3f)", i, c.id(),
                        a.secondsToTarget(), slow, b.secondsToTarget(), b.utilization(), bound.get(c.id())[i]);
            }
        }
        double[] ones = new double[o.rounds()];
        java.util.Arrays.fill(ones, 1.0);
        for (Config c : configs) {
            String what = c.algorithm() + " tau=" + c.tau() + " " + c.compression() + " overlap auto-k";
            r.ratio(new BenchReport.Ratio("hidden-" + c.id(), "time to " + o.netTarget() + " test error, " + slow
                    + " / loopback, " + what, "s", BenchReport.Goal.AT_MOST, 1.15, slowTime.get(c.id()),
                    fast.get(c.id())));
            if (c.linkBound()) {
                r.ratio(new BenchReport.Ratio("utilization-bound-" + c.id(), "compute utilization on " + slow + " / "
                        + "the bound its link allows, " + what, "1", BenchReport.Goal.AT_LEAST, 0.9, util.get(c.id()),
                        bound.get(c.id())));
            }
            r.ratio(new BenchReport.Ratio("utilization-" + c.id(), "compute utilization on " + slow + ", " + what
                    + ": sum of worker compute / (p x wall)", "1", BenchReport.Goal.AT_LEAST, 0.9, util.get(c.id()),
                    ones));
        }
        return r.write();
    }

    private Outcome job(PlatformLab lab, String link, Config c, int round, BenchReport r) throws Exception {
        double eta = c.algorithm().equals("EASGD") ? o.p6EtaEasgd() : o.autoEta();
        String spec = PlatformBenchmark.spec(c.algorithm(), 2, c.tau(), eta, "mlp", 1_000_000, o.netTarget(),
                o.netMaxSeconds());
        spec = "{\"overlap\":true" + ("none".equals(c.compression()) ? "" : ",\"compression\":\"" + c.compression()
                + "\"") + "," + spec.substring(1);
        long id = lab.submit(spec);
        JsonNode job = lab.awaitEnd(id, Duration.ofSeconds(o.netMaxSeconds() + 180));
        double t = lab.testError(id, c.id() + " " + link + " #" + round).timeTo(o.netTarget());
        double utilization = Double.NaN;
        for (JsonNode s : lab.series(id, "compute_utilization")) {
            for (JsonNode p : s.get("points")) {
                utilization = p.get("value").asDouble();              // the last point: the whole job
            }
        }
        double exchanges = 0;
        for (JsonNode rank : job.path("result").path("ranks")) {
            exchanges += rank.path("exchanges").asDouble();
        }
        double total = job.path("result").path("bytesUp").asDouble() + job.path("result").path("bytesDown").asDouble();
        double perExchange = exchanges > 0 ? total / exchanges : Double.NaN;
        double computeS = BeyondBenchmark.utilization(lab, id)[0];     // Σ worker compute seconds (wait excluded)
        double computePerExchange = exchanges > 0 ? computeS / exchanges : Double.NaN;
        // the job's step when it ended (at the target): more steps on the slow link is the late elastic move's
        // statistical cost, fewer steps per second the exchange's
        r.csv(List.of("round", "link", "config", "secondsToTarget", "steps", "utilization", "bytesPerExchange",
                        "computePerExchangeS", "jobId", "reason"),
                List.of(round, link, c.id(), t, job.path("progress").path("step").asLong(), utilization, perExchange,
                        computePerExchange,
                        id, job.path("reason").asText()));
        return new Outcome(t, utilization, perExchange, computePerExchange);
    }

    private static void log(String format, Object... args) {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
