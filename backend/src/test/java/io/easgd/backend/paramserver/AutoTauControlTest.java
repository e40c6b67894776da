package io.easgd.backend.paramserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.backend.agents.AgentRegistry;
import io.easgd.backend.agents.FakeAgents;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.backend.testing.FakeClock;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.rules.Easgd;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.training.AutoTauPolicy;
import io.easgd.core.training.BlowUpGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Auto-τ on the parameter server with a fake clock, real agent sessions on fake connections and a
 * lane that runs at once: a decision goes to every rank as setTau and is recorded as a {@code tau}
 * event and a point of the {@code tau} series; reconnected and replacement workers get the current τ.
 */
class AutoTauControlTest {
    private static final long JOB = 7;
    private static final Duration GRACE = Duration.ofSeconds(30);
    private final Supervision lab = new Supervision("agents.grace=30s");
    private final AgentRegistry registry = lab.registry;
    private final List<Object> events = lab.events;
    private final List<Map<String, Object>> tauEvents = lab.tauEvents;
    private final FakeClock clock = lab.clock;
    private final AutoTauControl control = lab.autoTau;
    private final WorkerSupervisor supervisor = lab.supervisor;

    private JobRun run(String specJson, Integer liveTau) {
        return lab.run(JOB, specJson, new Easgd.Master(0.2f), new float[] {0f, 0f}, JobSpec.parse(specJson).workers(),
                0, liveTau);
    }

    private List<FakeAgents.Fake> start(JobRun run) {
        List<FakeAgents.Fake> agents = new ArrayList<>();
        for (int r = 0; r < run.slots.length; r++) {
            FakeAgents.Fake f = FakeAgents.connect(registry, "agent-" + r);
            f.session.assign(JOB, r);
            agents.add(f);
        }
        for (int r = 0; r < agents.size(); r++) {
            supervisor.onMessage(agents.get(r).session, new ToServer.Ready(JOB, r));
        }
        RunEvents.AllReady ready = (RunEvents.AllReady) events.stream().filter(e -> e instanceof RunEvents.AllReady)
                .findFirst().orElseThrow();
        control.onAllReady(ready);                                  // what Spring does with the event
        lab.started(run);
        return agents;
    }

    /** {@code n} exchanges of every rank applied by the master (the settling count). */
    private static void exchanges(JobRun run, int n) {
        for (WorkerSlot s : run.slots) {
            for (int i = 0; i < n; i++) {
                s.exchange.applied(-1, 0, Instant.EPOCH);
            }
        }
    }

    private static ToServer.Progress progress(int rank, long step, Double stepMs, Double exchangeMs, Integer tau) {
        return new ToServer.Progress(JOB, rank, List.of(new ToServer.Point(step, 0.5, null)), stepMs, exchangeMs, tau);
    }

    private static List<ToAgent.SetTau> setTaus(FakeAgents.Fake agent) {
        return agent.messages().stream().filter(m -> m instanceof ToAgent.SetTau).map(m -> (ToAgent.SetTau) m).toList();
    }

    private static List<MetricPoint> series(List<MetricPoint> points, String name) {
        return points.stream().filter(p -> p.series().equals(name)).toList();
    }

