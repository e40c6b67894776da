package io.easgd.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Elastic worker counts: the EASGD master's α set to β/p between exchanges. */
class EasgdAlphaChangeTest {
    private static final Offset<Float> EPS = within(1e-6f);

    @Test
    void theExchangeAfterAChangeUsesTheNewAlpha() {
        // β = 0.9: p = 2 gives α = 0.45, a third worker joins, p = 3 gives α = 0.3
        Easgd.Master master = new Easgd.Master(0.45f);
        master.init(new float[] {0f, 1f});
        float[] down = new float[2];

        master.exchange(0, new float[] {2f, 1f}, down);                   // e = 0.45 · (2 − 0, 1 − 1)
        assertThat(down).containsExactly(new float[] {0.9f, 0f}, EPS);
        float[] c = new float[2];
        master.copyCenter(c);
        assertThat(c).containsExactly(new float[] {0.9f, 1f}, EPS);

        master.alpha(0.9f / 3);
        assertThat(master.alpha()).isEqualTo(0.9f / 3);
        master.exchange(2, new float[] {1.9f, 3f}, down);                 // e = 0.3 · (1.9 − 0.9, 3 − 1)
        assertThat(down).containsExactly(new float[] {0.3f, 0.6f}, EPS);
        master.copyCenter(c);
        assertThat(c).containsExactly(new float[] {1.2f, 1.6f}, EPS);

        master.alpha(0.45f);                                                // back to p = 2
        master.exchange(1, new float[] {2.2f, 1.6f}, down);               // e = 0.45 · (1, 0)
        assertThat(down).containsExactly(new float[] {0.45f, 0f}, EPS);
        assertThat(master.updates()).isEqualTo(3);
    }

    @Test
    void alphaOutsideTheOpenUnitIntervalIsRefusedAndTheOldOneKept() {
        Easgd.Master master = new Easgd.Master(0.45f);
        assertThatThrownBy(() -> master.alpha(0f)).hasMessage("alpha must be in (0, 1), found 0.0");
        assertThatThrownBy(() -> master.alpha(Float.NaN)).hasMessage("alpha must be in (0, 1), found NaN");
        assertThatThrownBy(() -> new Easgd.Master(1f)).hasMessage("alpha must be in (0, 1), found 1.0");
        assertThat(master.alpha()).isEqualTo(0.45f);
    }

    @Test
    void aSnapshotRestoresIntoAMasterWhateverItsAlpha() {
        // α is not master state: it follows the run's p, which the parameter server sets after a restore
        Easgd.Master a = new Easgd.Master(0.45f);
        a.init(new float[] {1f});
        a.alpha(0.3f);
        Easgd.Master b = new Easgd.Master(0.45f);
        b.restore(a.snapshot());
        assertThat(b.alpha()).isEqualTo(0.45f);
        b.alpha(0.3f);
        float[] da = new float[1];
        float[] db = new float[1];
        a.exchange(0, new float[] {2f}, da);
        b.exchange(0, new float[] {2f}, db);
        assertThat(db).containsExactly(da);
    }
}
