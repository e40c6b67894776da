package io.easgd.backend.bench.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.bench.BenchReport;
import io.easgd.core.data.Dataset;
import io.easgd.core.data.MnistSample;
import io.easgd.core.sim.VirtualCluster;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.training.JobModel;
import io.easgd.core.training.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Issue #21's validation of the virtual cluster against the real platform: EASGD, p = 2, τ = 10, MLP on
 * mnist-10k, the paper's blocking exchange, on loopback and behind the {@code --p6-link} (100 Mbit/s)
 * lab. Each real job's own measurements set the simulation's costs — step time = Σ worker compute seconds
 * / steps (the workers' own timings), the link's bandwidth = what the lab's probe measured (loopback:
 * 10 Gbit/s), its one-way latency such that an exchange's two transfers take the real job's mean exchange
 * latency (so the master's own work, which the link model does not have, is in it) — then the same spec
 * runs on the {@link VirtualCluster} in this JVM. Per link:
 * <ul>
 *   <li>{@code simcheck-time-<link>}: virtual / real time to the target (within 15 %: ≤ 1.15 here, and the
 *   inverse {@code simcheck-time-inv-<link>} ≤ 1.15);</li>
 *   <li>{@code simcheck-staleness-<link>}: total-variation distance between the two staleness distributions
 *   (master updates by the other worker between a worker's exchanges), ≤ 0.1.</li>
 * </ul>
 */
final class SimCheckBenchmark {
    private static final int TAU = 10;

    private final PlatformBenchmark.Options o;
    private final LinkLabs labs;

    SimCheckBenchmark(PlatformBenchmark.Options o, LinkLabs labs) {
        this.o = o;
        this.labs = labs;
    }

    Path run() throws Exception {
        String slow = o.p6Link();
        double target = o.netTarget();
        BenchReport r = new BenchReport("platform-simcheck", o.out()).meta("rounds", o.rounds())
                .meta("targetTestError", target).meta("evalInterval", o.evalInterval())
                .meta("jobs", "EASGD p=2 tau=10 eta=" + o.p6EtaEasgd() + " beta=0.9, MLP batch 128, blocking exchange");
        Path data = Files.createTempDirectory("simcheck-");
        Dataset mnist = Dataset.load(MnistSample.ensure(data));
        List<String> links = List.of("loopback", slow);
        double[][] real = new double[links.size()][o.rounds()];
        double[][] virtual = new double[links.size()][o.rounds()];
        double[][] tv = new double[links.size()][o.rounds()];
        for (int i = 0; i < o.rounds(); i++) {
            for (int l = 0; l < links.size(); l++) {
                String link = links.get(l);
                PlatformLab lab = labs.behind(link);
                double mbps = 10_000;
                if (!"loopback".equals(link)) {
                    mbps = Double.MAX_VALUE;
                    for (JsonNode h : lab.get("/api/v1/lab").path("hosts")) {
                        mbps = Math.min(mbps, Math.min(h.path("upMbps").asDouble(), h.path("downMbps").asDouble()));
                    }
                }
                String spec = PlatformBenchmark.spec("EASGD", 2, TAU, o.p6EtaEasgd(), "mlp", 1_000_000, target,
                        o.netMaxSeconds());
                long id = lab.submit(spec);
                JsonNode job = lab.awaitEnd(id, Duration.ofSeconds(o.netMaxSeconds() + 180));
                double realT = lab.testError(id, "real " + link + " #" + i).timeTo(target);
                double exchanges = 0;
                for (JsonNode rank : job.path("result").path("ranks")) {
                    exchanges += rank.path("exchanges").asDouble();
                }
                double computeS = BeyondBenchmark.utilization(lab, id)[0];
                double stepMs = 1000 * computeS / (exchanges * TAU);
                TreeMap<Long, Integer> realStale = new TreeMap<>();
                double latencySum = 0;
                int latencyN = 0;
                for (JsonNode s : lab.series(id, "staleness,latency_ms")) {
                    boolean stale = "staleness".equals(s.path("series").asText());
                    for (JsonNode p : s.get("points")) {
                        if (stale) {
                            realStale.merge(p.get("value").asLong(), 1, Integer::sum);
                        } else {
                            latencySum += p.get("value").asDouble();
                            latencyN++;
                        }
                    }
                }
                double exchangeMs = latencySum / Math.max(1, latencyN);
                double bytes = 2 * (48 + 4.0 * 269_322);                 // one frame up, one down
                double wireMs = bytes * 8 / (mbps * 1e6) * 1000;
                double latencyMs = Math.max(0.001, (exchangeMs - wireMs) / 2);
                String simLink = String.format(Locale.ROOT, "%.1fmbit,%.3fms", mbps, latencyMs);
                String simSpec = "{\"simulate\":{\"workers\":2,\"link\":\"" + simLink + "\",\"stepMs\":"
                        + String.format(Locale.ROOT, "%.4f", stepMs) + "}," + spec.substring(1);
                TreeMap<Long, Integer> simStale = new TreeMap<>();
                RunReport rep = new VirtualCluster(new JobModel(JobSpec.parse(simSpec), mnist), stepMs, 5,
                        new VirtualCluster.Listener() {
                            @Override
                            public void onExchange(VirtualCluster.Exchanged e) {
                                if (e.staleness() >= 0) {
                                    simStale.merge(e.staleness(), 1, Integer::sum);
                                }
                            }
                        }).run();
                double simT = rep.evaluations().stream().filter(e -> e.testError() <= target)
                        .mapToDouble(RunReport.EvalPoint::seconds).findFirst().orElse(Double.NaN);
                real[l][i] = realT;
                virtual[l][i] = simT;
                tv[l][i] = totalVariation(realStale, simStale);
                r.csv(List.of("round", "link", "realSeconds", "virtualSeconds", "stepMs", "exchangeMs", "simLink",
                                "realStaleness", "virtualStaleness", "tv", "jobId"),
                        List.of(i, link, realT, simT, stepMs, exchangeMs, simLink, realStale.toString(),
                                simStale.toString(), tv[l][i], id));
                System.out.printf(Locale.ROOT, "[bench] simcheck round %d %s: real %.2f s, virtual %.2f s (stepMs %.2f, "
                                + "exchange %.1f ms -> %s), staleness real %s virtual %s, TV %.3f%n", i, link, realT, simT,
                        stepMs, exchangeMs, simLink, realStale, simStale, tv[l][i]);
            }
        }
        double[] ones = new double[o.rounds()];
        java.util.Arrays.fill(ones, 1.0);
        for (int l = 0; l < links.size(); l++) {
            String link = links.get(l);
            r.ratio(new BenchReport.Ratio("simcheck-time-" + link, "time to " + target + " test error, virtual / real, "
                    + link, "s", BenchReport.Goal.AT_MOST, 1.15, virtual[l], real[l]));
            r.ratio(new BenchReport.Ratio("simcheck-time-inv-" + link, "time to " + target + " test error, real / "
                    + "virtual, " + link, "s", BenchReport.Goal.AT_MOST, 1.15, real[l], virtual[l]));
            r.ratio(new BenchReport.Ratio("simcheck-staleness-" + link, "total-variation distance of the staleness "
                    + "distributions, real vs virtual, " + link, "1", BenchReport.Goal.AT_MOST, 0.1, tv[l], ones));
        }
        return r.write();
    }

    /** ½ Σ |p(v) − q(v)| over the values of either histogram. */
    static double totalVariation(TreeMap<Long, Integer> a, TreeMap<Long, Integer> b) {
        double na = a.values().stream().mapToInt(Integer::intValue).sum();
        double nb = b.values().stream().mapToInt(Integer::intValue).sum();
        if (na == 0 || nb == 0) {
            return Double.NaN;
        }
        List<Long> keys = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(keys::add);
        double d = 0;
        for (long k : keys) {
            d += Math.abs(a.getOrDefault(k, 0) / na - b.getOrDefault(k, 0) / nb);
        }
        return d / 2;
    }
}
