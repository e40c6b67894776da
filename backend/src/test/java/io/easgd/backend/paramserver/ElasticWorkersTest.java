package io.easgd.backend.paramserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.easgd.backend.agents.AgentRegistry;
import io.easgd.backend.agents.FakeAgents;
import io.easgd.backend.jobs.Job;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.backend.testing.FakeClock;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.rules.Downpour;
import io.easgd.core.rules.Easgd;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.training.BlowUpGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Elastic worker counts ({@code "workers": {"min": m, "max": n}}) on the parameter server: which
 * agent joins as which rank, when a lost rank is retired rather than replaced, and what each change
 * does to α, the events and the {@code workers} series. Real agent sessions on fake connections, a
 * fake clock, a lane that runs at once.
 */
class ElasticWorkersTest {
    private static final long JOB = 5;
    private static final Duration GRACE = Duration.ofSeconds(30);
    private final Supervision lab = new Supervision("agents.grace=30s");
    private final AgentRegistry registry = lab.registry;
    private final List<Object> events = lab.events;
    private final List<String> workerEvents = lab.workerEvents;
    private final FakeClock clock = lab.clock;
    private final ElasticWorkers elastic = lab.elastic;
    private final WorkerSupervisor supervisor = lab.supervisor;

    private JobRun run(String specJson, MasterRule master, int agents) {
        return lab.run(JOB, specJson, master, new float[] {0f, 0f}, agents, 0, null);
    }

    /** What the scheduler does with idle agents no queued job needs. */
    private int offer(List<io.easgd.backend.agents.AgentSession> idle) {
        return elastic.offer(idle, supervisor::admit);
    }

    private List<FakeAgents.Fake> start(JobRun run) {
        List<FakeAgents.Fake> agents = new ArrayList<>();
        for (int r = 0; r < run.workers(); r++) {
            FakeAgents.Fake f = FakeAgents.connect(registry, "agent-" + r);
            f.session.assign(JOB, r);
            agents.add(f);
        }
        for (int r = 0; r < agents.size(); r++) {
            supervisor.onMessage(agents.get(r).session, new ToServer.Ready(JOB, r));
        }
        assertThat(events).hasAtLeastOneElementOfType(RunEvents.AllReady.class);
        lab.started(run);                                          // what the lifecycle does on AllReady
        elastic.onAllReady(new RunEvents.AllReady(run));
        for (int r = 0; r < agents.size(); r++) {                  // both at step 40
            supervisor.onMessage(agents.get(r).session, new ToServer.Progress(JOB, r,
                    List.of(new ToServer.Point(40, 0.5, null))));
        }
        return agents;
    }

    private static List<MetricPoint> workersSeries(JobRun run) {
        return run.drain().stream().filter(p -> p.series().equals("workers")).toList();
    }

    @Test
    void aRangeJobStartsAtMinWithTheUpperRanksVacant() {
        JobRun run = run("{\"algorithm\":\"EASGD\",\"workers\":{\"min\":2,\"max\":4}}", new Easgd.Master(0.45f), 2);
        assertThat(run.slots).hasSize(4);                           // every rank-indexed array is sized by max
        assertThat(run.slots[2].isVacant()).isTrue();
        assertThat(run.workers()).isEqualTo(2);
        start(run);
        assertThat(run.step()).isEqualTo(40);                       // vacant ranks do not hold the job's step back
        assertThat(workersSeries(run)).extracting(MetricPoint::value).containsExactly(2.0);
        assertThat(run.takeWorkersChanged()).isTrue();              // the row's live_workers gets the start
    }

