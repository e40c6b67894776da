package io.easgd.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.easgd.core.rules.Admm;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.training.Rules;
import org.junit.jupiter.api.Test;

/** ADMM's part of a job spec: its penalty {@code rho} and what it refuses (docs/algorithms.md "ADMM"). */
class AdmmSpecTest {

    @Test
    void admmGetsTheDefaultRhoAndItsRulesFromTheSpec() {
        JobSpec s = JobSpec.parse("{\"algorithm\":\"ADMM\",\"workers\":3,\"tau\":4,\"eta\":0.125}");
        assertThat(s.rho()).isEqualTo(JobSpec.Draft.DEFAULT_RHO).isEqualTo(1.0);
        assertThat(s.algorithm().usesPenalty()).isTrue();
        assertThat(s.algorithm().usesElasticRate()).isFalse();
        assertThat(s.algorithm().synchronous()).isFalse();
        assertThat(s.toJson()).contains("\"rho\":1.0");
        assertThat(JobSpec.parse(s.toJson())).isEqualTo(s);
        assertThat(s.warnings()).isEmpty();

        Admm.Worker w = (Admm.Worker) Rules.worker(s);
        assertThat(w.period()).isEqualTo(4);
        MasterRule m = Rules.master(s);
        assertThat(m).isInstanceOf(Admm.Master.class);
        assertThat(((Admm.Master) m).workers()).isEqualTo(3);
        assertThat(m.name()).isEqualTo("admm");
        assertThat(Rules.payload(s, 7)).containsExactly(7, 7);
    }

    @Test
    void rhoIsTakenAsGivenAndBadValuesAreNamed() {
        assertThat(JobSpec.parse("{\"algorithm\":\"ADMM\",\"rho\":2.5}").rho()).isEqualTo(2.5);
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"ADMM\",\"rho\":0}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("rho", "must be in (0, 1000], found 0.0")));
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"ADMM\",\"rho\":-1.5}"))
                .hasMessage("rho must be in (0, 1000], found -1.5");
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"ADMM\",\"rho\":1e9}"))
                .hasMessage("rho must be in (0, 1000], found 1.0E9");
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"ADMM\",\"rho\":\"big\"}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors().get(0).field())
                        .isEqualTo("rho"));
    }

    @Test
    void otherAlgorithmsHaveNoRhoAndRefuseIt() {
        JobSpec easgd = JobSpec.parse("{\"algorithm\":\"EASGD\"}");
        assertThat(easgd.rho()).isNull();
        assertThat(easgd.toJson()).doesNotContain("rho");
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"EASGD\",\"rho\":1}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("rho", "is only allowed when algorithm is ADMM, found algorithm EASGD")));
        assertThatThrownBy(() -> JobSpec.parse("{\"rho\":1}"))
                .hasMessage("rho is only allowed when algorithm is ADMM, found algorithm EAMSGD");
    }

    @Test
    void admmRefusesCompressionAutoTauOverlapAndAWorkerRange() {
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"ADMM\",\"compression\":\"fp16\"}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> {
                    assertThat(e.errors()).hasSize(1);
                    assertThat(e.errors().get(0).field()).isEqualTo("compression");
                    assertThat(e.errors().get(0).message()).startsWith("must be none for ADMM, found fp16");
                });
        assertThat(JobSpec.parse("{\"algorithm\":\"ADMM\",\"compression\":\"none\"}").compression().lossless()).isTrue();
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"ADMM\",\"tau\":\"auto\"}"))
                .hasMessageStartingWith("tau cannot be \"auto\" for ADMM: tau changes the map itself");
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"ADMM\",\"overlap\":true}"))
                .hasMessageStartingWith("overlap cannot be true for ADMM: its local steps and its dual update need");
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"ADMM\",\"workers\":{\"min\":2,\"max\":4},\"beta\":0.9}"))
                .hasMessage("workers cannot be a range for ADMM: its center is the mean over a fixed set of p "
                        + "workers' x_i - lambda_i; give a number");
    }
}
