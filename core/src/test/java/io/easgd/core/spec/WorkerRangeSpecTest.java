package io.easgd.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.easgd.core.protocol.ToAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code "workers": {"min": m, "max": n}}: elastic worker counts in the job spec. */
class WorkerRangeSpecTest {

    @Test
    void aNumberIsAFixedCountAsBefore() {
        JobSpec s = JobSpec.parse("{\"algorithm\":\"EASGD\",\"workers\":4}");
        assertThat(s.workers()).isEqualTo(4);
        assertThat(s.maxWorkers()).isEqualTo(4);
        assertThat(s.elasticWorkers()).isFalse();
        assertThat(s.workersMax()).isNull();
        assertThat(s.workersLabel()).isEqualTo("4");
        assertThat(s.toJson()).contains("\"workers\":4,").doesNotContain("workersMax");
        assertThat(JobSpec.parse("{\"workers\":\"3\"}").workers()).isEqualTo(3);     // digits, as tau takes them
    }

    @Test
    void aRangeStartsAtMinWithAlphaBetaOverMinAndRoundTrips() {
        JobSpec s = JobSpec.parse("{\"algorithm\":\"EAMSGD\",\"workers\":{\"min\":2,\"max\":8},\"beta\":0.9}");
        assertThat(s.workers()).isEqualTo(2);
        assertThat(s.maxWorkers()).isEqualTo(8);
        assertThat(s.elasticWorkers()).isTrue();
        assertThat(s.workersLabel()).isEqualTo("2–8");
        assertThat(s.alpha()).isEqualTo(0.45);                                  // β / min
        assertThat(s.beta()).isCloseTo(0.9, within(1e-15));
        assertThat(s.alphaAt(2)).isEqualTo(0.45);
        assertThat(s.alphaAt(3)).isCloseTo(0.3, within(1e-15));                 // β / p for the current p
        assertThat(s.alphaAt(8)).isCloseTo(0.1125, within(1e-15));
        assertThat(s.toJson()).startsWith("{\"algorithm\":\"EAMSGD\",\"workers\":{\"min\":2,\"max\":8},\"tau\":10,");
        assertThat(JobSpec.parse(s.toJson())).isEqualTo(s);
    }

    @Test
    void theDefaultBetaIsKeptOverARange() {
        JobSpec s = JobSpec.parse("{\"algorithm\":\"EASGD\",\"workers\":{\"min\":3,\"max\":6}}");
        assertThat(s.alpha()).isEqualTo(0.3);
        assertThat(s.alphaAt(6)).isCloseTo(0.15, within(1e-15));
    }

    @Test
    void minEqualToMaxIsAFixedCount() {
        JobSpec s = JobSpec.parse("{\"algorithm\":\"SYNC_EASGD\",\"workers\":{\"min\":4,\"max\":4}}");
        assertThat(s.elasticWorkers()).isFalse();
        assertThat(s.workers()).isEqualTo(4);
        assertThat(s.toJson()).contains("\"workers\":4,");
    }

