package io.easgd.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code roundDeadlineMs}: the synchronous rules' round deadline (docs/algorithms.md "Round deadline"). */
class RoundDeadlineSpecTest {

    @Test
    void absentIsTheBarrierAndAGivenDeadlineRoundTrips() {
        JobSpec barrier = JobSpec.parse("{\"algorithm\":\"SYNC_EASGD\",\"workers\":3}");
        assertThat(barrier.roundDeadlineMs()).isNull();
        assertThat(barrier.roundDeadline()).isFalse();
        assertThat(barrier.toJson()).doesNotContain("roundDeadlineMs");

        for (String a : new String[] {"SYNC_EASGD", "SYNC_EAMSGD", "DILOCO"}) {
            JobSpec s = JobSpec.parse("{\"algorithm\":\"" + a + "\",\"workers\":3,\"roundDeadlineMs\":5000}");
            assertThat(s.roundDeadlineMs()).isEqualTo(5000);
            assertThat(s.roundDeadline()).isTrue();
            assertThat(s.toJson()).contains("\"roundDeadlineMs\":5000");
            assertThat(JobSpec.parse(s.toJson())).isEqualTo(s);
        }
        assertThat(JobSpec.parse("{\"algorithm\":\"DILOCO\",\"roundDeadlineMs\":1}").roundDeadlineMs()).isEqualTo(1);
        assertThat(JobSpec.parse("{\"algorithm\":\"DILOCO\",\"roundDeadlineMs\":86400000}").roundDeadlineMs())
                .isEqualTo(86_400_000);
    }

    @Test
    void outOfRangeValuesAreNamed() {
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"SYNC_EASGD\",\"roundDeadlineMs\":0}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("roundDeadlineMs", "must be in [1, 86400000] (milliseconds), found 0")));
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"DILOCO\",\"roundDeadlineMs\":-5}"))
                .hasMessage("roundDeadlineMs must be in [1, 86400000] (milliseconds), found -5");
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"DILOCO\",\"roundDeadlineMs\":86400001}"))
                .hasMessage("roundDeadlineMs must be in [1, 86400000] (milliseconds), found 86400001");
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"DILOCO\",\"roundDeadlineMs\":\"soon\"}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors().get(0).field())
                        .isEqualTo("roundDeadlineMs"));
    }

    @Test
    void theAsynchronousRulesRefuseIt() {
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"EASGD\",\"roundDeadlineMs\":5000}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("roundDeadlineMs", "is only allowed for the synchronous algorithms SYNC_EASGD, "
                                + "SYNC_EAMSGD and DILOCO, found algorithm EASGD: its workers never wait for each "
                                + "other")));
        assertThatThrownBy(() -> JobSpec.parse("{\"roundDeadlineMs\":5000}"))
                .hasMessageStartingWith("roundDeadlineMs is only allowed for the synchronous algorithms")
                .hasMessageContaining("found algorithm EAMSGD");
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"DOWNPOUR\",\"roundDeadlineMs\":0}"))
                .hasMessageContaining("found algorithm DOWNPOUR");
    }
}
