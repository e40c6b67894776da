package io.easgd.backend.bench.micro;

import io.easgd.backend.bench.BenchReport;
import io.easgd.backend.lab.Lab;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.ParamFrame;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * P2: exchange round trips per second of one agent (the worker-agent's {@code Connection}) with
 * the real backend on loopback, back to back (no compute time), against raw TCP round trips of
 * the same bytes in this JVM. Two agents, each with a job of its own: one speaks protocol 2 and
 * sends on the data channel (the subject of P2), one protocol 1 on the WebSocket (the old path, as
 * an A/B in the same run, {@code P2-ws}); interleaved raw, data channel, WebSocket, raw, … after one
 * warm-up of each. Only one of them exchanges at a time.
 */
final class P2Wire {
    private P2Wire() {
    }

    static BenchReport run(Settings s, BenchLab lab, ScheduledExecutorService timers) throws Exception {
        int n = BenchLab.parameters(s.wireN());
        BenchReport report = new BenchReport("p2-wire", s.out());
        BenchAgent agent = BenchAgent.start(lab.port(), "p2-agent", Lab.AGENT_TOKEN, timers, true);
        long job = lab.submit("p2 wire", 1, s.wireN());
        BenchAgent wsAgent = null;
        long wsJob = -1;
        try {
            agent.awaitTraining(120);
            lab.awaitRunning(job);
            wsAgent = BenchAgent.start(lab.port(), "p2-agent-ws", Lab.AGENT_TOKEN, timers, false);
            wsJob = lab.submit("p2 wire, WebSocket", 1, s.wireN());
            wsAgent.awaitTraining(120);
            lab.awaitRunning(wsJob);
            byte[] up = upBytes(n);
            report.meta("N", n).meta("job", "EASGD p=1 tau=1, custom 784-" + (n - 10) / 795 + "-10")
                    .meta("subject", "worker-agent Connection, protocol 2: data channel (blocking TCP socket) -> "
                            + "backend data port (Netty, own event loop), UP " + up.length + " bytes, DOWN " + up.length
                            + " bytes, back to back")
                    .meta("oldPath", "worker-agent Connection, protocol 1: JDK WebSocket -> backend /ws/agents (Netty)")
                    .meta("baseline", "raw TCP on loopback in the same JVM, blocking sockets, same byte counts")
                    .meta("sampleSeconds", s.p2Seconds());
            double[] raw = new double[s.rounds()];
            double[] dc = new double[s.rounds()];
            double[] ws = new double[s.rounds()];
            try (RawTcpRoundTrip tcp = new RawTcpRoundTrip(up, up.length)) {
                double warm = Math.min(2, s.p2Seconds());
                tcp.run(new Recorder(), warm);
                sample(agent, warm);
                sample(wsAgent, warm);
                for (int i = 0; i < s.rounds(); i++) {
                    Recorder r = new Recorder();
                    tcp.run(r, s.p2Seconds());
                    raw[i] = r.perSecond();
                    Recorder d = sample(agent, s.p2Seconds());
                    dc[i] = d.perSecond();
                    Recorder w = sample(wsAgent, s.p2Seconds());
                    ws[i] = w.perSecond();
                    report.csv(List.of("round", "rawRoundTripsPerS", "platformRoundTripsPerS", "webSocketRoundTripsPerS",
                            "rawMedianMs", "platformMedianMs", "platformP95Ms", "webSocketMedianMs", "webSocketP95Ms"),
                            List.of(i, raw[i], dc[i], ws[i], r.percentileMillis(50), d.percentileMillis(50),
                                    d.percentileMillis(95), w.percentileMillis(50), w.percentileMillis(95)));
                }
            }
            report.ratio(new BenchReport.Ratio("P2", "platform exchange round trips/s over the data channel (protocol 2) "
                    + "/ raw TCP round trips/s of the same bytes", "round trips/s", BenchReport.Goal.AT_LEAST, 0.7, dc, raw));
            report.ratio(new BenchReport.Ratio("P2-ws", "the same over the WebSocket (protocol 1, the old path) / raw TCP",
                    "round trips/s", BenchReport.Goal.AT_LEAST, 0.7, ws, raw));
            double[] x = new double[s.rounds()];
            java.util.Arrays.setAll(x, i -> i + 1);
            XYChart chart = new XYChartBuilder().width(900).height(420).title("P2 round trips/s by round, N = " + n)
                    .xAxisTitle("round").yAxisTitle("round trips/s").build();
            chart.addSeries("raw TCP", x, raw);
            chart.addSeries("platform, data channel", x, dc);
            chart.addSeries("platform, WebSocket", x, ws);
            report.chart(chart);
            return report;
        } finally {
            agent.close();
            lab.cancel(job);
            if (wsAgent != null) {
                wsAgent.close();
            }
            if (wsJob >= 0) {
                lab.cancel(wsJob);
            }
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
