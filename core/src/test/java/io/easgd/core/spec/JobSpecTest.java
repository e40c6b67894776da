package io.easgd.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class JobSpecTest {

    @Test
    void anEmptyObjectGetsThePlatformDefaults() {
        JobSpec s = JobSpec.parse("{}");
        assertThat(s.algorithm()).isEqualTo(Algorithm.EAMSGD);
        assertThat(s.workers()).isEqualTo(2);
        assertThat(s.tau()).isEqualTo(10);
        assertThat(s.alpha()).isCloseTo(0.45, within(1e-12));    // β/p with β = 0.9
        assertThat(s.beta()).isCloseTo(0.9, within(1e-12));
        assertThat(s.batchSize()).isEqualTo(128);
        assertThat(s.weightDecay()).isEqualTo(1e-4);
        assertThat(s.model()).isEqualTo("mlp");
        assertThat(s.dataset()).isEqualTo("mnist-10k");
        assertThat(s.stop()).isEqualTo(new StopCriteria(2000L, null, null));
    }

    @Test
    void betaIsTurnedIntoAlphaForTheGivenWorkerCount() {
        JobSpec s = JobSpec.parse("{\"algorithm\":\"EASGD\",\"workers\":4,\"beta\":0.9}");
        assertThat(s.alpha()).isCloseTo(0.225, within(1e-12));
    }

    @Test
    void jsonRoundTripIsLossless() {
        JobSpec s = JobSpec.parse("{\"algorithm\":\"DOWNPOUR\",\"workers\":4,\"tau\":16,\"eta\":0.01,"
                + "\"seed\":7,\"stop\":{\"maxWallSeconds\":60,\"targetTestError\":0.05}}");
        String json = s.toJson();
        assertThat(json).contains("\"beta\"").contains("\"maxWallSeconds\":60").doesNotContain("maxSteps");
        assertThat(JobSpec.parse(json)).isEqualTo(s);
    }

    @Test
    void everyBadFieldIsNamedWithItsValue() {
        assertThatThrownBy(() -> JobSpec.parse("{\"tau\":0,\"eta\":-1,\"batchSize\":0,\"delta\":1.0}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("tau", "must be >= 1, found 0"),
                        new FieldError("eta", "must be > 0, found -1.0"),
                        new FieldError("delta", "must be in [0, 1), found 1.0"),
                        new FieldError("batchSize", "must be in [1, 65536], found 0")));
    }

    @Test
    void ruleSpecificConstraintsAreChecked() {
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"SGD\",\"workers\":3}"))
                .hasMessage("workers must be 1 for SGD, found 3");
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"MDOWNPOUR\",\"tau\":4}"))
                .hasMessage("tau must be 1 for MDOWNPOUR, found 4");
        assertThatThrownBy(() -> JobSpec.parse("{\"model\":\"custom\"}"))
                .hasMessage("modelJson is required when model is custom");
        assertThatThrownBy(() -> JobSpec.parse("{\"alpha\":0.1,\"beta\":0.9,\"workers\":2}"))
                .hasMessageStartingWith("beta must equal workers * alpha");
        assertThatThrownBy(() -> JobSpec.parse("{\"stop\":{}}"))
                .hasMessage("stop must set at least one of maxSteps, maxWallSeconds, targetTestError");
        assertThatThrownBy(() -> JobSpec.parse("{\"dataset\":\"../etc\"}"))
                .isInstanceOfSatisfying(SpecValidationException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("dataset"));
    }

    @Test
    void unknownFieldsAndWrongTypesAreNamed() {
        assertThatThrownBy(() -> JobSpec.parse("{\"taus\":3}"))
                .isInstanceOfSatisfying(SpecValidationException.class,
                        e -> assertThat(e.errors()).containsExactly(new FieldError("taus", "is not a job spec field")));
        assertThatThrownBy(() -> JobSpec.parse("{\"tau\":\"ten\"}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("tau", "must be a number, found \"ten\"")));
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"ADAM\"}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors().get(0))
                        .isEqualTo(new FieldError("algorithm", "must be one of [EASGD, EAMSGD, DOWNPOUR, MDOWNPOUR, "
                                + "ADOWNPOUR, MVADOWNPOUR, SGD, MSGD, ASGD, MVASGD, SYNC_EASGD, SYNC_EAMSGD], found \"ADAM\"")));
        assertThatThrownBy(() -> JobSpec.parse("{\"stop\":5}"))
                .isInstanceOfSatisfying(SpecValidationException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("stop"));
        assertThatThrownBy(() -> JobSpec.parse("{\"stop\":{\"maxSteps\":0}}"))
                .hasMessage("stop.maxSteps must be >= 1, found 0");
        assertThatThrownBy(() -> JobSpec.parse("{"))
                .isInstanceOfSatisfying(SpecValidationException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("body"));
    }

    @Test
    void warnsOutsideThePapersStabilityRegion() {
        assertThat(JobSpec.parse("{\"algorithm\":\"EASGD\",\"workers\":1,\"eta\":1.0,\"alpha\":0.7}").warnings())
                .singleElement().asString().contains("outside the region");
        assertThat(JobSpec.parse("{\"algorithm\":\"EASGD\",\"eta\":0.05}").warnings()).isEmpty();
        assertThat(JobSpec.parse("{\"algorithm\":\"DOWNPOUR\",\"tau\":64,\"eta\":0.05}").warnings())
                .singleElement().asString().contains("diverge");
    }

    @Test
    void workerSeedsAreDistinctAndStable() {
        JobSpec s = JobSpec.parse("{\"seed\":1}");
        assertThat(s.workerSeed(0)).isNotEqualTo(s.workerSeed(1));
        assertThat(s.workerSeed(0)).isEqualTo(JobSpec.parse("{\"seed\":1}").workerSeed(0));
    }
}
