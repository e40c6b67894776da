package io.easgd.backend.paramserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.backend.agents.FakeAgents;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.ToServer;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a checkpoint of an asynchronous job puts it ({@link JobRun#reachedJobStep}) and the steps the fault lab
 * reads ({@link LiveRanks}), on a run resumed from a checkpoint at step 100 — the figures of FaultSoakIT's
 * graceful restart: rank 0 reported step 117 while its upload of step 120 was applied, rank 1 reported and
 * uploaded step 124.
 */
class ReachedStepTest {
    private static final long JOB = 5;
    private final Supervision lab = new Supervision("agents.grace=30s");

    @Test
    void aCheckpointStandsForTheSlowestRanksAppliedUploadWhenItsProgressReportLagsAndRanksReadInJobSteps() {
        JobRun run = lab.run(JOB, "{\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":4,\"delta\":0.9,"
                + "\"stop\":{\"maxSteps\":600}}", new io.easgd.core.rules.Easgd.Master(0.2f), new float[] {0f, 0f},
                2, 100, null);
        FakeAgents.Fake a0 = FakeAgents.connect(lab.registry, "agent-0");
        FakeAgents.Fake a1 = FakeAgents.connect(lab.registry, "agent-1");
        a0.session.assign(JOB, 0);
        a1.session.assign(JOB, 1);
        lab.supervisor.onMessage(a0.session, new ToServer.Ready(JOB, 0));
        lab.supervisor.onMessage(a1.session, new ToServer.Ready(JOB, 1));
        lab.started(run);
        assertThat(new LiveRanks(lab.runs).of(JOB).orElseThrow().ranks()).extracting(LiveRanks.Rank::step)
                .containsExactly(100L, 100L);                    // the checkpoint's step, not this run's 0

        ExchangeService exchanges = new ExchangeService(lab.runs, lab.registry, Runnable::run, lab.clock, lab.events::add);
        upload(exchanges, a0, 0, 1, 120);
        upload(exchanges, a1, 1, 1, 124);
        lab.supervisor.onMessage(a0.session, new ToServer.Progress(JOB, 0, List.of(new ToServer.Point(117, 0.5, null))));
        lab.supervisor.onMessage(a1.session, new ToServer.Progress(JOB, 1, List.of(new ToServer.Point(124, 0.5, null))));

        assertThat(run.jobStep()).isEqualTo(117);               // the job's progress: the slowest report
        assertThat(run.reachedJobStep()).isEqualTo(120);        // what the master holds of the slowest rank
        List<LiveRanks.Rank> ranks = new LiveRanks(lab.runs).of(JOB).orElseThrow().ranks();
        assertThat(ranks).extracting(LiveRanks.Rank::step).containsExactly(117L, 124L);
        assertThat(ranks).extracting(LiveRanks.Rank::lastAppliedStep).containsExactly(120L, 124L);

        // rank 1 lost (its agent killed): it no longer paces the job; rank 0 alone does
        FakeAgents.disconnect(lab.registry, a1);
        lab.supervisor.onDisconnected(a1.session, "killed");
        assertThat(run.reachedJobStep()).isEqualTo(120);
    }

    private static void upload(ExchangeService exchanges, FakeAgents.Fake agent, int rank, long seq, long step) {
        new io.easgd.core.protocol.Chunker(64).send(ParamFrame.Kind.UP, JOB, rank, seq, step, new float[] {1f, 1f},
                frame -> {
                    ByteBuffer copy = ByteBuffer.allocate(frame.remaining());
                    copy.put(frame).flip();
                    exchanges.onFrame(agent.session, ParamFrame.decode(copy), copy, copy.remaining());
                });
    }
}
