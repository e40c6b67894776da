package io.easgd.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EvalSettingsTest {
    private static EasgdProperties.Eval eval(double maxShare) {
        return new EasgdProperties.Eval(Duration.ofSeconds(2), Duration.ofSeconds(30), maxShare, 1);
    }

    @Test
    void aSlowEvaluationIsPacedToItsShareOfACore() {
        assertThat(eval(0.2).intervalAfter(1.5)).isEqualTo(Duration.ofMillis(7500));
        assertThat(eval(0.5).intervalAfter(1.5)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aQuickEvaluationKeepsTheInterval() {
        assertThat(eval(0.2).intervalAfter(0.05)).isEqualTo(Duration.ofSeconds(2));
        assertThat(eval(0.2).intervalAfter(0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(eval(1).intervalAfter(1.5)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aShareOutsideZeroToOneOrNegativeThreadsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> eval(0)).hasMessageContaining("easgd.eval.max-share");
        assertThatThrownBy(() -> eval(1.5)).hasMessageContaining("easgd.eval.max-share");
        assertThatThrownBy(() -> new EasgdProperties.Eval(Duration.ofSeconds(2), Duration.ofSeconds(30), 0.2, -1))
                .hasMessageContaining("easgd.eval.threads");
    }
}
