package io.easgd.core.rules;

import static io.easgd.core.rules.RuleFixtures.center;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract every master shares: submit, the blocking exchange on top of it, close, restore checks. */
class MasterRuleTest {

    @Test
    void anAsynchronousSubmitRepliesOnTheCallingThreadBeforeItReturns() {
        Easgd.Master master = new Easgd.Master(0.5f);
        master.init(new float[] {0f, 0f});
        float[] down = new float[2];
        RecordingReply reply = new RecordingReply();
        master.submit(0, new float[] {3f, 4f}, down, reply);
        assertThat(reply.calls.get()).isEqualTo(1);
        assertThat(reply.thread).isSameAs(Thread.currentThread());
        assertThat(reply.distance).isEqualTo(5.0);
        assertThat(down).containsExactly(1.5f, 2f);
        assertThat(center(master)).containsExactly(1.5f, 2f);
        assertThat(master.updates()).isEqualTo(1);
    }

    @Test
    void submitFiniteAppliesExactlyAsSubmitDoesForTheCallerThatCheckedTheUpload() {
        float[] up = {3.3f, -4.1f, 1e-3f};
        Easgd.Master checked = new Easgd.Master(0.37f);
        Easgd.Master unchecked = new Easgd.Master(0.37f);
        checked.init(new float[] {0.5f, 2f, -7f});
        unchecked.init(new float[] {0.5f, 2f, -7f});
        float[] down1 = new float[3];
        float[] down2 = new float[3];
        RecordingReply r1 = new RecordingReply();
        RecordingReply r2 = new RecordingReply();
        checked.submit(0, up, down1, r1);
        unchecked.submitFinite(0, up, down2, r2);
        assertThat(down2).containsExactly(down1);
        assertThat(center(unchecked)).containsExactly(center(checked));
        assertThat(r2.distance).isEqualTo(r1.distance);
        assertThat(unchecked.updates()).isEqualTo(1);
    }

    @Test
    void syncEasgdSubmitFiniteJoinsTheRoundLikeSubmit() {
        SyncEasgd.Master master = new SyncEasgd.Master(0.5f, 2);
        master.init(new float[] {0f});
        RecordingReply r0 = new RecordingReply();
        RecordingReply r1 = new RecordingReply();
        float[] d0 = new float[1];
        float[] d1 = new float[1];
        master.submitFinite(0, new float[] {2f}, d0, r0);
        assertThat(r0.answered()).isFalse();
        master.submit(1, new float[] {4f}, d1, r1);
        assertThat(r0.answered()).isTrue();
        assertThat(r1.answered()).isTrue();
        assertThat(master.rounds()).isEqualTo(1);
        assertThatThrownBy(() -> master.submit(0, new float[] {Float.NaN}, new float[1], new RecordingReply()))
                .isInstanceOf(NonFiniteUploadException.class);
    }

    @Test
    void aNonFiniteUploadIsRefusedSynchronouslyWithoutCallingTheReply() {
        Downpour.Master master = new Downpour.Master();
        master.init(new float[] {1f, 2f});
        RecordingReply reply = new RecordingReply();
        assertThatThrownBy(() -> master.submit(4, new float[] {0f, Float.POSITIVE_INFINITY}, new float[2], reply))
                .isInstanceOf(NonFiniteUploadException.class).hasMessageContaining("worker 4")
                .hasMessageContaining("index 1");
        assertThat(reply.answered()).isFalse();
        assertThat(center(master)).containsExactly(1f, 2f);
        assertThat(master.updates()).isZero();
    }

