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
    private final Supervision lab = new Supervision("agents.grace=30s", "agents.replace-timeout=10m");
    private final AgentRegistry registry = lab.registry;
    private final List<Object> events = lab.events;
    private final List<String> workerEvents = lab.workerEvents;
    private final FakeClock clock = lab.clock;
    private final WorkerSupervisor supervisor = lab.supervisor;

    private JobRun run(String specJson, MasterRule master, float[] center) {
        return lab.run(JOB, specJson, master, center, JobSpec.parse(specJson).workers(), 0, null);
    }

    /** EASGD, p = 2, τ = 4, 200 steps, the center 0. */
    private JobRun easgdOfTwo() {
        return run("{\"algorithm\":\"EASGD\",\"workers\":2,\"tau\":4,\"stop\":{\"maxSteps\":200}}",
                new io.easgd.core.rules.Easgd.Master(0.2f), new float[] {0f});
    }

    /** Every agent of {@code agents} disconnects, e.g. a switch reboots. */
    private void allGone(List<FakeAgents.Fake> agents, String reason) {
        for (FakeAgents.Fake a : agents) {
            FakeAgents.disconnect(registry, a);
            supervisor.onDisconnected(a.session, reason);
        }
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

    /** agent-0 and agent-1 train ranks 0 and 1; rank 1 reports step 81 and its agent is killed. Returns agent-0. */
    private FakeAgents.Fake rankOneKilledAtStep81(JobRun run) {
        FakeAgents.Fake a0 = agent("agent-0", 0);
        FakeAgents.Fake a1 = agent("agent-1", 1);
        startTraining(run, List.of(a0, a1));
        supervisor.onMessage(a1.session, new ToServer.Progress(JOB, 1, List.of(new ToServer.Point(81, 0.5, null))));
        FakeAgents.disconnect(registry, a1);
        supervisor.onDisconnected(a1.session, "killed");
        return a0;
    }

    private void startTraining(JobRun run, List<FakeAgents.Fake> agents) {
        for (int r = 0; r < agents.size(); r++) {
            supervisor.onMessage(agents.get(r).session, new ToServer.Ready(JOB, r));
        }
        assertThat(events).hasAtLeastOneElementOfType(RunEvents.AllReady.class);
        lab.started(run);                                          // what the lifecycle does on AllReady
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
        JobRun run = lab.run(JOB, "{\"algorithm\":\"SYNC_EASGD\",\"workers\":2,\"tau\":5,\"stop\":{\"maxSteps\":600}}",
                master, null, 2, 50, null);
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

    /** Issue #22: an agent SIGKILLed and restarted by its supervisor waited out the whole grace (~32 s to heal). */
    @Test
    void anAgentBackWithoutItsStateTakesItsLostRankAgainAtOnceBeforeAnIdleSpare() {
        JobRun run = easgdOfTwo();
        FakeAgents.Fake spare = agent("spare", null);
        rankOneKilledAtStep81(run);
        clock.advance(Duration.ofSeconds(5));
        supervisor.replaceLost(run, clock.instant());
        assertThat(spare.messages()).isEmpty();                    // inside the grace: the agent may resume

        FakeAgents.Fake back = agent("agent-1", null);             // the restarted process, same id, no resume
        supervisor.onStartedAfresh(back.session);
        supervisor.replaceLost(run, clock.instant());

        assertThat(back.messages()).singleElement().isInstanceOfSatisfying(ToAgent.Assign.class, a -> {
            assertThat(a.rank()).isEqualTo(1);
            assertThat(a.startStep()).isEqualTo(81);
        });
        assertThat(spare.messages()).isEmpty();
        assertThat(workerEvents).last().isEqualTo(
                "1 REPLACED: agent agent-1 came back without its state; agent-1 takes rank 1 again from step 81");
    }

    @Test
    void anAgentBackWithoutItsStateLeavesOtherAgentsLostRanksInTheirGrace() {
        JobRun run = easgdOfTwo();
        rankOneKilledAtStep81(run);
        FakeAgents.Fake other = agent("agent-7", null);
        supervisor.onStartedAfresh(other.session);
        supervisor.replaceLost(run, clock.instant());
        assertThat(other.messages()).isEmpty();
        assertThat(run.slots[1].isLost()).isTrue();
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
    void aRunWhoseLostRankWasNeverReplacedSaysSoOnceItsGraceIsOverInsteadOfReachedNStepsPerWorker() {
        JobRun run = easgdOfTwo();
        FakeAgents.Fake a0 = rankOneKilledAtStep81(run);
        supervisor.onMessage(a0.session, new ToServer.Finished(JOB, 0, 200));
        assertThat(events).noneMatch(e -> e instanceof RunEvents.RanksDone);     // rank 1 may still come back

        clock.advance(GRACE);
        supervisor.replaceLost(run, clock.instant());              // its grace is over: nobody left to train with

        assertThat(events).filteredOn(e -> e instanceof RunEvents.RanksDone).hasSize(1);
        assertThat(RankResults.reason(run)).isEqualTo("rank 0 reached 200 steps; rank 1 was lost at step 81 and not replaced");
        assertThat(RankResults.of(run)).extracting(r -> r.rank() + ":" + r.state() + ":" + r.steps())
                .containsExactly("0:FINISHED:200", "1:LOST:81");
    }

    /** Issue #19, defect 1: a blip of the last worker still training, well inside its grace, once the others finished. */
    @Test
    void theLastWorkerStillTrainingResumesAfterABlipOnceTheOthersHaveFinished() {
        for (int p : new int[] {2, 16}) {
            Supervision lab = new Supervision("agents.grace=30s");
            JobRun run = lab.run(JOB, "{\"algorithm\":\"EASGD\",\"workers\":" + p + ",\"tau\":1,"
                    + "\"stop\":{\"maxSteps\":10}}", new io.easgd.core.rules.Easgd.Master(0.2f), new float[] {0f}, p, 0,
                    null);
            List<FakeAgents.Fake> agents = new ArrayList<>();
            for (int r = 0; r < p; r++) {
                FakeAgents.Fake f = FakeAgents.connect(lab.registry, "agent-" + r);
                f.session.assign(JOB, r);
                agents.add(f);
                lab.supervisor.onMessage(f.session, new ToServer.Ready(JOB, r));
            }
            lab.started(run);
            int last = p - 1;
            for (int r = 0; r < last; r++) {
                lab.supervisor.onMessage(agents.get(r).session, new ToServer.Finished(JOB, r, 10));
            }
            FakeAgents.Fake blip = agents.get(last);
            FakeAgents.disconnect(lab.registry, blip);                  // its connection closes after its 6th exchange
            lab.supervisor.onDisconnected(blip.session, "connection reset");
            assertThat(lab.events).as("p = %d", p).noneMatch(e -> e instanceof RunEvents.RanksDone);
            lab.clock.advance(Duration.ofMillis(300));
            lab.supervisor.replaceLost(run, lab.clock.instant());       // a tick meanwhile ends nothing
            assertThat(run.phase.ending()).isFalse();

            FakeAgents.Fake back = FakeAgents.connect(lab.registry, "agent-" + last);   // 0.3 s later, with resume
            assertThat(lab.supervisor.resume(back.session, new ToServer.Resume(JOB, last, 6, 6)).join()).isTrue();
            assertThat(run.slots[last].isTraining()).isTrue();
            assertThat(back.session.rank()).isEqualTo(last);
            lab.supervisor.onMessage(back.session, new ToServer.Finished(JOB, last, 10));

            assertThat(lab.events).filteredOn(e -> e instanceof RunEvents.RanksDone).hasSize(1);
            assertThat(RankResults.reason(run)).isEqualTo("reached 10 steps per worker");
        }
    }

    /** Issue #19, defect 2: one malformed frame from a job's only agent is a blip, not the end of the job. */
    @Test
    void oneProtocolFaultKeepsTheRanksGraceSoItsAgentResumesAndTheJobGoesOn() {
        JobRun run = lab.run(JOB, "{\"algorithm\":\"DOWNPOUR\",\"workers\":1,\"tau\":1,\"stop\":{\"maxSteps\":200}}",
                new io.easgd.core.rules.Downpour.Master(), new float[] {0f}, 1, 0, null);
        FakeAgents.Fake a0 = agent("agent-0", 0);
        startTraining(run, List.of(a0));
        supervisor.onProtocolError(a0.session, "sequence 9, expected 3");
        assertThat(run.slots[0].isLost()).isTrue();
        assertThat(workerEvents).contains("0 PROTOCOL_ERROR: agent agent-0: sequence 9, expected 3");

        FakeAgents.Fake spare = agent("spare", null);              // an idle agent is there all along
        for (int ms : new int[] {40, 130, 1000}) {                  // ticks before the agent is back
            clock.advance(Duration.ofMillis(ms));
            supervisor.replaceLost(run, clock.instant());
        }
        assertThat(spare.messages()).isEmpty();                     // inside its grace the rank is not given away
        assertThat(workerEvents).noneMatch(e -> e.contains(" WAITING: ") || e.contains(" REPLACED: "));
        assertThat(events).noneMatch(e -> e instanceof RunEvents.AllWorkersLost);
        FakeAgents.disconnect(registry, a0);
        FakeAgents.Fake back = agent("agent-0", null);
        assertThat(supervisor.resume(back.session, new ToServer.Resume(JOB, 0, 12, 3)).join()).isTrue();
        assertThat(run.slots[0].isTraining()).isTrue();
    }

    /** Issue #19, defect 2: an agent that faults 3 times in a minute is quarantined and its rank replaced at once. */
    @Test
    void anAgentThatFaultsRepeatedlyIsQuarantinedItsRankReplacedAtOnceAndItsResumeRefused() {
        JobRun run = easgdOfTwo();
        FakeAgents.Fake a0 = agent("agent-0", 0);
        FakeAgents.Fake a1 = agent("agent-1", 1);
        startTraining(run, List.of(a0, a1));
        FakeAgents.Fake current = a1;
        for (int fault = 1; fault <= 2; fault++) {                 // faults 1 and 2: each time it resumes
            supervisor.onProtocolError(current.session, "bad frame " + fault);
            FakeAgents.disconnect(registry, current);
            clock.advance(Duration.ofSeconds(10));
            current = agent("agent-1", null);
            assertThat(supervisor.resume(current.session, new ToServer.Resume(JOB, 1, 12, 3)).join()).isTrue();
        }
        FakeAgents.Fake spare = agent("spare", null);
        supervisor.onProtocolError(current.session, "bad frame 3");   // the third within a minute
        assertThat(lab.faults.quarantined("agent-1")).isTrue();
        assertThat(workerEvents).anyMatch(e -> e.startsWith("1 LOST") && e.contains("quarantined"));
        FakeAgents.disconnect(registry, current);
        FakeAgents.Fake again = agent("agent-1", null);
        assertThat(supervisor.resume(again.session, new ToServer.Resume(JOB, 1, 12, 3)).join()).isFalse();
        assertThat(again.session.jobId()).isNull();                  // freed by the refusal ...
        assertThat(lab.faults.usable(registry.idle())).extracting(a -> a.id()).doesNotContain("agent-1");  // ... but no work

        supervisor.replaceLost(run, clock.instant());                // no grace: replaced at once, by the spare
        assertThat(spare.messages()).singleElement().isInstanceOf(ToAgent.Assign.class);
        assertThat(again.messages()).isEmpty();
        clock.advance(Duration.ofSeconds(61));                        // a minute after its last fault
        assertThat(lab.faults.quarantined("agent-1")).isFalse();
    }

    /** Issue #19, defect 3: a job whose ranks are all lost waits for agents, visibly, before it fails. */
    @Test
    void aJobWhoseRanksAreAllLostWaitsForAnAgentUpToTheReplaceTimeoutAndSaysSo() {
        JobRun run = easgdOfTwo();
        FakeAgents.Fake a0 = agent("agent-0", 0);
        FakeAgents.Fake a1 = agent("agent-1", 1);
        startTraining(run, List.of(a0, a1));
        allGone(List.of(a0, a1), "connection reset");                // a switch reboots: both gone
        clock.advance(GRACE);
        Instant waitingFrom = clock.instant();
        supervisor.replaceLost(run, clock.instant());
        assertThat(workerEvents).filteredOn(e -> e.contains(" WAITING: ")).containsExactly(
                "0 WAITING: waiting for an agent for rank 0 since 00:00:30 UTC: none is free",
                "1 WAITING: waiting for an agent for rank 1 since 00:00:30 UTC: none is free");
        assertThat(run.slots[1].view(JOB)).containsEntry("waitingSince", waitingFrom.toString());

        clock.advance(Duration.ofMinutes(9).plusSeconds(59));
        supervisor.replaceLost(run, clock.instant());
        assertThat(events).noneMatch(e -> e instanceof RunEvents.AllWorkersLost);
        assertThat(workerEvents).filteredOn(e -> e.contains(" WAITING: ")).hasSize(2);   // said once per rank

        FakeAgents.Fake back = agent("rescheduled-pod", null);          // an agent comes back in time
        supervisor.replaceLost(run, clock.instant());
        assertThat(back.messages()).singleElement().isInstanceOf(ToAgent.Assign.class);
        assertThat(run.slots[0].waitingSince()).isNull();
        clock.advance(Duration.ofMinutes(30));                         // rank 1 waits on; rank 0 trains: no failure
        supervisor.replaceLost(run, clock.instant());
        assertThat(events).noneMatch(e -> e instanceof RunEvents.AllWorkersLost);
    }

    @Test
    void aJobWhoseRanksAreAllLostFailsWhenNoAgentCameWithinTheReplaceTimeout() {
        JobRun run = easgdOfTwo();
        FakeAgents.Fake a0 = agent("agent-0", 0);
        FakeAgents.Fake a1 = agent("agent-1", 1);
        startTraining(run, List.of(a0, a1));
        allGone(List.of(a0, a1), "killed");
        clock.advance(GRACE);
        supervisor.replaceLost(run, clock.instant());
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        supervisor.replaceLost(run, clock.instant());
        assertThat(events).noneMatch(e -> e instanceof RunEvents.AllWorkersLost);
        clock.advance(Duration.ofMillis(1));
        supervisor.replaceLost(run, clock.instant());
        assertThat(events).filteredOn(e -> e instanceof RunEvents.AllWorkersLost)
                .singleElement().extracting(e -> ((RunEvents.AllWorkersLost) e).waited()).isEqualTo(Duration.ofMinutes(10));
    }

    /** Issue #19, defect 4: the step of a lost rank is the server's count, not the lagging progress report's. */
    @Test
    void aLostRanksStepIsTheStepOfItsLastAppliedExchange() {
        io.easgd.core.rules.Easgd.Master master = new io.easgd.core.rules.Easgd.Master(0.2f);
        JobRun run = run("{\"algorithm\":\"EASGD\",\"workers\":2,\"tau\":1,\"stop\":{\"maxSteps\":200}}",
                master, new float[] {0f, 0f});
        FakeAgents.Fake a0 = agent("agent-0", 0);
        FakeAgents.Fake a1 = agent("agent-1", 1);
        startTraining(run, List.of(a0, a1));
        ExchangeService exchanges = new ExchangeService(lab.runs, registry, Runnable::run, clock, events::add);
        for (long seq = 1; seq <= 50; seq++) {                       // the server applied 50 exchanges, the last at step 50
            new io.easgd.core.protocol.Chunker(64).send(ParamFrame.Kind.UP, JOB, 1, seq, seq, new float[] {1f, 1f},
                    frame -> {
                        ByteBuffer copy = ByteBuffer.allocate(frame.remaining());
                        copy.put(frame).flip();
                        exchanges.onFrame(a1.session, ParamFrame.decode(copy), copy, copy.remaining());
                    });
        }
        supervisor.onMessage(a1.session, new ToServer.Progress(JOB, 1, List.of(new ToServer.Point(44, 0.5, null))));
        FakeAgents.disconnect(registry, a1);
        supervisor.onDisconnected(a1.session, "killed");
        assertThat(run.slots[1].step()).isEqualTo(50);
        supervisor.onMessage(a0.session, new ToServer.Finished(JOB, 0, 200));
        clock.advance(GRACE);
        supervisor.replaceLost(run, clock.instant());
        assertThat(RankResults.reason(run)).endsWith("rank 1 was lost at step 50 and not replaced");
    }

    /** Issue #19, defect 5: every assignment follows one rule, seed = workerSeed(rank) + its start step. */
    @Test
    void aStartFromACheckpointAReplacementAndAnAdmissionAllSeedTheirDataOrderFromTheirStartStep() {
        JobRun run = lab.run(JOB, "{\"algorithm\":\"EASGD\",\"workers\":{\"min\":2,\"max\":3},\"tau\":4,"
                + "\"stop\":{\"maxSteps\":5000}}", new io.easgd.core.rules.Easgd.Master(0.2f), new float[] {0f}, 2, 2028,
                null);
        ToAgent.Assign start = Assignments.of(run, 1, run.startStep);
        assertThat(start.workerSeed()).isEqualTo(run.spec.workerSeed(1) + 2028);   // not workerSeed(1): not step 0's order
        assertThat(start.workerSeed()).isNotEqualTo(run.spec.workerSeed(1));
        FakeAgents.Fake a0 = agent("agent-0", 0);
        FakeAgents.Fake a1 = agent("agent-1", 1);
        startTraining(run, List.of(a0, a1));
        supervisor.onMessage(a1.session, new ToServer.Progress(JOB, 1, List.of(new ToServer.Point(2100, 0.5, null))));
        supervisor.onMessage(a0.session, new ToServer.Progress(JOB, 0, List.of(new ToServer.Point(2090, 0.5, null))));
        FakeAgents.Fake joiner = agent("joiner", null);
        assertThat(lab.elastic.offer(List.of(joiner.session), supervisor::admit)).isEqualTo(1);
        ToAgent.Assign admitted = (ToAgent.Assign) joiner.messages().get(0);
        assertThat(admitted.startStep()).isEqualTo(2090);
        assertThat(admitted.workerSeed()).isEqualTo(run.spec.workerSeed(2) + 2090);
        supervisor.onMessage(a1.session, new ToServer.Leaving("SIGTERM"));   // p 3 → 2: retired, not replaced
        supervisor.onMessage(a0.session, new ToServer.Leaving("SIGTERM"));   // at min: replaced
        FakeAgents.Fake spare = agent("spare", null);
        supervisor.replaceLost(run, clock.instant());
        ToAgent.Assign replaced = (ToAgent.Assign) spare.messages().get(0);
        assertThat(replaced.startStep()).isEqualTo(2090);
        assertThat(replaced.workerSeed()).isEqualTo(run.spec.workerSeed(0) + 2090);
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
