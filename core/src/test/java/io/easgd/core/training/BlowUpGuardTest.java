package io.easgd.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlowUpGuardTest {
    @Test
    void flagsANormBeyondTheFactorAndNonFiniteNorms() {
        BlowUpGuard guard = BlowUpGuard.of(new float[] {3f, 4f});   // norm 5
        assertThat(guard.initialNorm()).isEqualTo(5.0);
        assertThat(guard.check(4999)).isNull();
        assertThat(guard.check(5001)).contains("grew from 5.0 to 5.00e+03");
        assertThat(guard.check(Double.NaN)).isNotNull();
        assertThat(BlowUpGuard.of(new float[] {0f}).check(999)).isNull();   // a zero start counts as norm 1
        assertThat(BlowUpGuard.of(new float[] {0f}).check(1001)).isNotNull();
    }
}
