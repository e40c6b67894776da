package io.easgd.backend.paramserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.backend.agents.FakeAgents;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.rules.SyncEasgd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The round deadline's tick, from the run's spec to the master and the worker events, with a fake
 * master clock (docs/algorithms.md "Round deadline").
 */
class RoundDeadlinesTest {
    private static final long JOB = 4;
    private static final String SPEC = "{\"algorithm\":\"SYNC_EASGD\",\"workers\":3,\"tau\":5,\"alpha\":0.25,"
            + "\"roundDeadlineMs\":5000,\"stop\":{\"maxSteps\":600}}";
    private final Supervision lab = new Supervision("agents.grace=30s");
    private final RoundDeadlines deadlines = new RoundDeadlines(lab.eventLog);
    private final AtomicLong nanos = new AtomicLong();

    private JobRun training(String spec, SyncEasgd.Master master, List<FakeAgents.Fake> agents) {
        master.clock(nanos::get);
        JobRun run = lab.run(JOB, spec, master, new float[] {0f, 0f}, 3, 0, null);
        for (int r = 0; r < 3; r++) {
            FakeAgents.Fake a = FakeAgents.connect(lab.registry, "agent-" + r);
            a.session.assign(JOB, r);
            agents.add(a);
        }
        for (int r = 0; r < 3; r++) {
            lab.supervisor.onMessage(agents.get(r).session, new ToServer.Ready(JOB, r));
        }
        lab.started(run);
        return run;
    }

    @Test
    void aRoundOlderThanTheDeadlineClosesWithTheRanksThatCameAndNamesTheMissingOne() {
        SyncEasgd.Master master = new SyncEasgd.Master(0.25f, 3);
        JobRun run = training(SPEC, master, new ArrayList<>());
        float[] d0 = new float[2];
        float[] d2 = new float[2];
        master.submit(0, new float[] {4f, 0f}, d0, reply());
        master.submit(2, new float[] {4f, 4f}, d2, reply());

        nanos.set(5_000_000_000L);                                  // 5000 ms: the deadline, not past it
        assertThat(deadlines.check(run)).isFalse();
        assertThat(master.rounds()).isZero();
        nanos.set(5_000_000_001L);
        assertThat(deadlines.check(run)).isTrue();

        assertThat(master.rounds()).isEqualTo(1);
        assertThat(master.updates()).isEqualTo(2);
        float[] center = new float[2];
        master.copyCenter(center);
        assertThat(center).containsExactly(2f, 1f);                 // 0.25·(4, 0) + 0.25·(4, 4)
        assertThat(d0).containsExactly(1f, 0f);
        assertThat(d2).containsExactly(1f, 1f);
        assertThat(lab.workerEvents).containsExactly("1 ROUND_DEADLINE: round 0 closed after its 5000 ms deadline "
                + "without rank 1, over ranks 0, 2 (2 of 3); its upload counts in the round open when it arrives");
        assertThat(deadlines.check(run)).isFalse();                 // nothing waits now
    }

    @Test
    void aLostRankGetsNoDeadlineEventAndItsReplacementStartsAtTheFurthestRanksStep() {
        SyncEasgd.Master master = new SyncEasgd.Master(0.25f, 3);
        List<FakeAgents.Fake> agents = new ArrayList<>();
        JobRun run = training(SPEC, master, agents);
        FakeAgents.disconnect(lab.registry, agents.get(1));
        lab.supervisor.onDisconnected(agents.get(1).session, "killed");
        lab.workerEvents.clear();
        for (int round = 0; round < 4; round++) {                   // 4 rounds closed at the deadline without rank 1
            master.submit(0, new float[] {1f, 1f}, new float[2], reply());
            master.submit(2, new float[] {1f, 1f}, new float[2], reply());
            nanos.addAndGet(6_000_000_000L);
            assertThat(deadlines.check(run)).isTrue();
        }
        assertThat(lab.workerEvents).isEmpty();                     // rank 1 is LOST: that has its own event
        assertThat(master.arrivals(1)).isZero();

        FakeAgents.Fake spare = FakeAgents.connect(lab.registry, "spare");
        lab.clock.advance(Duration.ofSeconds(31));
        lab.supervisor.replaceLost(run, lab.clock.instant());
        ToAgent.Assign assign = (ToAgent.Assign) spare.messages().get(0);
        assertThat(assign.rank()).isEqualTo(1);
        assertThat(assign.startStep()).isEqualTo(20);               // 4 uploads of rank 0 × τ = 5, not 0
    }

    @Test
    void aJobWithoutADeadlineKeepsTheBarrier() {
        SyncEasgd.Master master = new SyncEasgd.Master(0.25f, 3);
        JobRun run = training("{\"algorithm\":\"SYNC_EASGD\",\"workers\":3,\"tau\":5,\"stop\":{\"maxSteps\":600}}",
                master, new ArrayList<>());
        master.submit(0, new float[] {4f, 0f}, new float[2], reply());
        nanos.set(Long.MAX_VALUE / 2);
        assertThat(deadlines.check(run)).isFalse();
        assertThat(master.rounds()).isZero();
    }

    private static MasterRule.Reply reply() {
        return new MasterRule.Reply() {
            @Override
            public void done(double distance) {
            }

            @Override
            public void failed(RuntimeException error) {
            }
        };
    }
}
