package io.easgd.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** DILOCO's fields of a job spec: innerOptimizer, outerLr, outerMomentum. */
class DilocoSpecTest {

    @Test
    void dilocoGetsThePapersOuterDefaultsAndItsOwnH() {
        JobSpec s = JobSpec.parse("{\"algorithm\":\"DILOCO\"}");
        assertThat(s.innerOptimizer()).isEqualTo(InnerOptimizer.NESTEROV);
        assertThat(s.outerLr()).isEqualTo(0.7);
        assertThat(s.outerMomentum()).isEqualTo(0.9);
        assertThat(s.tau()).isEqualTo(JobSpec.Draft.DEFAULT_DILOCO_TAU);
        assertThat(s.eta()).isEqualTo(0.05);
        assertThat(s.workers()).isEqualTo(2);
        assertThat(s.algorithm().synchronous()).isTrue();
        assertThat(s.algorithm().usesElasticRate()).isFalse();
        assertThat(s.warnings()).isEmpty();
        assertThat(s.toJson()).contains("\"innerOptimizer\":\"nesterov\"", "\"outerLr\":0.7", "\"outerMomentum\":0.9");
        assertThat(JobSpec.parse(s.toJson())).isEqualTo(s);
    }

    @Test
    void adamInsideDefaultsToASmallerLearningRate() {
        JobSpec s = JobSpec.parse("{\"algorithm\":\"DILOCO\",\"innerOptimizer\":\"adam\",\"outerLr\":0.5,"
                + "\"outerMomentum\":0.8,\"tau\":20}");
        assertThat(s.innerOptimizer()).isEqualTo(InnerOptimizer.ADAM);
        assertThat(s.eta()).isEqualTo(JobSpec.Draft.DEFAULT_ADAM_ETA);
        assertThat(s.outerLr()).isEqualTo(0.5);
        assertThat(s.outerMomentum()).isEqualTo(0.8);
        assertThat(s.tau()).isEqualTo(20);
        assertThat(JobSpec.parse(s.toJson())).isEqualTo(s);
        assertThat(JobSpec.parse("{\"algorithm\":\"DILOCO\",\"innerOptimizer\":\"adam\",\"eta\":0.01}").eta()).isEqualTo(0.01);
    }

    @Test
    void otherAlgorithmsHaveNoneOfTheFieldsAndRefuseThem() {
        JobSpec easgd = JobSpec.parse("{\"algorithm\":\"EASGD\"}");
        assertThat(easgd.innerOptimizer()).isNull();
        assertThat(easgd.outerLr()).isNull();
        assertThat(easgd.outerMomentum()).isNull();
        assertThat(easgd.toJson()).doesNotContain("innerOptimizer", "outerLr", "outerMomentum");
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"SYNC_EASGD\",\"outerLr\":0.7,\"innerOptimizer\":\"adam\"}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("innerOptimizer", "is only allowed when algorithm is DILOCO, found algorithm SYNC_EASGD"),
                        new FieldError("outerLr", "is only allowed when algorithm is DILOCO, found algorithm SYNC_EASGD")));
        assertThatThrownBy(() -> JobSpec.parse("{\"outerMomentum\":0.9}"))
                .hasMessage("outerMomentum is only allowed when algorithm is DILOCO, found algorithm EAMSGD");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"DILOCO\",\"outerLr\":0,\"outerMomentum\":1}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("outerLr", "must be in (0, 10], found 0.0"),
                        new FieldError("outerMomentum", "must be in [0, 1), found 1.0")));
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"DILOCO\",\"innerOptimizer\":\"sgd\"}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("innerOptimizer", "must be one of [nesterov, adam], found \"sgd\"")));
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"DILOCO\",\"tau\":\"auto\"}"))
                .hasMessage("tau cannot be \"auto\" for DILOCO: every worker meets at each round, so all ranks must "
                        + "share each round's tau; give a number");
    }
}
