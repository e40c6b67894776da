package io.easgd.backend.bench.micro;

import io.easgd.backend.bench.BenchReport;
import io.easgd.backend.lab.Lab;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.ParamFrame;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * P2: exchange round trips per second of one agent (the worker-agent's {@code Connection}) with
 * the real backend on loopback, back to back (no compute time), against raw TCP round trips of
 * the same bytes in this JVM; interleaved raw, platform, raw, platform …, after one warm-up of each.
 */
final class P2Wire {
    private P2Wire() {
    }

    static BenchReport run(Settings s, BenchLab lab, ScheduledExecutorService timers) throws Exception {
        int n = BenchLab.parameters(s.wireN());
        BenchReport report = new BenchReport("p2-wire", s.out());
        long job = lab.submit("p2 wire", 1, s.wireN());
        BenchAgent agent = BenchAgent.start(lab.port(), "p2-agent", Lab.AGENT_TOKEN, timers);
        try {
            agent.awaitTraining(120);
            lab.awaitRunning(job);
            byte[] up = upBytes(n);
            report.meta("N", n).meta("job", "EASGD p=1 tau=1, custom 784-" + (n - 10) / 795 + "-10")
                    .meta("subject", "worker-agent Connection (JDK WebSocket) -> backend /ws/agents (Netty), UP "
                            + up.length + " bytes, DOWN " + up.length + " bytes, back to back")
                    .meta("baseline", "raw TCP on loopback in the same JVM, blocking sockets, same byte counts")
                    .meta("sampleSeconds", s.p2Seconds());
            double[] raw = new double[s.rounds()];
            double[] ws = new double[s.rounds()];
            List<Double> wsMedianMs = new ArrayList<>();
            try (RawTcpRoundTrip tcp = new RawTcpRoundTrip(up, up.length)) {
                double warm = Math.min(2, s.p2Seconds());
                tcp.run(new Recorder(), warm);
                sample(agent, warm);
                for (int i = 0; i < s.rounds(); i++) {
                    Recorder r = new Recorder();
                    tcp.run(r, s.p2Seconds());
                    raw[i] = r.perSecond();
                    Recorder w = sample(agent, s.p2Seconds());
                    ws[i] = w.perSecond();
                    wsMedianMs.add(w.percentileMillis(50));
                    report.csv(List.of("round", "rawRoundTripsPerS", "platformRoundTripsPerS", "rawMedianMs",
                            "platformMedianMs", "platformP95Ms"), List.of(i, raw[i], ws[i], r.percentileMillis(50),
                            w.percentileMillis(50), w.percentileMillis(95)));
                }
            }
            report.ratio(new BenchReport.Ratio("P2", "platform WebSocket exchange round trips/s / raw TCP round "
                    + "trips/s of the same bytes", "round trips/s", BenchReport.Goal.AT_LEAST, 0.7, ws, raw));
            double[] x = new double[s.rounds()];
            java.util.Arrays.setAll(x, i -> i + 1);
            XYChart chart = new XYChartBuilder().width(900).height(420).title("P2 round trips/s by round, N = " + n)
                    .xAxisTitle("round").yAxisTitle("round trips/s").build();
            chart.addSeries("raw TCP", x, raw);
            chart.addSeries("platform WebSocket", x, ws);
            report.chart(chart);
            return report;
        } finally {
            agent.close();
            lab.cancel(job);
        }
    }

    private static Recorder sample(BenchAgent agent, double seconds) throws InterruptedException {
        Recorder r = new Recorder();
        agent.measure(r, 0);
        Thread.sleep((long) (seconds * 1000));
        agent.pause();
        return r;
    }

    /** The bytes of one UP vector of n floats as the agent's chunker frames it. */
    static byte[] upBytes(int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Chunker().send(ParamFrame.Kind.UP, 1, 0, 1, 1, new float[n], f -> {
            byte[] b = new byte[f.remaining()];
            f.get(b);
            out.write(b, 0, b.length);
        });
        return out.toByteArray();
    }
}
