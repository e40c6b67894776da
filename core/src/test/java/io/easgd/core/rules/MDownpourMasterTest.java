package io.easgd.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** MDOWNPOUR's master keeps momentum: a (re)joining worker starts at the look-ahead point x̃ + δv. */
class MDownpourMasterTest {

    @Test
    void aWorkerJoinsAtTheLookAheadPointTheMasterLastRepliedWith() {
        MDownpour.Master master = new MDownpour.Master(0.5f, 0.5f);
        master.init(new float[] {1f, -1f});
        float[] down = new float[2];
        master.exchange(0, new float[] {2f, 0f}, down);     // v = (−1, 0), x̃ = (0, −1), reply (−0.5, −1)
        master.exchange(1, new float[] {0f, 2f}, down);     // v = (−0.5, −1), x̃ = (−0.5, −2), reply (−0.75, −2.5)
        float[] join = new float[2];
        master.copyJoinPoint(join);
        assertThat(join).containsExactly(-0.75f, -2.5f);
        assertThat(join).containsExactly(down);
        float[] center = new float[2];
        master.copyCenter(center);
        assertThat(center).containsExactly(-0.5f, -2f);     // x̃ itself is not where the workers stand
    }

    @Test
    void aLateJoinerComputesItsGradientWhereTheOthersDo() {
        MDownpour.Master master = new MDownpour.Master(0.1f, 0.9f);
        master.init(new float[] {3f});
        MDownpour.Worker early = new MDownpour.Worker();
        early.init(new float[] {3f});
        InProcessExchange ex0 = new InProcessExchange(master, 0);
        for (int s = 0; s < 5; s++) {
            early.step(Quadratic.unit(1), ex0);
        }
        float[] join = new float[1];
        master.copyJoinPoint(join);
        MDownpour.Worker late = new MDownpour.Worker();
        late.init(join);
        assertThat(late.params()).containsExactly(early.params());
    }

    @Test
    void theSnapshotHoldsTheMomentum() {
        MDownpour.Master master = new MDownpour.Master(0.5f, 0.5f);
        master.init(new float[] {1f});
        master.exchange(0, new float[] {2f}, new float[1]);
        MasterRule.State s = master.snapshot();
        assertThat(s.vectors()).containsOnlyKeys("center", "velocity");
        assertThat(s.vectors().get("velocity")).containsExactly(-1f);
        MDownpour.Master resumed = new MDownpour.Master(0.5f, 0.5f);
        resumed.restore(s);
        float[] a = new float[1];
        float[] b = new float[1];
        master.copyJoinPoint(a);
        resumed.copyJoinPoint(b);
        assertThat(b).containsExactly(a);
        master.exchange(0, new float[] {1f}, a);
        resumed.exchange(0, new float[] {1f}, b);
        assertThat(b).containsExactly(a);
    }
}
