package io.easgd.backend.bench.micro;

import io.easgd.backend.bench.BenchReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * P1: {@link ExchangeBench} through the JMH Runner API, interleaved per round: kernel, exchange,
 * exchange as before the fix; one ratio per N (exchange / kernel throughput) and one for the
 * before/after.
 */
final class P1Exchange {
    private P1Exchange() {
    }

    static BenchReport run(Settings s) throws RunnerException {
        BenchReport report = new BenchReport("p1-exchange", s.out());
        String sizes = String.join(",", Arrays.stream(s.p1Sizes()).mapToObj(String::valueOf).toList());
        report.meta("subject", "ExchangeBench.exchange: UP frames (pooled direct buffers) -> FrameBuffers.received "
                        + "-> ParamFrame.decode -> Assembler -> Easgd.Master.submit -> FrameBuffers.encode DOWN")
                .meta("baseline", "ExchangeBench.kernel: d = a(x - c); x -= d; c += d over N floats")
                .meta("N", sizes)
                .meta("jmh", Map.of("forks", s.jmhForks(), "warmupIterations", s.jmhWarmups(),
                        "iterations", s.jmhIterations(), "iterationMillis", s.jmhMillis(), "mode", "throughput"));
        Map<Integer, List<double[]>> samples = new TreeMap<>();          // n -> [kernel, exchange, before]
        List<Object> header = null;
        for (int round = 0; round < s.rounds(); round++) {
            Map<Integer, double[]> kernel = measure(s, "kernel", sizes);
            Map<Integer, double[]> exchange = measure(s, "exchange", sizes);
            Map<Integer, double[]> before = measure(s, "exchangeBefore", sizes);
            for (int n : s.p1Sizes()) {
                samples.computeIfAbsent(n, k -> new ArrayList<>())
                        .add(new double[] {kernel.get(n)[0], exchange.get(n)[0], before.get(n)[0]});
                report.csv(List.of("round", "n", "kernelOpsPerS", "exchangeOpsPerS", "exchangeBeforeOpsPerS",
                                "exchangeAllocBytesPerOp", "exchangeBeforeAllocBytesPerOp"),
                        List.of(round, n, kernel.get(n)[0], exchange.get(n)[0], before.get(n)[0], exchange.get(n)[1],
                                before.get(n)[1]));
            }
        }
        // where the exchange's time goes: each stage alone, once, after the interleaved rounds (µs per op, in the json)
        Map<String, Map<Integer, Double>> stages = new java.util.LinkedHashMap<>();
        for (String stage : List.of("stageCopy", "stageDistance", "stageSerialDistance", "stageUpdate", "stageEncode")) {
            Map<Integer, Double> micros = new TreeMap<>();
            measure(s, stage, sizes).forEach((n, v) -> micros.put(n, 1e6 / v[0]));
            stages.put(stage, micros);
        }
        report.meta("stageMicrosPerOp", stages);
        XYChart chart = new XYChartBuilder().width(900).height(420).title("P1 exchanges/s and kernel passes/s by round")
                .xAxisTitle("round").yAxisTitle("ops/s").build();
        for (Map.Entry<Integer, List<double[]>> e : samples.entrySet()) {
            int n = e.getKey();
            double[] k = e.getValue().stream().mapToDouble(v -> v[0]).toArray();
            double[] x = e.getValue().stream().mapToDouble(v -> v[1]).toArray();
            double[] b = e.getValue().stream().mapToDouble(v -> v[2]).toArray();
            report.ratio(new BenchReport.Ratio("P1 N=" + n, "exchange throughput / elastic kernel throughput",
                    "ops/s", BenchReport.Goal.AT_LEAST, 0.5, x, k));
            report.ratio(new BenchReport.Ratio("P1-before N=" + n, "exchange throughput before the fix / kernel",
                    "ops/s", BenchReport.Goal.AT_LEAST, 0.5, b, k));
            report.ratio(new BenchReport.Ratio("P1-gain N=" + n, "exchange throughput after / before the fix",
                    "ops/s", BenchReport.Goal.AT_LEAST, 1.0, x, b));
            double[] rounds = new double[k.length];
            Arrays.setAll(rounds, i -> i + 1);
            chart.addSeries("kernel N=" + n, rounds, k);
            chart.addSeries("exchange N=" + n, rounds, x);
        }
        report.chart(chart);
        return report;
    }

    /** Per N: {ops/s, bytes allocated per op (JMH's GC profiler; NaN when it reports none)}. */
    private static Map<Integer, double[]> measure(Settings s, String method, String sizes) throws RunnerException {
        OptionsBuilder o = new OptionsBuilder();
        o.include(ExchangeBench.class.getName() + "\\." + method + "$")
                .param("n", sizes.split(","))
                .forks(s.jmhForks())
                .warmupIterations(s.jmhWarmups())
                .warmupTime(TimeValue.milliseconds(s.jmhMillis()))
                .measurementIterations(s.jmhIterations())
                .measurementTime(TimeValue.milliseconds(s.jmhMillis()))
                .jvmArgsAppend("-Xmx2g")
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true);
        Map<Integer, double[]> out = new TreeMap<>();
        for (RunResult r : new Runner(o.build()).run()) {
            double alloc = r.getSecondaryResults().entrySet().stream()
                    .filter(e -> e.getKey().endsWith("gc.alloc.rate.norm"))
                    .mapToDouble(e -> e.getValue().getScore()).findFirst().orElse(Double.NaN);
            out.put(Integer.parseInt(r.getParams().getParam("n")), new double[] {r.getPrimaryResult().getScore(), alloc});
        }
        return out;
    }
}