    @Test
    void aDecisionGoesToEveryRankAsSetTauAndIsRecordedAsAnEventAndAPoint() {
        JobRun run = run("{\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":\"auto\",\"stop\":{\"maxSteps\":5000}}", null);
        List<FakeAgents.Fake> agents = start(run);
        assertThat(run.autoTau.tau()).isEqualTo(1);                 // autoTau.initial
        exchanges(run, AutoTauPolicy.SETTLE_EXCHANGES);
        clock.advance(Duration.ofSeconds(3));

        supervisor.onMessage(agents.get(0).session, progress(0, 40, 20.0, 86.0, 1));
        assertThat(run.autoTau.tau()).isEqualTo(1);                // rank 1's timings are not in yet
        supervisor.onMessage(agents.get(1).session, progress(1, 40, 20.0, 40.0, 1));

        assertThat(run.autoTau.tau()).isEqualTo(43);               // ⌈86 / (0.1 · 20)⌉, rank 0's
        String reason = "τ 1 → 43: exchange 86 ms, step 20 ms, target 10 % (worker 0)";
        for (FakeAgents.Fake a : agents) {
            assertThat(setTaus(a)).containsExactly(new ToAgent.SetTau(JOB, 43, reason));
        }
        assertThat(tauEvents).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("jobId", JOB).containsEntry("from", 1).containsEntry("to", 43)
                    .containsEntry("reason", reason).containsEntry("t", 3000L).containsEntry("at", clock.instant().toString());
        });
        List<MetricPoint> points = run.drain();
        assertThat(series(points, "tau")).extracting(MetricPoint::t, MetricPoint::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 1.0), org.assertj.core.groups.Tuple.tuple(3000L, 43.0));
        assertThat(series(points, "step_ms")).extracting(MetricPoint::worker, MetricPoint::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, 20.0), org.assertj.core.groups.Tuple.tuple(1, 20.0));
        assertThat(series(points, "exchange_ms")).extracting(MetricPoint::value).containsExactly(86.0, 40.0);
        assertThat(run.autoTau.takeDirty()).isTrue();               // the job's live_tau is written on the next flush

        // rank 1 has not applied it yet (its next step will): no second message, no second decision
        supervisor.onMessage(agents.get(1).session, progress(1, 41, 21.0, 80.0, 1));
        assertThat(setTaus(agents.get(1))).hasSize(1);
        assertThat(tauEvents).hasSize(1);                           // r = 43 at τ = 43: inside the band, settling
    }

    @Test
    void theSlowestLinkDecidesAndNothingMovesBeforeEveryRankSettled() {
        JobRun run = run("{\"algorithm\":\"DOWNPOUR\",\"workers\":2,\"tau\":\"auto\",\"eta\":0.01,"
                + "\"stop\":{\"maxSteps\":5000}}", null);
        List<FakeAgents.Fake> agents = start(run);
        exchanges(run, AutoTauPolicy.SETTLE_EXCHANGES - 1);
        supervisor.onMessage(agents.get(0).session, progress(0, 10, 10.0, 5.0, 1));
        supervisor.onMessage(agents.get(1).session, progress(1, 10, 10.0, 30.0, 1));
        assertThat(run.autoTau.tau()).isEqualTo(1);                 // settling
        assertThat(tauEvents).isEmpty();
        exchanges(run, 1);
        supervisor.onMessage(agents.get(0).session, progress(0, 12, 10.0, 5.0, 1));
        assertThat(run.autoTau.tau()).isEqualTo(30);                // rank 1: 30 / (0.1 · 10) = 30; rank 0 would say 5
        assertThat(tauEvents.get(0).get("reason")).isEqualTo("τ 1 → 30: exchange 30 ms, step 10 ms, target 10 % (worker 1)");
    }

    @Test
    void aReconnectedWorkerThatMissedTheChangeIsToldAgainAndAReplacementStartsWithTheCurrentTau() {
        JobRun run = run("{\"algorithm\":\"EASGD\",\"workers\":2,\"tau\":\"auto\",\"stop\":{\"maxSteps\":5000}}", null);
        List<FakeAgents.Fake> agents = start(run);
        exchanges(run, AutoTauPolicy.SETTLE_EXCHANGES);
        supervisor.onMessage(agents.get(0).session, progress(0, 40, 20.0, 86.0, 1));
        supervisor.onMessage(agents.get(1).session, progress(1, 40, 20.0, 86.0, 1));
        assertThat(run.autoTau.tau()).isEqualTo(43);

        // rank 1 reconnects (resumes its rank) and still runs at τ = 1: it is sent τ = 43 again, once
        FakeAgents.disconnect(registry, agents.get(1));
        FakeAgents.Fake back = FakeAgents.connect(registry, "agent-1");
        back.session.assign(JOB, 1);
        assertThat(supervisor.resume(back.session, new ToServer.Resume(JOB, 1, 41, 3)).join()).isTrue();
        supervisor.onMessage(back.session, progress(1, 42, 20.0, 86.0, 1));
        supervisor.onMessage(back.session, progress(1, 43, 20.0, 86.0, 1));
        assertThat(setTaus(back)).extracting(ToAgent.SetTau::tau).containsExactly(43);
        assertThat(setTaus(agents.get(0))).hasSize(1);

        // rank 0 leaves; its replacement is assigned with the job's τ
        FakeAgents.Fake spare = FakeAgents.connect(registry, "spare");
        supervisor.onMessage(agents.get(0).session, new ToServer.Leaving("SIGTERM"));
        supervisor.replaceLost(run, clock.instant());
        ToAgent.Assign assign = (ToAgent.Assign) spare.messages().get(0);
        assertThat(assign.tau()).isEqualTo(43);
        assertThat(assign.startTau()).isEqualTo(43);
    }

    @Test
    void aResumedJobStartsFromItsLiveTauAndAFixedTauJobHasNoAutoTau() {
        JobRun resumed = run("{\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":\"auto\",\"autoTau\":{\"max\":32},"
                + "\"stop\":{\"maxSteps\":5000}}", 12);
        assertThat(resumed.autoTau.tau()).isEqualTo(12);
        assertThat(resumed.assignTau()).isEqualTo(12);
        lab.runs.remove(resumed);
        JobRun fixed = run("{\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":10,\"stop\":{\"maxSteps\":5000}}", 12);
        assertThat(fixed.autoTau).isNull();
        assertThat(fixed.assignTau()).isNull();
        List<FakeAgents.Fake> agents = start(fixed);
        exchanges(fixed, 10);
        supervisor.onMessage(agents.get(0).session, new ToServer.Progress(JOB, 0, List.of(new ToServer.Point(40, 0.5, 3.0))));
        assertThat(setTaus(agents.get(0))).isEmpty();
        assertThat(series(fixed.drain(), "tau")).isEmpty();
    }
}
