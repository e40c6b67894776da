package io.easgd.backend.bench.micro;

import io.easgd.backend.bench.BenchReport;
import io.easgd.backend.lab.Lab;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * P9: exchange latency as the agents see it (protocol 2: vectors on the data channel, as the product's agents
 * send them) on one job with p agents against one job with 1 agent,
 * same backend, τ = 1, each agent pausing {@code computeMillis} (±10%) between exchanges to stand
 * for a training step; both jobs run all along, and only one side exchanges at a time, interleaved
 * single, many, single, many ….
 */
final class P9FanIn {
    private P9FanIn() {
    }

    static BenchReport run(Settings s, BenchLab lab, ScheduledExecutorService timers) throws Exception {
        int n = BenchLab.parameters(s.wireN());
        int p = s.p9Agents();
        BenchReport report = new BenchReport("p9-fan-in", s.out());
        report.meta("N", n).meta("p", p).meta("computeMillis", s.computeMillis()).meta("sampleSeconds", s.p9Seconds())
                .meta("subject", "median exchange latency (UP sent -> DOWN reassembled) of " + p + " agents on one job, protocol 2 (data channel)")
                .meta("baseline", "the same for 1 agent on its own job, same backend");
        List<BenchAgent> agents = new ArrayList<>();
        long single = lab.submit("p9 single", 1, s.wireN());
        long many = -1;
        try {
            BenchAgent one = BenchAgent.start(lab.port(), "p9-single", Lab.AGENT_TOKEN, timers, true);
            agents.add(one);
            one.awaitTraining(120);
            many = lab.submit("p9 many", p, s.wireN());
            List<BenchAgent> group = new ArrayList<>();
            for (int i = 0; i < p; i++) {
                BenchAgent a = BenchAgent.start(lab.port(), "p9-" + i, Lab.AGENT_TOKEN, timers, true);
                agents.add(a);
                group.add(a);
            }
            for (BenchAgent a : group) {
                a.awaitTraining(120);
            }
            double[] med1 = new double[s.rounds()];
            double[] medP = new double[s.rounds()];
            double[] p95One = new double[s.rounds()];
            double[] p95P = new double[s.rounds()];
            for (int i = 0; i < s.rounds(); i++) {
                Recorder r1 = sample(List.of(one), s.p9Seconds(), s.computeMillis());
                Recorder rp = sample(group, s.p9Seconds(), s.computeMillis());
                med1[i] = r1.percentileMillis(50);
                medP[i] = rp.percentileMillis(50);
                p95One[i] = r1.percentileMillis(95);
                p95P[i] = rp.percentileMillis(95);
                report.csv(List.of("round", "singleMedianMs", "singleP95Ms", "singleExchanges", "manyMedianMs",
                        "manyP95Ms", "manyExchanges"), List.of(i, med1[i], p95One[i], r1.count(), medP[i], p95P[i],
                        rp.count()));
            }
            report.ratio(new BenchReport.Ratio("P9", "median exchange latency, " + p + " agents / 1 agent", "ms",
                    BenchReport.Goal.AT_MOST, 2, medP, med1));
            report.ratio(new BenchReport.Ratio("P9 p95", "p95 exchange latency, " + p + " agents / 1 agent", "ms",
                    BenchReport.Goal.AT_MOST, 2, p95P, p95One));
            double[] x = new double[s.rounds()];
            java.util.Arrays.setAll(x, i -> i + 1);
            XYChart chart = new XYChartBuilder().width(900).height(420).title("P9 exchange latency by round, N = " + n
                    + ", compute " + s.computeMillis() + " ms").xAxisTitle("round").yAxisTitle("ms").build();
            chart.addSeries("median, 1 agent", x, med1);
            chart.addSeries("p95, 1 agent", x, p95One);
            chart.addSeries("median, " + p + " agents", x, medP);
            chart.addSeries("p95, " + p + " agents", x, p95P);
            report.chart(chart);
            return report;
        } finally {
            agents.forEach(BenchAgent::close);
            lab.cancel(single);
            if (many >= 0) {
                lab.cancel(many);
            }
        }
    }

    private static Recorder sample(List<BenchAgent> agents, double seconds, long computeMillis)
            throws InterruptedException {
        Recorder r = new Recorder();
        agents.forEach(a -> a.measure(r, computeMillis));
        Thread.sleep((long) (seconds * 1000));
        for (BenchAgent a : agents) {
            a.pause();
        }
        return r;
    }
}
