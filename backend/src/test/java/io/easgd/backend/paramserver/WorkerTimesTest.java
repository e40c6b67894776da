package io.easgd.backend.paramserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.easgd.backend.agents.FakeAgents;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.rules.Easgd;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link WorkerTimes} on hand-computed progress: the shares, the throughput and the utilization. */
class WorkerTimesTest {
    private static final long JOB = 9;
    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");
    /** One exchange: 1 MB up + 1 MB down. */
    private static final long EXCHANGE_BYTES = 2_000_000;
    private final WorkerTimes times = new WorkerTimes();

    private static ToServer.Progress progress(long step, Double latencyMs, Double computeMs, Double waitMs) {
        ToServer.Progress p = new ToServer.Progress(JOB, 0, List.of(new ToServer.Point(step - 1, 0.5, null),
                new ToServer.Point(step, 0.4, latencyMs)));
        return computeMs == null ? p : p.withTimes(computeMs, waitMs);
    }

    private List<MetricPoint> send(int rank, String agent, ToServer.Progress p, long exchanges, long atMs) {
        return times.progress(JOB, rank, agent, p, 500_000 + exchanges * EXCHANGE_BYTES, exchanges,
                T0.plusMillis(atMs), atMs);
    }

    private static Map<String, Double> values(List<MetricPoint> points) {
        return points.stream().collect(Collectors.toMap(MetricPoint::series, MetricPoint::value));
    }

    @Test
    void theComputeShareIsTheDeltaOfComputeOverTheDeltaOfComputeAndWait() {
        // first message: 900 ms compute, 100 ms wait since the worker started
        Map<String, Double> first = values(send(0, "a", progress(10, 50.0, 900.0, 100.0), 2, 1_000));
        assertThat(first).containsEntry("compute_share", 0.9).containsEntry("compute_utilization", 0.9);
        // then 600 ms compute and 400 ms waiting: 0.6 in this window, (900 + 600) / 2000 over the run
        Map<String, Double> second = values(send(0, "a", progress(20, 400.0, 1500.0, 500.0), 4, 2_000));
        assertThat(second).containsEntry("compute_share", 0.6).containsEntry("compute_utilization", 0.75);
        List<MetricPoint> points = send(0, "a", progress(30, null, 2500.0, 500.0), 4, 3_000);
        assertThat(points).filteredOn(p -> p.series().equals("compute_share"))
                .singleElement().satisfies(p -> {
                    assertThat(p.worker()).isZero();
                    assertThat(p.t()).isEqualTo(3_000);
                    assertThat(p.step()).isEqualTo(30);
                    assertThat(p.value()).isEqualTo(1.0);
                });
        assertThat(points).filteredOn(p -> p.series().equals("compute_utilization"))
                .singleElement().satisfies(p -> assertThat(p.worker()).isNull());
    }

    @Test
    void theThroughputIsTheBytesOfOneExchangeOverItsLatency() {
        // the first message only fixes the counts (the CENTER vector went before: not an exchange's bytes)
        assertThat(values(send(0, "a", progress(10, 80.0, 900.0, 100.0), 1, 1_000))).doesNotContainKey("exchange_mbps");
        // 2 MB in 160 ms = 100 Mbit/s
        assertThat(values(send(0, "a", progress(20, 160.0, 1800.0, 260.0), 3, 2_000)))
                .containsEntry("exchange_mbps", 100.0);
        // no exchange ended in the message: no point; an old agent without times still gets its throughput
        assertThat(values(send(0, "a", progress(30, null, 2700.0, 260.0), 3, 3_000))).containsOnlyKeys(
                "compute_share", "compute_utilization");
        assertThat(values(send(0, "a", progress(40, 40.0, null, null), 4, 4_000)))
                .containsOnlyKeys("exchange_mbps").containsEntry("exchange_mbps", 400.0);
    }

    @Test
    void theUtilizationSumsTheRanksAndCarriesAReplacedWorkersTime() {
        send(0, "a", progress(10, null, 800.0, 200.0), 0, 1_000);           // rank 0: 0.8 of 1 s
        Map<String, Double> both = values(send(1, "b", progress(10, null, 400.0, 600.0), 0, 1_000));
        assertThat(both).containsEntry("compute_utilization", 0.6);         // (800 + 400) / (1000 + 1000)
        // rank 1's agent is replaced: the new worker starts from 0 (700 ms compute of 1000) two seconds later;
        // the time rank 1 had no worker is not counted
        Map<String, Double> replaced = values(send(1, "c", progress(10, null, 700.0, 300.0), 0, 3_000));
        assertThat(replaced).containsEntry("compute_share", 0.7)             // from its start, not Δ against "b"
                .containsEntry("compute_utilization", 0.6333);               // (800 + 400 + 700) / 3000
        // the same agent whose totals go back (its session started again) is a new worker too
        Map<String, Double> again = values(send(1, "c", progress(12, null, 100.0, 0.0), 0, 3_100));
        assertThat(again).containsEntry("compute_share", 1.0);
        assertThat(times.utilization()).isEqualTo(0.6452);                   // (800 + 400 + 700 + 100) / (1000 + 1000 + 1000 + 100)
    }

    @Test
    void theSupervisorTurnsAProtocol2ProgressIntoTheWorkersPointsAtTheMessagesTime() {
        Supervision lab = new Supervision("agents.grace=30s");
        String spec = "{\"algorithm\":\"EASGD\",\"workers\":2,\"tau\":10,\"stop\":{\"maxSteps\":600}}";
        JobRun run = lab.run(JOB, spec, new Easgd.Master(0.2f), new float[] {0f, 0f}, 2, 0, null);
        List<FakeAgents.Fake> agents = List.of(
                FakeAgents.connect(lab.registry, "agent-0"),
                FakeAgents.connect(lab.registry, "agent-1"));
        for (int r = 0; r < 2; r++) {
            agents.get(r).session.assign(JOB, r);
            lab.supervisor.onMessage(agents.get(r).session, new ToServer.Ready(JOB, r));
        }
        lab.started(run);
        run.drain();
        lab.clock.advance(Duration.ofMillis(1500));

        lab.supervisor.onMessage(agents.get(1).session, new ToServer.Progress(JOB, 1,
                List.of(new ToServer.Point(12, 0.5, null))).withTimes(1170.0, 130.0));

        List<MetricPoint> points = run.drain().stream().filter(p -> !p.series().equals("train_loss")).toList();
        assertThat(points).extracting(MetricPoint::series, MetricPoint::worker, MetricPoint::t, MetricPoint::step,
                MetricPoint::value).containsExactly(
                        tuple("compute_share", 1, 1500L, 12L, 0.9),
                        tuple("compute_utilization", null, 1500L, 12L, 0.9));
        assertThat(run.times.utilization()).isEqualTo(0.9);
    }
}