    @Test
    void anIdleAgentJoinsAsTheLowestVacantRankFromTheJobsStepAndAlphaBecomesBetaOverP() {
        Easgd.Master master = new Easgd.Master(0.45f);
        JobRun run = run("{\"algorithm\":\"EASGD\",\"workers\":{\"min\":2,\"max\":3},\"beta\":0.9}", master, 2);
        start(run);
        workersSeries(run);
        FakeAgents.Fake spare = FakeAgents.connect(registry, "spare");
        FakeAgents.Fake another = FakeAgents.connect(registry, "another");

        assertThat(offer(List.of(spare.session, another.session))).isEqualTo(1);   // max is 3

        ToAgent.Assign assign = (ToAgent.Assign) spare.messages().get(0);
        assertThat(assign.rank()).isEqualTo(2);
        assertThat(assign.startStep()).isEqualTo(40);
        assertThat(assign.workerSeed()).isEqualTo(run.spec.workerSeed(2) + 40);
        assertThat(spare.session.jobId()).isEqualTo(JOB);
        assertThat(another.messages()).isEmpty();
        assertThat(another.session.jobId()).isNull();
        assertThat(run.workers()).isEqualTo(3);
        assertThat(master.alpha()).isEqualTo((float) (0.9 / 3));
        assertThat(workerEvents).contains("2 ADMITTED: worker 2 joined (agent spare, from step 40): p 2 → 3, "
                + "α 0.45 → 0.3");
        assertThat(workersSeries(run)).extracting(MetricPoint::value).containsExactly(3.0);
        assertThat(run.takeWorkersChanged()).isTrue();

        // its ready gets the join point x̃; the next exchange of anyone uses α = 0.3
        supervisor.onMessage(spare.session, new ToServer.Ready(JOB, 2));
        assertThat(run.slots[2].isTraining()).isTrue();
        float[] down = new float[2];
        master.exchange(0, new float[] {1f, -2f}, down);
        assertThat(down[0]).isCloseTo(0.3f, within(1e-6f));
        assertThat(down[1]).isCloseTo(-0.6f, within(1e-6f));
    }

    @Test
    void aLostRankAboveMinIsRetiredAtOnceAndAlphaGoesBack() {
        Easgd.Master master = new Easgd.Master(0.45f);
        JobRun run = run("{\"algorithm\":\"EAMSGD\",\"workers\":{\"min\":2,\"max\":3}}", master, 2);
        List<FakeAgents.Fake> agents = start(run);
        FakeAgents.Fake spare = FakeAgents.connect(registry, "spare");
        offer(List.of(spare.session));
        supervisor.onMessage(spare.session, new ToServer.Ready(JOB, 2));
        workersSeries(run);
        workerEvents.clear();

        FakeAgents.disconnect(registry, agents.get(0));            // rank 0's agent is killed: p 3 → 2
        supervisor.onDisconnected(agents.get(0).session, "killed");

        assertThat(run.slots[0].isVacant()).isTrue();
        assertThat(run.workers()).isEqualTo(2);
        assertThat(master.alpha()).isEqualTo(0.45f);
        assertThat(workerEvents).containsExactly("0 LOST: agent agent-0 disconnected: killed",
                "0 RETIRED: worker 0 left at step 40 (agent agent-0 disconnected: killed): p 3 → 2, α 0.3 → 0.45");
        assertThat(workersSeries(run)).extracting(MetricPoint::value).containsExactly(2.0);
        assertThat(events).noneMatch(e -> e instanceof RunEvents.AllWorkersLost || e instanceof RunEvents.RanksDone);

        // nothing waits for a replacement: the grace period passes and no spare is taken
        FakeAgents.Fake idle = FakeAgents.connect(registry, "idle");
        clock.advance(GRACE.plusSeconds(1));
        supervisor.replaceLost(run, clock.instant());
        assertThat(idle.messages()).isEmpty();
        // the retired agent cannot resume its rank; a free agent may join again as rank 0
        assertThat(supervisor.resume(agents.get(0).session, new ToServer.Resume(JOB, 0, 40, 0)).join()).isFalse();
        assertThat(offer(List.of(idle.session))).isEqualTo(1);
        assertThat(((ToAgent.Assign) idle.messages().get(0)).rank()).isZero();
        assertThat(run.slots[0].holders()).containsExactly("agent-0", "idle");
        assertThat(run.slots[0].replacements()).isZero();             // a join, not a replacement
    }

