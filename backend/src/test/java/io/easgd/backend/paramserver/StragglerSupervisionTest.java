package io.easgd.backend.paramserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.backend.agents.FakeAgents;
import io.easgd.core.protocol.ToServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Straggler detection as the supervisor runs it each tick: progress reports at hand-made paces on a
 * fake clock, the {@code straggler} events' data and the worker row's flag (docs/operations.md "Stragglers").
 */
class StragglerSupervisionTest {
    private static final long JOB = 5;
    private final Supervision lab = new Supervision("stragglers.slower-than=0.5", "stragglers.for=5s");
    private final List<FakeAgents.Fake> agents = new ArrayList<>();
    private final long[] steps = {1, 1, 1};
    private JobRun run;

    private void start() {
        run = lab.run(JOB, "{\"algorithm\":\"EASGD\",\"workers\":3,\"tau\":4,\"stop\":{\"maxSteps\":100000}}",
                new io.easgd.core.rules.Easgd.Master(0.2f), new float[] {0f}, 3, 0, null);
        for (int r = 0; r < 3; r++) {
            FakeAgents.Fake a = FakeAgents.connect(lab.registry, "agent-" + r);
            a.session.assign(JOB, r);
            agents.add(a);
            lab.supervisor.onMessage(a.session, new ToServer.Ready(JOB, r));
        }
        lab.started(run);
    }

    /** One second passes; each rank with a pace ≥ 0 reports progress at it (a negative pace: no report). */
    private void second(int... paces) {
        lab.clock.advance(Duration.ofSeconds(1));
        for (int r = 0; r < 3; r++) {
            if (paces[r] >= 0) {
                steps[r] += paces[r];
                lab.supervisor.onMessage(agents.get(r).session, new ToServer.Progress(JOB, r,
                        List.of(new ToServer.Point(steps[r], 0.5, null))));
            }
        }
        lab.supervisor.checkStragglers(run, lab.clock.instant());
    }

    private static Map<String, Object> event(int rank, String state, double rate, double median, String at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", rank);
        m.put("agentName", "agent-" + rank);
        m.put("state", state);
        m.put("stepsPerSecond", rate);
        m.put("peerMedianStepsPerSecond", median);
        m.put("at", at);
        return m;
    }

    @Test
    void aSlowRankIsReportedAfterFiveSecondsAndRecoversWhenItsPaceIsBack() {
        start();
        second(0, 0, 0);                                        // the first report: no pace yet
        second(30, 31, 3);                                      // 00:00:02, rank 2 below 0.5 × 30.5
        for (int s = 0; s < 4; s++) {
            second(30, 31, 3);
        }
        assertThat(lab.stragglerEvents).isEmpty();              // 00:00:06: slow for 4 s
        assertThat(run.slots[2].view(JOB)).containsEntry("straggler", false);
        second(30, 31, 3);                                      // 00:00:07: 5 s
        assertThat(lab.stragglerEvents).containsExactly(event(2, "SLOW", 3.0, 30.5, "2026-11-29T00:00:07Z"));
        assertThat(run.slots[2].view(JOB)).containsEntry("straggler", true);
        assertThat(run.slots[0].view(JOB)).containsEntry("straggler", false);
        second(30, 31, 3);
        assertThat(lab.stragglerEvents).hasSize(1);             // once per transition

        second(30, 31, 16);                                     // 16 ≥ 15.25
        assertThat(lab.stragglerEvents).hasSize(2);
        assertThat(lab.stragglerEvents.get(1)).isEqualTo(event(2, "RECOVERED", 16.0, 30.5, "2026-11-29T00:00:09Z"));
        assertThat(run.slots[2].view(JOB)).containsEntry("straggler", false);
    }

    @Test
    void aRankThatStopsReportingCountsAsStandingStillAndRecoversWhenItIsLost() {
        start();
        second(0, 0, 0);
        second(20, 20, 20);                                     // 00:00:02, every rank's last report
        second(20, 20, -1);
        second(20, 20, -1);
        second(20, 20, -1);                                     // 00:00:05: 3 s old, not yet stale
        second(20, 20, -1);                                     // 00:00:06: stale, rate 0: slow from here
        for (int s = 0; s < 4; s++) {
            second(20, 20, -1);
        }
        assertThat(lab.stragglerEvents).isEmpty();              // 00:00:10: slow for 4 s
        second(20, 20, -1);
        assertThat(lab.stragglerEvents).containsExactly(event(2, "SLOW", 0.0, 20.0, "2026-11-29T00:00:11Z"));

        FakeAgents.disconnect(lab.registry, agents.get(2));
        lab.supervisor.onDisconnected(agents.get(2).session, "killed");
        second(20, 20, -1);
        assertThat(lab.stragglerEvents).hasSize(2);
        assertThat(lab.stragglerEvents.get(1)).isEqualTo(event(2, "RECOVERED", 0.0, 20.0, "2026-11-29T00:00:12Z"));
        assertThat(run.slots[2].view(JOB)).containsEntry("straggler", false);
    }
}