    @Test
    void badRangesAreNamedWithTheirValue() {
        assertThatThrownBy(() -> JobSpec.parse("{\"workers\":{\"min\":3,\"max\":2}}"))
                .hasMessage("workers.max must be in [min, 1024] = [3, 1024], found 2");
        assertThatThrownBy(() -> JobSpec.parse("{\"workers\":{\"min\":0,\"max\":2}}"))
                .hasMessage("workers.min must be in [1, 1024], found 0");
        assertThatThrownBy(() -> JobSpec.parse("{\"workers\":{\"min\":2,\"max\":2000}}"))
                .hasMessage("workers.max must be in [min, 1024] = [2, 1024], found 2000");
        assertThatThrownBy(() -> JobSpec.parse("{\"workers\":{\"max\":4}}"))
                .hasMessage("workers.min is required in a worker range");
        assertThatThrownBy(() -> JobSpec.parse("{\"workers\":{\"min\":2,\"max\":2.5}}"))
                .hasMessage("workers.max must be an integer, found 2.5");
        assertThatThrownBy(() -> JobSpec.parse("{\"workers\":{\"min\":2,\"max\":4,\"step\":1}}"))
                .hasMessage("workers.step is not a field of a worker range (min, max)");
        assertThatThrownBy(() -> JobSpec.parse("{\"workers\":[2,4]}"))
                .hasMessage("workers must be an integer in [1, 1024] or a range {\"min\": m, \"max\": n}, found [2,4]");
        assertThatThrownBy(() -> JobSpec.parse("{\"workers\":0}"))
                .hasMessage("workers must be in [1, 1024], found 0");
        SpecValidationException e = org.junit.jupiter.api.Assertions.assertThrows(SpecValidationException.class,
                () -> JobSpec.parse("{\"workers\":{\"min\":3,\"max\":2}}"));
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("workers.max");
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"EASGD", "EAMSGD", "DOWNPOUR", "ADOWNPOUR", "MVADOWNPOUR"})
    void theAsynchronousMultiWorkerRulesTakeARange(Algorithm a) {
        assertThat(a.allowsElasticWorkers()).isTrue();
        JobSpec s = JobSpec.parse("{\"algorithm\":\"" + a + "\",\"workers\":{\"min\":1,\"max\":4},\"eta\":0.01}");
        assertThat(s.maxWorkers()).isEqualTo(4);
    }

    @Test
    void theOtherRulesRefuseARangeNamingWorkers() {
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"SYNC_EASGD\",\"workers\":{\"min\":2,\"max\":4}}"))
                .hasMessage("workers cannot be a range for SYNC_EASGD: every round waits for all p workers, so p "
                        + "cannot change while it runs; give a number");
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"SYNC_EAMSGD\",\"workers\":{\"min\":2,\"max\":4}}"))
                .hasMessageStartingWith("workers cannot be a range for SYNC_EAMSGD: ");
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"MDOWNPOUR\",\"workers\":{\"min\":2,\"max\":4}}"))
                .hasMessage("workers cannot be a range for MDOWNPOUR: its master's momentum sees every push of a "
                        + "fixed set of workers; give a number");
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"MSGD\",\"workers\":{\"min\":1,\"max\":4}}"))
                .hasMessage("workers cannot be a range for MSGD: it runs on exactly one worker; give a number");
        for (Algorithm a : Algorithm.values()) {
            boolean async = a == Algorithm.EASGD || a == Algorithm.EAMSGD || a == Algorithm.DOWNPOUR
                    || a == Algorithm.ADOWNPOUR || a == Algorithm.MVADOWNPOUR;
            assertThat(a.allowsElasticWorkers()).as(a.name()).isEqualTo(async);
        }
    }

    @Test
    void anExplicitAlphaIsRefusedWithARangeBecauseAlphaFollowsP() {
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"EASGD\",\"workers\":{\"min\":2,\"max\":4},\"alpha\":0.2}"))
                .hasMessage("alpha cannot be given alone with a worker range: alpha = beta/p follows the current p; "
                        + "give beta (the total pull, default 0.9) instead");
        // a spec's own JSON carries both: alpha must then be beta/min
        assertThat(JobSpec.parse("{\"algorithm\":\"EASGD\",\"workers\":{\"min\":2,\"max\":4},\"alpha\":0.45,"
                + "\"beta\":0.9}").alpha()).isEqualTo(0.45);
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"EASGD\",\"workers\":{\"min\":2,\"max\":4},"
                + "\"alpha\":0.3,\"beta\":0.9}")).hasMessageStartingWith("beta must equal workers * alpha");
    }

    @Test
    void theDownpourWarningChecksTheLargestP() {
        // 2 · 4 · 0.05 = 0.4 is inside pτη < π/2; the range may reach 8 · 4 · 0.05 = 1.6, which is not
        assertThat(JobSpec.parse("{\"algorithm\":\"DOWNPOUR\",\"workers\":2,\"tau\":4,\"eta\":0.05}").warnings())
                .isEmpty();
        assertThat(JobSpec.parse("{\"algorithm\":\"DOWNPOUR\",\"workers\":{\"min\":2,\"max\":8},\"tau\":4,"
                + "\"eta\":0.05}").warnings()).singleElement().asString()
                .startsWith("workers may grow to workers.max = 8, the case checked here: ")
                .contains("1.6")
                .endsWith("(for a range: lower workers.max)");
    }

    @Test
    void anAssignmentMayCarryAnyRankBelowMax() {
        JobSpec s = JobSpec.parse("{\"algorithm\":\"EASGD\",\"workers\":{\"min\":1,\"max\":3}}");
        ToAgent.DatasetRef ref = new ToAgent.DatasetRef("mnist-10k", java.util.List.of(
                new ToAgent.FileRef("train.idx", 1, "0".repeat(64), "/api/v1/datasets/mnist-10k/files/train.idx")));
        assertThat(new ToAgent.Assign(1, 2, s, 7, 10, 0, ref, null).rank()).isEqualTo(2);
        assertThatThrownBy(() -> new ToAgent.Assign(1, 3, s, 7, 10, 0, ref, null))
                .hasMessageContaining("rank");
    }
}
