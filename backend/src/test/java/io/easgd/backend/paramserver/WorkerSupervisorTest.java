package io.easgd.backend.paramserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.backend.agents.AgentRegistry;
import io.easgd.backend.agents.FakeAgents;
import io.easgd.backend.testing.FakeClock;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.rules.MDownpour;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.rules.SyncEasgd;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.training.BlowUpGuard;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Worker supervision with a fake clock, real agent sessions on fake connections, a lane that runs
 * at once and the events it publishes collected in a list (issue #10, defects 2, 5 and 7).
 */
class WorkerSupervisorTest {
    private static final long JOB = 3;
    private static final Duration GRACE = Duration.ofSeconds(30);
    private final AgentRegistry registry = new AgentRegistry();
    private final Runs runs = new Runs();
    private final List<Object> events = new ArrayList<>();
    private final List<String> workerEvents = new ArrayList<>();
    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-29T00:00:00Z"));
    private final WorkerSupervisor supervisor = new WorkerSupervisor(runs, registry, new WorkerEventLog(null, null, clock) {
        @Override
        void record(JobRun run, WorkerSlot slot, String event, String detail) {
            workerEvents.add(slot.rank + " " + event + ": " + detail);
        }
    }, GRACE, clock, events::add);

    private JobRun run(String specJson, MasterRule master, float[] center) {
        JobSpec spec = JobSpec.parse(specJson);
        master.init(center);
        List<JobRun.Holder> holders = new ArrayList<>();
        for (int r = 0; r < spec.workers(); r++) {
            holders.add(new JobRun.Holder("agent-" + r, "agent-" + r));
        }
        JobRun run = new JobRun(JOB, spec, null, master, 0, holders, BlowUpGuard.of(center), new Lane("test", Runnable::run),
                new ToAgent.DatasetRef("mnist-10k", List.of(new ToAgent.FileRef("train-images-idx3-ubyte", 1,
                        "0".repeat(64), "/api/v1/datasets/mnist-10k/files/train-images-idx3-ubyte"))));
        runs.add(run);
        return run;
    }

    private FakeAgents.Fake agent(String id, Integer rank) {
        FakeAgents.Fake f = FakeAgents.connect(registry, id);
        if (rank != null) {
            f.session.assign(JOB, rank);
        }
        return f;
    }

    private static float[] vector(FakeAgents.Fake agent, ParamFrame.Kind kind, int n) {
        float[] out = new float[n];
        for (ByteBuffer f : agent.frames()) {
            ParamFrame h = ParamFrame.decode(f);
            if (h.kind() == kind) {
                ByteBuffer values = f.duplicate().position(48).slice().order(ByteOrder.LITTLE_ENDIAN);
                for (int k = 0; k < h.count(); k++) {
                    out[h.offset() + k] = values.getFloat(4 * k);
                }
            }
        }
        return out;
    }

    private void startTraining(JobRun run, List<FakeAgents.Fake> agents) {
        for (int r = 0; r < agents.size(); r++) {
            supervisor.onMessage(agents.get(r).session, new ToServer.Ready(JOB, r));
        }
        assertThat(events).hasAtLeastOneElementOfType(RunEvents.AllReady.class);
        run.running = true;                                        // what the lifecycle does on AllReady
    }

    @Test
    void aReplacementInASynchronousJobStartsJustAfterTheLastRoundItsRankTookPartIn() {
        SyncEasgd.Master master = new SyncEasgd.Master(0.2f, 2);
        JobRun run = run("{\"algorithm\":\"SYNC_EAMSGD\",\"workers\":2,\"tau\":5,\"stop\":{\"maxSteps\":600}}",
                master, new float[] {0f, 0f});
        FakeAgents.Fake a0 = agent("agent-0", 0);
        FakeAgents.Fake a1 = agent("agent-1", 1);
        startTraining(run, List.of(a0, a1));
        for (int round = 0; round < 7; round++) {                   // 7 full rounds: both ranks arrived 7 times
            master.submit(0, new float[] {1f, 1f}, new float[2], reply());
            master.submit(1, new float[] {1f, 1f}, new float[2], reply());
        }
        master.submit(1, new float[] {1f, 1f}, new float[2], reply());  // rank 1 arrived at round 7 and waits
        supervisor.onMessage(a0.session, new ToServer.Progress(JOB, 0, List.of(new ToServer.Point(37, 0.5, null))));
        supervisor.onMessage(a1.session, new ToServer.Progress(JOB, 1, List.of(new ToServer.Point(38, 0.5, null))));

        FakeAgents.disconnect(registry, a0);                        // rank 0 dies mid-round, before arriving
        supervisor.onDisconnected(a0.session, "killed");
        FakeAgents.Fake spare = agent("spare", null);
        supervisor.replaceLost(run, clock.instant());
        assertThat(spare.messages()).isEmpty();                     // within the grace period: not yet
        clock.advance(GRACE.plusSeconds(1));
        supervisor.replaceLost(run, clock.instant());

        ToAgent.Assign assign = (ToAgent.Assign) spare.messages().get(0);
        assertThat(assign.rank()).isZero();
        assertThat(assign.startStep()).isEqualTo(35);               // 7 rounds × τ = 5: its first exchange is round 7
        assertThat(workerEvents).anyMatch(e -> e.startsWith("0 REPLACED") && e.endsWith("from step 35"));
        // the replacement's exchanges: ⌈(600 − 35) / 5⌉ = 113 = 120 rounds − the 7 its rank already made
        assertThat((600 - assign.startStep() + 4) / 5 + master.arrivals(0)).isEqualTo(120);
    }

    @Test
    void afterARestartFromACheckpointTheReplacementCountsOnlyTheRoundsOfThisRun() {
        SyncEasgd.Master before = new SyncEasgd.Master(0.2f, 2);
        before.init(new float[] {0f});
        for (int round = 0; round < 10; round++) {                  // the checkpoint: 10 rounds, job step 50
            before.submit(0, new float[] {1f}, new float[1], reply());
            before.submit(1, new float[] {1f}, new float[1], reply());
        }
        SyncEasgd.Master master = new SyncEasgd.Master(0.2f, 2);
        master.restore(before.snapshot());
        JobSpec spec = JobSpec.parse("{\"algorithm\":\"SYNC_EASGD\",\"workers\":2,\"tau\":5,\"stop\":{\"maxSteps\":600}}");
        List<JobRun.Holder> holders = List.of(new JobRun.Holder("agent-0", "agent-0"), new JobRun.Holder("agent-1", "agent-1"));
        JobRun run = new JobRun(JOB, spec, null, master, 50, holders, BlowUpGuard.of(new float[] {1f}),
                new Lane("test", Runnable::run), new ToAgent.DatasetRef("mnist-10k", List.of(new ToAgent.FileRef(
                        "train-images-idx3-ubyte", 1, "0".repeat(64), "/api/v1/datasets/mnist-10k/files/x"))));
        runs.add(run);
        FakeAgents.Fake a0 = agent("agent-0", 0);
        FakeAgents.Fake a1 = agent("agent-1", 1);
        startTraining(run, List.of(a0, a1));
        for (int round = 0; round < 3; round++) {                   // 3 rounds in this run
            master.submit(0, new float[] {1f}, new float[1], reply());
            master.submit(1, new float[] {1f}, new float[1], reply());
        }
        supervisor.onMessage(a0.session, new ToServer.Leaving("SIGTERM"));
        FakeAgents.Fake spare = agent("spare", null);
        supervisor.replaceLost(run, clock.instant());
        assertThat(((ToAgent.Assign) spare.messages().get(0)).startStep()).isEqualTo(65);   // 50 + 3 × 5
    }

    @Test
    void anAsynchronousReplacementStartsWhereTheLostWorkerWasLastSeen() {
        JobRun run = run("{\"algorithm\":\"EASGD\",\"workers\":2,\"tau\":4,\"stop\":{\"maxSteps\":600}}",
                new io.easgd.core.rules.Easgd.Master(0.2f), new float[] {0f});
        FakeAgents.Fake a0 = agent("agent-0", 0);
        FakeAgents.Fake a1 = agent("agent-1", 1);
        startTraining(run, List.of(a0, a1));
        supervisor.onMessage(a1.session, new ToServer.Progress(JOB, 1, List.of(new ToServer.Point(123, 0.5, null))));
        FakeAgents.Fake spare = agent("spare", null);
        supervisor.onMessage(a1.session, new ToServer.Leaving("SIGTERM"));   // leaving: replaced at once
        supervisor.replaceLost(run, clock.instant());
        assertThat(((ToAgent.Assign) spare.messages().get(0)).startStep()).isEqualTo(123);
        assertThat(workerEvents).anyMatch(e -> e.startsWith("1 LEFT"));
    }

    @Test
    void aLateMdownpourWorkerJoinsAtTheLookAheadPointNotTheCenter() {
        MDownpour.Master master = new MDownpour.Master(0.5f, 0.5f);
        JobRun run = run("{\"algorithm\":\"MDOWNPOUR\",\"workers\":2,\"tau\":1,\"eta\":0.5,\"delta\":0.5,"
                + "\"stop\":{\"maxSteps\":100}}", master, new float[] {1f, 2f});
        FakeAgents.Fake a0 = agent("agent-0", 0);
        FakeAgents.Fake a1 = agent("agent-1", 1);
        startTraining(run, List.of(a0, a1));
        master.exchange(0, new float[] {2f, 0f}, new float[2]);   // v = −0.5·(2, 0) = (−1, 0); x̃ = (0, 2)
        FakeAgents.disconnect(registry, a1);
        supervisor.onDisconnected(a1.session, "killed");
        clock.advance(GRACE.plusSeconds(1));
        FakeAgents.Fake late = agent("late", null);
        supervisor.replaceLost(run, clock.instant());
        supervisor.onMessage(late.session, new ToServer.Ready(JOB, 1));
        // x̃ + δv = (0, 2) + 0.5 (−1, 0) = (−0.5, 2)
        assertThat(vector(late, ParamFrame.Kind.CENTER, 2)).containsExactly(-0.5f, 2f);
    }

    @Test
    void aRunWhoseLostRankWasNeverReplacedSaysSoInsteadOfReachedNStepsPerWorker() {
        JobRun run = run("{\"algorithm\":\"EASGD\",\"workers\":2,\"tau\":4,\"stop\":{\"maxSteps\":200}}",
                new io.easgd.core.rules.Easgd.Master(0.2f), new float[] {0f});
        FakeAgents.Fake a0 = agent("agent-0", 0);
        FakeAgents.Fake a1 = agent("agent-1", 1);
        startTraining(run, List.of(a0, a1));
        supervisor.onMessage(a1.session, new ToServer.Progress(JOB, 1, List.of(new ToServer.Point(81, 0.5, null))));
        FakeAgents.disconnect(registry, a1);
        supervisor.onDisconnected(a1.session, "killed");
        supervisor.onMessage(a0.session, new ToServer.Finished(JOB, 0, 200));

        assertThat(events).hasAtLeastOneElementOfType(RunEvents.RanksDone.class);
        assertThat(RankResults.reason(run)).isEqualTo("rank 0 reached 200 steps; rank 1 was lost at step 81 and not replaced");
        assertThat(RankResults.of(run)).extracting(r -> r.rank() + ":" + r.state() + ":" + r.steps())
                .containsExactly("0:FINISHED:200", "1:LOST:81");
    }

    @Test
    void aProtocolFaultIsRecordedAndItsRankIsGivenAwayAtOnce() {
        JobRun run = run("{\"algorithm\":\"EASGD\",\"workers\":2,\"tau\":4,\"stop\":{\"maxSteps\":200}}",
                new io.easgd.core.rules.Easgd.Master(0.2f), new float[] {0f});
        FakeAgents.Fake a0 = agent("agent-0", 0);
        FakeAgents.Fake a1 = agent("agent-1", 1);
        startTraining(run, List.of(a0, a1));
        supervisor.onProtocolError(a1.session, "sequence 9, expected 3");
        assertThat(run.slots[1].state).isEqualTo(WorkerSlot.State.LOST);
        assertThat(workerEvents).anyMatch(e -> e.equals("1 PROTOCOL_ERROR: agent agent-1: sequence 9, expected 3"));
        FakeAgents.Fake spare = agent("spare", null);
        supervisor.replaceLost(run, clock.instant());               // no grace: its state is not to be trusted
        assertThat(spare.messages()).singleElement().isInstanceOf(ToAgent.Assign.class);
        // and the faulty agent cannot resume the rank it lost
        assertThat(supervisor.resume(a1.session, new ToServer.Resume(JOB, 1, 12, 3)).join()).isFalse();
    }

    private static MasterRule.Reply reply() {
        return new MasterRule.Reply() {
            @Override
            public void done(double distance) {
            }

            @Override
            public void failed(RuntimeException error) {
                throw error;
            }
        };
    }
}
