package io.easgd.backend.bench.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.backend.bench.BenchReport;
import io.easgd.core.data.Dataset;
import io.easgd.core.data.MnistSample;
import io.easgd.core.sim.VirtualCluster;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.spec.Json;
import io.easgd.core.spec.Simulate;
import io.easgd.core.training.JobModel;
import io.easgd.core.training.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.convert.DurationStyle;

/**
 * Issue #21's validation of the virtual cluster against the real platform: EASGD, p = 2, τ = 10, MLP on
 * mnist-10k, the paper's blocking exchange, on loopback and behind the {@code --p6-link} (100 Mbit/s)
 * lab. Each real job's own measurements set the simulation's costs — step time and jitter from its rounds
 * ({@link Timing}), the link's bandwidth = what the lab's probe measured (loopback:
 * 10 Gbit/s), its one-way latency such that an exchange's two transfers take the real job's mean exchange
 * latency (so the master's own work, which the link model does not have, is in it) — then the same spec
 * runs on the {@link VirtualCluster} in this JVM, its clock compared with the real one from the workers'
 * first step. Per link:
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
        double evalMs = DurationStyle.detectAndParse(o.evalInterval()).toMillis();   // as the backend reads it
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
                double realWallT = lab.testError(id, "real " + link + " #" + i).timeTo(target);
                double exchanges = 0;
                for (JsonNode rank : job.path("result").path("ranks")) {
                    exchanges += rank.path("exchanges").asDouble();
                }
                double computeS = BeyondBenchmark.utilization(lab, id)[0];
                double computeStepMs = 1000 * computeS / (exchanges * TAU);   // the gradients alone
                TreeMap<Long, Integer> realStale = new TreeMap<>();
                Map<Integer, TreeMap<Long, Long>> replyAt = new HashMap<>();      // worker -> step -> t of its reply
                Map<Integer, TreeMap<Long, Double>> latencyAt = new HashMap<>();  // worker -> step -> latency ms
                for (JsonNode s : lab.series(id, "staleness,latency_ms")) {
                    boolean stale = "staleness".equals(s.path("series").asText());
                    int w = s.path("worker").asInt();
                    for (JsonNode p : s.get("points")) {
                        if (stale) {
                            realStale.merge(p.get("value").asLong(), 1, Integer::sum);
                            replyAt.computeIfAbsent(w, k -> new TreeMap<>()).put(p.get("step").asLong(), p.get("t").asLong());
                        } else {
                            latencyAt.computeIfAbsent(w, k -> new TreeMap<>()).put(p.get("step").asLong(),
                                    p.get("value").asDouble());
                        }
                    }
                }
                double exchangeMs = latencyAt.values().stream().flatMap(m -> m.values().stream())
                        .mapToDouble(Double::doubleValue).average().orElse(0);
                Timing timing = Timing.of(replyAt, latencyAt, TAU, exchangeMs);
                double stepMs = timing.stepMs();
                double bytes = 2 * (48 + 4.0 * 269_322);                 // one frame up, one down
                double wireMs = bytes * 8 / (mbps * 1e6) * 1000;
                double latencyMs = Math.max(0.001, (exchangeMs - wireMs) / 2);
                String simLink = String.format(Locale.ROOT, "%.1fmbit,%.3fms", mbps, latencyMs);
                TreeMap<Long, Integer> simStale = new TreeMap<>();
                // the center evaluated as often as the real one: every eval interval of worker 0's steps
                int evalEvery = (int) Math.max(1, Math.round(evalMs / (stepMs + exchangeMs / TAU)));
                double simT = simulate(spec, simLink, stepMs, timing.jitter(), evalEvery, mnist, target, simStale);
                // the product's "stepMs": "measured" times the gradients alone: what that predicts, for the record
                double gradientsOnlyT = simulate(spec, simLink, computeStepMs, Double.NaN, evalEvery, mnist, target,
                        new TreeMap<>());
                double realT = realWallT - timing.startupSeconds();          // the virtual clock starts at the first step
                real[l][i] = realT;
                virtual[l][i] = simT;
                tv[l][i] = totalVariation(realStale, simStale);
                r.csv(List.of("round", "link", "realSeconds", "realWallSeconds", "startupSeconds", "virtualSeconds",
                                "virtualGradientsOnlySeconds", "stepMs", "computeStepMs", "jitter", "exchangeMs", "simLink",
                                "realStaleness", "virtualStaleness", "tv", "jobId"),
                        List.of(i, link, realT, realWallT, timing.startupSeconds(), simT, gradientsOnlyT, stepMs,
                                computeStepMs, timing.jitter(), exchangeMs, simLink, realStale.toString(),
                                simStale.toString(), tv[l][i], id));
                System.out.printf(Locale.ROOT, "[bench] simcheck round %d %s: real %.2f s (%.2f s wall - %.2f s"
                                + " start-up), virtual %.2f s [gradients only %.2f s] (stepMs %.2f, gradients %.2f,"
                                + " jitter %.3f, exchange %.1f ms -> %s), staleness real %s virtual %s, TV %.3f%n",
                        i, link, realT, realWallT, timing.startupSeconds(), simT, gradientsOnlyT, stepMs, computeStepMs,
                        timing.jitter(), exchangeMs, simLink, realStale, simStale, tv[l][i]);
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

    /**
     * What the virtual cluster takes from a real job's exchanges:
     * <ul>
     *   <li>{@code stepMs}: a local step's cost as the worker lives it - a round's compute is the time between
     *   a worker's two replies less the later exchange's latency (the k-th latency a worker reported pairs
     *   with its k-th reply), divided by τ. More than the gradients alone: the agent's own work per step and
     *   per round (the local rule, encoding the frame) and whatever else the two cores run meanwhile (the
     *   backend's evaluations);</li>
     *   <li>{@code jitter}: the coefficient of variation of one step, from the workers' k-th rounds side by
     *   side. What slows both at once (the backend's evaluation on the same two cores) changes every
     *   worker's pace together and not the order of their exchanges, and is in the mean already; what the
     *   virtual cluster draws per worker is the independent part: the variance across workers of their k-th
     *   round's compute, averaged over k, is τ·σ² for independent steps, so cv = σ / stepMs;</li>
     *   <li>{@code startupSeconds}: the time from RUNNING to the workers' first local step (building the
     *   network, loading the data), which the virtual clock does not have - it starts at the first step: the
     *   mean over workers of (its first reply - the steps before it - one exchange).</li>
     * </ul>
     */
    record Timing(double stepMs, double jitter, double startupSeconds) {
        static Timing of(Map<Integer, TreeMap<Long, Long>> replyAt, Map<Integer, TreeMap<Long, Double>> latencyAt,
                         int tau, double exchangeMs) {
            List<List<Double>> rounds = new ArrayList<>();                  // per worker, its rounds' compute ms
            for (Map.Entry<Integer, TreeMap<Long, Long>> w : replyAt.entrySet()) {
                List<Long> replies = new ArrayList<>(w.getValue().values());
                List<Double> lat = new ArrayList<>(latencyAt.getOrDefault(w.getKey(), new TreeMap<>()).values());
                List<Double> mine = new ArrayList<>();
                for (int k = 1; k < Math.min(replies.size(), lat.size()); k++) {
                    mine.add(replies.get(k) - replies.get(k - 1) - lat.get(k));
                }
                rounds.add(mine);
            }
            double stepMs = rounds.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).average()
                    .orElse(Double.NaN) / tau;
            int common = rounds.stream().mapToInt(List::size).min().orElse(0);
            double within = 0;
            for (int k = 0; k < common; k++) {
                int at = k;
                double m = rounds.stream().mapToDouble(r -> r.get(at)).average().orElseThrow();
                within += rounds.stream().mapToDouble(r -> (r.get(at) - m) * (r.get(at) - m)).sum() / (rounds.size() - 1);
            }
            double jitter = rounds.size() < 2 || common == 0 ? Double.NaN : Math.sqrt(within / common / tau) / stepMs;
            double startup = 0;
            for (TreeMap<Long, Long> w : replyAt.values()) {
                Map.Entry<Long, Long> first = w.firstEntry();
                startup += first.getValue() / 1000.0 - (first.getKey() * stepMs + exchangeMs) / 1000;
            }
            return new Timing(stepMs, jitter, Math.max(0, startup / Math.max(1, replyAt.size())));
        }
    }

    /** The spec on the virtual cluster with these costs (jitter NaN: the default); its time to the target. */
    private static double simulate(String spec, String link, double stepMs, double jitter, int evalEvery, Dataset data,
                                   double target, TreeMap<Long, Integer> staleness) throws Exception {
        ObjectNode sim = (ObjectNode) Json.MAPPER.readTree(spec);
        sim.remove("name");                                              // the job's name is the backend's, not the spec's
        ObjectNode simulate = sim.putObject("simulate").put("workers", 2).put("link", link).put("stepMs", stepMs);
        if (Double.isFinite(jitter)) {
            simulate.put("jitter", Math.min(jitter, Simulate.MAX_JITTER));
        }
        JobModel model = new JobModel(JobSpec.parse(Json.MAPPER.writeValueAsString(sim)), data);
        RunReport rep = new VirtualCluster(model, stepMs, evalEvery, new VirtualCluster.Listener() {
            @Override
            public void onExchange(VirtualCluster.Exchanged e) {
                if (e.staleness() >= 0) {
                    staleness.merge(e.staleness(), 1, Integer::sum);
                }
            }
        }).run();
        return rep.evaluations().stream().filter(e -> e.testError() <= target)
                .mapToDouble(RunReport.EvalPoint::seconds).findFirst().orElse(Double.NaN);
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
