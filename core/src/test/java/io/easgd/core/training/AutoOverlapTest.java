package io.easgd.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Auto-k: k = clamp(⌈exchange wall time / compute time per step⌉, 1, τ), 1 before any measurement. */
class AutoOverlapTest {

    @Test
    void kIsTheExchangeTimeInStepsRoundedUp() {
        // the 100 Mbit/s lab: a 170 ms exchange against 18 ms steps is ⌈9.44⌉ = 10 steps, at τ = 10
        assertThat(AutoOverlap.choose(170, 18, 10)).isEqualTo(10);
        assertThat(AutoOverlap.choose(170, 18, 16)).isEqualTo(10);
        assertThat(AutoOverlap.choose(35, 18, 10)).isEqualTo(2);            // ⌈1.94⌉
        assertThat(AutoOverlap.choose(36, 18, 10)).isEqualTo(2);            // exactly 2 steps: 2, not 3
        assertThat(AutoOverlap.choose(0.3 * 3, 0.3, 10)).isEqualTo(3);      // 3.0000000000000004 in doubles: still 3
        assertThat(AutoOverlap.choose(37, 18, 10)).isEqualTo(3);
        assertThat(AutoOverlap.choose(7, 18, 10)).isEqualTo(1);             // under one step
    }

    @Test
    void kIsClampedToOneAndTau() {
        assertThat(AutoOverlap.choose(0, 18, 10)).isEqualTo(1);
        assertThat(AutoOverlap.choose(400, 18, 10)).isEqualTo(10);          // ⌈22.2⌉ > τ: the next exchange waits anyway
        assertThat(AutoOverlap.choose(400, 18, 1)).isEqualTo(1);
        assertThat(AutoOverlap.choose(1e300, 1e-300, 256)).isEqualTo(256);  // no int overflow
    }

    @Test
    void beforeTheFirstMeasurementKIsOne() {
        assertThat(AutoOverlap.choose(Double.NaN, 18, 10)).isEqualTo(1);
        assertThat(AutoOverlap.choose(170, Double.NaN, 10)).isEqualTo(1);
        assertThat(AutoOverlap.choose(170, 0, 10)).isEqualTo(1);
        assertThat(AutoOverlap.INITIAL).isEqualTo(1);
        assertThatThrownBy(() -> AutoOverlap.choose(170, 18, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
