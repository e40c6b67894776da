package io.easgd.backend.paramserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.easgd.backend.agents.AgentRegistry;
import io.easgd.backend.agents.FakeAgents;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.ProtocolException;
import io.easgd.core.rules.Downpour;
import io.easgd.core.rules.Easgd;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.rules.NonFiniteUploadException;
import io.easgd.core.rules.SyncEasgd;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.training.BlowUpGuard;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once exchanges (issue #10, defect 1), with real master rules, real agent sessions on fake
 * connections, a fake clock and an executor the test drives by hand — so "the first copy is still
 * being applied" is a state the test holds, not a race it hopes for.
 */
class ExchangeServiceTest {
    private static final long JOB = 7;
    private final AgentRegistry registry = new AgentRegistry();
    private final Runs runs = new Runs();
    private final ManualExecutor pool = new ManualExecutor();
    private final List<Object> events = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC);
    private final ExchangeService service = new ExchangeService(runs, registry, pool::execute, clock, events::add);

    /** Runs queued tasks only when the test says so. */
    static final class ManualExecutor implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    private JobRun run(String algorithm, int workers, MasterRule master, float[] center) {
        JobSpec spec = JobSpec.parse("{\"algorithm\":\"" + algorithm + "\",\"workers\":" + workers
                + ",\"tau\":1,\"alpha\":0.2,\"stop\":{\"maxSteps\":100}}");
        master.init(center);
        List<JobRun.Holder> holders = new ArrayList<>();
        for (int r = 0; r < workers; r++) {
            holders.add(new JobRun.Holder("agent-" + r, "agent-" + r));
        }
        JobRun run = new JobRun(JOB, spec, null, master, 0, holders, BlowUpGuard.of(center), new Lane("test", Runnable::run),
                Supervision.DATASET, null);
        for (WorkerSlot s : run.slots) {
            s.markTraining();
        }
        run.phase.start(clock.instant());
        runs.add(run);
        return run;
    }

    private FakeAgents.Fake agent(int rank) {
        FakeAgents.Fake f = FakeAgents.connect(registry, "agent-" + rank);
        f.session.assign(JOB, rank);
        return f;
    }

    /** Sends {@code vector} as the UP of {@code sequence}, chunk by chunk, as an agent does. */
    private void upload(FakeAgents.Fake agent, int rank, long sequence, float[] vector) {
        new Chunker(64).send(ParamFrame.Kind.UP, JOB, rank, sequence, sequence * 10, vector, frame -> {
            ByteBuffer copy = ByteBuffer.allocate(frame.remaining());
            copy.put(frame).flip();
            ParamFrame header = ParamFrame.decode(copy);
            service.onFrame(agent.session, header, copy, copy.remaining());
        });
    }

    private static float[] replies(FakeAgents.Fake agent, int n) {
        float[] out = new float[n];
        for (ByteBuffer f : agent.frames()) {             // the last DOWN vector wins
            ParamFrame h = ParamFrame.decode(f);
            if (h.kind() == ParamFrame.Kind.DOWN) {
                ByteBuffer values = f.duplicate().position(48).slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (int k = 0; k < h.count(); k++) {
                    out[h.offset() + k] = values.getFloat(4 * k);
                }
            }
        }
        return out;
    }

    @Test
    void aCopyReSentWhileTheFirstIsStillBeingAppliedIsNotAppliedAgainAndItsReplyGoesToTheNewConnection() {
        float[] center = {0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f};
        Easgd.Master master = new Easgd.Master(0.25f);
        run("EASGD", 2, master, center);
        FakeAgents.Fake first = agent(0);
        float[] x = new float[center.length];
        java.util.Arrays.fill(x, 4f);

        upload(first, 0, 1, x);                          // complete, queued for the master, not applied yet
        FakeAgents.disconnect(registry, first);          // the agent's reply timed out: it reconnects...
        FakeAgents.Fake second = agent(0);
        upload(second, 0, 1, x);                         // ...and re-sends the same sequence
        pool.runAll();

        assertThat(master.updates()).isEqualTo(1);
        float[] now = new float[center.length];
        master.copyCenter(now);
        assertThat(now[0]).isEqualTo(1f);                // x̃ = 0 + 0.25 (4 − 0): one elastic move, not two
        assertThat(first.headers(ParamFrame.Kind.DOWN)).isEmpty();
        assertThat(second.headers(ParamFrame.Kind.DOWN)).extracting(ParamFrame::sequence).containsOnly(1L);
        assertThat(replies(second, center.length)[0]).isEqualTo(1f);   // e = α(x − x̃) = 1
    }

    @Test
    void aCopyReSentAfterItWasAppliedGetsTheKeptReplyAgainAndChangesNothing() {
        Downpour.Master master = new Downpour.Master();
        run("DOWNPOUR", 2, master, new float[] {10f, 20f});
        FakeAgents.Fake a = agent(0);
        upload(a, 0, 1, new float[] {1f, 2f});
        pool.runAll();
        upload(a, 0, 1, new float[] {1f, 2f});           // the reply was lost on the way: asked again
        pool.runAll();

        float[] now = new float[2];
        master.copyCenter(now);
        assertThat(now).containsExactly(11f, 22f);       // v_i added once
        assertThat(master.updates()).isEqualTo(1);
        assertThat(a.headers(ParamFrame.Kind.DOWN)).extracting(ParamFrame::sequence).containsExactly(1L, 1L);
        assertThat(replies(a, 2)).containsExactly(11f, 22f);
        assertThat(runs.get(JOB).orElseThrow().slots[0].exchange.duplicates()).isEqualTo(1);
    }

    @Test
    void aDuplicateAtASynchronousBarrierDoesNotCompleteTheRoundWithAnotherRanksRow() {
        SyncEasgd.Master master = new SyncEasgd.Master(0.2f, 2);
        run("SYNC_EASGD", 2, master, new float[] {0f, 0f});
        FakeAgents.Fake a0 = agent(0);
        FakeAgents.Fake a1 = agent(1);

        upload(a0, 0, 1, new float[] {5f, 5f});
        pool.runAll();                                   // rank 0 waits at the barrier of round 0 (no thread does)
        FakeAgents.disconnect(registry, a0);
        FakeAgents.Fake a0again = agent(0);
        upload(a0again, 0, 1, new float[] {5f, 5f});     // re-sent after a reconnect, mid-barrier
        pool.runAll();
        assertThat(master.rounds()).isZero();            // one rank counted once: the round is still open
        assertThat(a0again.headers(ParamFrame.Kind.DOWN)).isEmpty();

        upload(a1, 1, 1, new float[] {10f, 0f});
        pool.runAll();
        assertThat(master.rounds()).isEqualTo(1);
        assertThat(master.updates()).isEqualTo(2);
        float[] now = new float[2];
        master.copyCenter(now);
        // x̃ ← x̃ + α Σ (x_i − x̃) = 0 + 0.2 (5 + 10, 5 + 0) = (3, 1)
        assertThat(now).containsExactly(3f, 1f);
        assertThat(replies(a0again, 2)).containsExactly(1f, 1f);          // e_0 = 0.2 (5, 5)
        assertThat(replies(a1, 2)).containsExactly(2f, 0f);               // e_1 = 0.2 (10, 0)
        assertThat(a0.headers(ParamFrame.Kind.DOWN)).isEmpty();
    }

    @Test
    void staleAndFutureSequencesCloseTheConnectionAndLeaveTheCenterAlone() {
        Downpour.Master master = new Downpour.Master();
        run("DOWNPOUR", 1, master, new float[] {0f});
        FakeAgents.Fake a = agent(0);
        upload(a, 0, 1, new float[] {1f});
        pool.runAll();
        upload(a, 0, 2, new float[] {1f});
        pool.runAll();
        assertThatThrownBy(() -> upload(a, 0, 1, new float[] {100f})).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("sequence 1");
        assertThatThrownBy(() -> upload(a, 0, 4, new float[] {100f})).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("expected 3");
        float[] now = new float[1];
        master.copyCenter(now);
        assertThat(now).containsExactly(2f);
        assertThat(master.updates()).isEqualTo(2);
    }

    @Test
    void aNonFiniteUploadNeverReachesTheCenterAndIsReportedForItsAgent() {
        Downpour.Master master = new Downpour.Master();
        run("DOWNPOUR", 2, master, new float[] {1f, 1f});
        FakeAgents.Fake a = agent(0);
        upload(a, 0, 1, new float[] {Float.NaN, 0f});
        pool.runAll();
        float[] now = new float[2];
        master.copyCenter(now);
        assertThat(now).containsExactly(1f, 1f);
        assertThat(events).singleElement().isInstanceOfSatisfying(RunEvents.UploadRejected.class, e -> {
            assertThat(e.rank()).isZero();
            assertThat(e.agentId()).isEqualTo("agent-0");
        });
        upload(a, 0, 1, new float[] {2f, 2f});           // the sequence was not used up
        pool.runAll();
        master.copyCenter(now);
        assertThat(now).containsExactly(3f, 3f);
    }

    @Test
    void aNonFiniteValueInTheSecondFrameIsRejectedLikeOneInTheFirst() {
        Easgd.Master master = new Easgd.Master(0.5f);
        float[] center = {1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f};
        run("EASGD", 1, master, center);
        FakeAgents.Fake a = agent(0);
        float[] up = {3f, 3f, 3f, 3f, 3f, Float.POSITIVE_INFINITY, 3f, 3f, 3f, 3f};   // chunks of 4: index 5 is in frame 2
        upload(a, 0, 1, up);
        pool.runAll();
        float[] now = new float[10];
        master.copyCenter(now);
        assertThat(now).containsExactly(center);
        assertThat(master.updates()).isZero();
        assertThat(a.headers(ParamFrame.Kind.DOWN)).isEmpty();
        assertThat(events).singleElement().isInstanceOfSatisfying(RunEvents.UploadRejected.class, e -> {
            assertThat(e.rank()).isZero();
            assertThat(e.agentId()).isEqualTo("agent-0");
            assertThat(e.reason()).isEqualTo(new NonFiniteUploadException(0, 5,
                    Float.POSITIVE_INFINITY).getMessage());
        });
        upload(a, 0, 1, new float[] {3f, 3f, 3f, 3f, 3f, 3f, 3f, 3f, 3f, 3f});   // the sequence was not used up
        pool.runAll();
        master.copyCenter(now);
        assertThat(now).containsOnly(2f);
        assertThat(master.updates()).isEqualTo(1);
    }

    @Test
    void aReplyForARankGivenToAnotherAgentMeanwhileIsDropped() {
        SyncEasgd.Master master = new SyncEasgd.Master(0.2f, 2);
        JobRun run = run("SYNC_EASGD", 2, master, new float[] {0f});
        FakeAgents.Fake a0 = agent(0);
        FakeAgents.Fake a1 = agent(1);
        upload(a0, 0, 1, new float[] {5f});
        pool.runAll();
        run.slots[0].reassign("agent-9", "agent-9", 0);      // rank 0 was lost and replaced while at the barrier
        FakeAgents.Fake a9 = FakeAgents.connect(registry, "agent-9");
        a9.session.assign(JOB, 0);
        upload(a1, 1, 1, new float[] {10f});
        pool.runAll();
        assertThat(master.rounds()).isEqualTo(1);
        assertThat(a9.headers(ParamFrame.Kind.DOWN)).isEmpty();           // the new agent starts from the center
        assertThat(a1.headers(ParamFrame.Kind.DOWN)).hasSize(1);
    }
}