    @Test
    void atMinALostRankWaitsForAReplacementAsInAFixedJobAndNobodyJoinsMeanwhile() {
        Easgd.Master master = new Easgd.Master(0.45f);
        JobRun run = run("{\"algorithm\":\"EASGD\",\"workers\":{\"min\":2,\"max\":3}}", master, 2);
        List<FakeAgents.Fake> agents = start(run);
        workerEvents.clear();

        FakeAgents.disconnect(registry, agents.get(1));
        supervisor.onDisconnected(agents.get(1).session, "killed");
        assertThat(run.slots[1].isLost()).isTrue();
        assertThat(run.workers()).isEqualTo(2);                     // still counted: it waits for a replacement
        assertThat(master.alpha()).isEqualTo(0.45f);

        FakeAgents.Fake spare = FakeAgents.connect(registry, "spare");
        assertThat(offer(List.of(spare.session))).isZero(); // the replacement comes first
        clock.advance(GRACE.plusSeconds(1));
        supervisor.replaceLost(run, clock.instant());
        ToAgent.Assign assign = (ToAgent.Assign) spare.messages().get(0);
        assertThat(assign.rank()).isEqualTo(1);
        assertThat(workerEvents).anyMatch(e -> e.startsWith("1 REPLACED"));
    }

    @Test
    void theDownpourFamilyChangesPWithoutAnAlpha() {
        JobRun run = run("{\"algorithm\":\"DOWNPOUR\",\"workers\":{\"min\":1,\"max\":2},\"tau\":1}",
                new Downpour.Master(), 1);
        start(run);
        FakeAgents.Fake spare = FakeAgents.connect(registry, "spare");
        assertThat(offer(List.of(spare.session))).isEqualTo(1);
        assertThat(workerEvents).contains("1 ADMITTED: worker 1 joined (agent spare, from step 40): p 1 → 2");
    }

    @Test
    void aFixedJobNeverGrowsAndAQueuedRunIsNotOfferedAgents() {
        JobRun fixed = run("{\"algorithm\":\"EASGD\",\"workers\":2}", new Easgd.Master(0.45f), 2);
        start(fixed);
        FakeAgents.Fake spare = FakeAgents.connect(registry, "spare");
        assertThat(offer(List.of(spare.session))).isZero();
        assertThat(fixed.slots).hasSize(2);
        assertThat(fixed.takeWorkersChanged()).isFalse();           // live_workers is for ranges only

        lab.runs.remove(fixed);
        JobRun assigning = run("{\"algorithm\":\"EASGD\",\"workers\":{\"min\":2,\"max\":3}}", new Easgd.Master(0.45f), 2);
        assertThat(assigning.phase.running()).isFalse();
        assertThat(offer(List.of(spare.session))).isZero(); // not before training started
    }

    @Test
    void theRunEndsWhenEveryHeldRankFinishedAndTheResultsNameTheRetiredRank() {
        Easgd.Master master = new Easgd.Master(0.45f);
        JobRun run = run("{\"algorithm\":\"EASGD\",\"workers\":{\"min\":1,\"max\":4},\"stop\":{\"maxSteps\":100}}",
                master, 1);
        List<FakeAgents.Fake> agents = start(run);
        FakeAgents.Fake spare = FakeAgents.connect(registry, "spare");
        offer(List.of(spare.session));
        supervisor.onMessage(spare.session, new ToServer.Ready(JOB, 1));
        supervisor.onMessage(spare.session, new ToServer.Leaving("scaled down"));   // p 2 → 1: retired
        assertThat(run.slots[1].isVacant()).isTrue();

        supervisor.onMessage(agents.get(0).session, new ToServer.Finished(JOB, 0, 100));
        assertThat(events).hasAtLeastOneElementOfType(RunEvents.RanksDone.class);
        assertThat(RankResults.of(run)).extracting(Job.RankResult::rank, Job.RankResult::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "FINISHED"),
                        org.assertj.core.groups.Tuple.tuple(1, "RETIRED"));       // ranks 2, 3 were never used
        assertThat(RankResults.reason(run)).isEqualTo("reached 100 steps per worker");
    }
}