    @Test
    void uploadsAndReplyBuffersOfTheWrongSizeAreRefusedBeforeAnythingMoves() {
        Easgd.Master master = new Easgd.Master(0.5f);
        master.init(new float[] {1f, 2f});
        assertThatThrownBy(() -> master.exchange(0, new float[] {1f}, new float[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uploaded 1 floats, expected up = 2");
        assertThatThrownBy(() -> master.exchange(0, new float[] {5f, 5f}, new float[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reply buffer of 1 floats, expected down = 2");
        assertThat(center(master)).containsExactly(1f, 2f);
        assertThat(master.updates()).isZero();
    }

    @Test
    void afterCloseSubmitAndExchangeThrowButTheStateCanStillBeRead() {
        Easgd.Master master = new Easgd.Master(0.5f);
        master.init(new float[] {1f});
        master.exchange(0, new float[] {3f}, new float[1]);
        master.close();
        assertThat(master.isClosed()).isTrue();
        RecordingReply reply = new RecordingReply();
        assertThatThrownBy(() -> master.submit(0, new float[] {3f}, new float[1], reply))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the job ended");
        assertThatThrownBy(() -> master.exchange(0, new float[] {3f}, new float[1]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the job ended");
        assertThat(reply.answered()).isFalse();
        assertThat(center(master)).containsExactly(2f);
        assertThat(master.snapshot().updates()).isEqualTo(1);
    }

    @Test
    void aMasterWithoutStateRefusesToExchangeOrSnapshot() {
        Easgd.Master master = new Easgd.Master(0.5f);
        assertThatThrownBy(() -> master.exchange(0, new float[] {1f}, new float[1]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("init or restore");
        assertThatThrownBy(master::snapshot).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("init or restore");
    }

    @Test
    void rulesHaveStableNames() {
        assertThat(new Easgd.Master(0.1f).name()).isEqualTo("easgd");
        assertThat(new SyncEasgd.Master(0.1f, 2).name()).isEqualTo("sync-easgd");
        assertThat(new Downpour.Master().name()).isEqualTo("downpour");
        assertThat(new MDownpour.Master(0.1f, 0.9f).name()).isEqualTo("mdownpour");
        assertThat(new Averaging.Master(new Downpour.Master(), Averaging.Schedule.running()).name())
                .isEqualTo("averaging(downpour)");
        assertThat(new Publish.Master().name()).isEqualTo("publish");
        assertThat(new Publish.AveragedMaster().name()).isEqualTo("publish-averaged");
    }

    @Test
    void aSnapshotIsADeepCopy() {
        Averaging.Master master = new Averaging.Master(new Downpour.Master(), Averaging.Schedule.moving(0.5f));
        master.init(new float[] {0f});
        master.exchange(0, new float[] {2f}, new float[1]);
        MasterRule.State s = master.snapshot();
        assertThat(s.rule()).isEqualTo("averaging(downpour)");
        assertThat(s.updates()).isEqualTo(1);
        assertThat(s.vectors()).containsOnlyKeys("center", "average");
        assertThat(s.center()).containsExactly(2f);
        assertThat(s.vectors().get("average")).containsExactly(1f);
        master.exchange(0, new float[] {2f}, new float[1]);
        assertThat(s.center()).containsExactly(2f);                 // not the live x̃
        s.center()[0] = 99f;
        assertThat(center(master)).containsExactly(4f);              // and not shared with it
    }

    @Test
    void restoreRefusesAStateOfAnotherRuleOrShapeAndLeavesTheMasterAsItWas() {
        MDownpour.Master master = new MDownpour.Master(0.1f, 0.5f);
        master.init(new float[] {1f, 2f});
        master.exchange(0, new float[] {1f, 1f}, new float[2]);
        MasterRule.State before = master.snapshot();
        float[] two = {0f, 0f};
        assertThatThrownBy(() -> master.restore(new MasterRule.State("downpour", 0, Map.of("center", two), Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state is of rule 'downpour', this master is 'mdownpour'");
        assertThatThrownBy(() -> master.restore(new MasterRule.State("mdownpour", 0, Map.of("center", two), Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no vector 'velocity'");
        assertThatThrownBy(() -> master.restore(new MasterRule.State("mdownpour", 0,
                Map.of("center", two, "velocity", new float[3]), Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vector 'velocity' has 3 floats, expected 2");
        assertThatThrownBy(() -> master.restore(new MasterRule.State("mdownpour", 0,
                Map.of("center", new float[3], "velocity", new float[3]), Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vector 'center' has 3 floats, this master holds 2");
        assertThatThrownBy(() -> master.restore(new MasterRule.State("mdownpour", 0,
                Map.of("center", two, "velocity", two, "average", two), Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unexpected vector 'average'");
        assertThatThrownBy(() -> master.restore(new MasterRule.State("mdownpour", 0,
                Map.of("center", two, "velocity", two), Map.of("rounds", 1L))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unexpected counter 'rounds'");
        assertThatThrownBy(() -> master.restore(new MasterRule.State("mdownpour", -1,
                Map.of("center", two, "velocity", two), Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("updates must be >= 0, found -1");
        MasterRule.State after = master.snapshot();
        assertThat(after.updates()).isEqualTo(before.updates());
        assertThat(after.center()).containsExactly(before.center());
        assertThat(after.vectors().get("velocity")).containsExactly(before.vectors().get("velocity"));
    }

    @Test
    void aRestoredMasterDoesNotShareArraysWithTheState() {
        Downpour.Master master = new Downpour.Master();
        float[] c = {1f};
        master.restore(new MasterRule.State("downpour", 3, Map.of("center", c), Map.of()));
        c[0] = 50f;
        assertThat(center(master)).containsExactly(1f);
        assertThat(master.updates()).isEqualTo(3);
    }
}
