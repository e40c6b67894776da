package io.easgd.core.spec;

import io.easgd.core.rules.Stability;

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
                        .containsExactly(new FieldError("tau", "must be an integer >= 1 or \"auto\", found \"ten\"")));
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"ADAM\"}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors().get(0))
                        .isEqualTo(new FieldError("algorithm", "must be one of [EASGD, EAMSGD, DOWNPOUR, MDOWNPOUR, "
                                + "ADOWNPOUR, MVADOWNPOUR, SGD, MSGD, ASGD, MVASGD, SYNC_EASGD, SYNC_EAMSGD, DILOCO, ADMM], found \"ADAM\"")));
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
    void elasticMethodsGetTheirOwnStabilityCondition() {
        // asynchronous EASGD keeps the paper's round-robin check: α = 0.45 < (4 − 0.1)/(4 − 0.05) = 0.987
        assertThat(JobSpec.parse("{\"algorithm\":\"EASGD\",\"workers\":8,\"alpha\":0.45,\"eta\":0.05}")
                .warnings()).isEmpty();
        // synchronous EASGD with the same numbers: β = 8 · 0.45 = 3.6, but the synchronous map needs
        // α < 2(2 − 0.05)/(2 + 8(2 − 0.05)) = 3.9/17.6 = 0.22159…, β < 1.77272…
        assertThat(JobSpec.parse("{\"algorithm\":\"SYNC_EASGD\",\"workers\":8,\"alpha\":0.45,\"eta\":0.05}")
                .warnings()).containsExactly("alpha = 0.45 with p = 8 workers gives beta = p*alpha = 3.6; the "
                        + "synchronous EASGD map on f = x^2/2 (tau = 1) is stable only for beta < 2p(2 - eta)/(2 + "
                        + "p(2 - eta)), which is 1.772 at eta = 0.05: use alpha < 0.2215" + Stability.SOURCE);
        // SYNC_EAMSGD, p = 4: α < 3.9/9.8 = 0.397959…, β < 1.591836…; β = 1.8 is outside, 0.9 inside
        assertThat(JobSpec.parse("{\"algorithm\":\"SYNC_EAMSGD\",\"workers\":4,\"alpha\":0.45,\"eta\":0.05}")
                .warnings()).singleElement().asString()
                .startsWith("alpha = 0.45 with p = 4 workers gives beta = p*alpha = 1.8; ")
                .endsWith("which is 1.591 at eta = 0.05: use alpha < 0.3979" + Stability.SOURCE);
        assertThat(JobSpec.parse("{\"algorithm\":\"SYNC_EAMSGD\",\"workers\":4,\"beta\":0.9,\"eta\":0.05}")
                .warnings()).isEmpty();
        assertThat(JobSpec.parse("{\"algorithm\":\"SYNC_EASGD\"}").warnings()).isEmpty();
    }

    @Test
    void admmIsWarnedAboutFromItsComputedRoundRobinMap() {
        // the paper's example: divergent from p = 3 on (cycle radius 1.00097), convergent at p = 2 (0.99900)
        assertThat(JobSpec.parse("{\"algorithm\":\"ADMM\",\"workers\":3,\"tau\":1,\"eta\":0.001,\"rho\":2.5}")
                .warnings()).singleElement().asString()
                .startsWith("ADMM at (eta, rho) = (0.001, 2.5) with p = 3 workers: its round-robin map on f = x^2/2 "
                        + "(tau = 1) has spectral radius 1.00097 per cycle of p turns, above 1")
                .endsWith(Stability.SOURCE);
        assertThat(JobSpec.parse("{\"algorithm\":\"ADMM\",\"workers\":2,\"tau\":1,\"eta\":0.001,\"rho\":2.5}")
                .warnings()).isEmpty();
        assertThat(JobSpec.parse("{\"algorithm\":\"ADMM\"}").warnings()).isEmpty();
    }

    @Test
    void downpourMethodsAreCheckedOnPTimesTauTimesEta() {
        // the paper's p = 4, τ = 16, η = 0.05: p·τ·η = 3.2 ≥ π/2; τ < π/(2·4·0.05) = 7.85 → 7;
        // η < π/(2·4·16) = 0.0245436… → 0.02454
        assertThat(JobSpec.parse("{\"algorithm\":\"DOWNPOUR\",\"workers\":4,\"tau\":16,\"eta\":0.05}")
                .warnings()).containsExactly("p*tau*eta = 4*16*0.05 = 3.2 is not below pi/2 (about 1.571), the "
                        + "bound under which DOWNPOUR-style pushes stay stable on f = x^2/2 (p workers each pushing "
                        + "tau accumulated steps of size eta in turn); above it the center can overshoot the optimum "
                        + "and diverge (the paper saw DOWNPOUR diverge at tau >= 16): use tau <= 7 at eta = 0.05, "
                        + "or eta < 0.02454 at tau = 16" + Stability.SOURCE);
        // the number of workers counts: τ·η = 0.2 alone is small, 8 · 4 · 0.05 = 1.6 is not
        assertThat(JobSpec.parse("{\"algorithm\":\"ADOWNPOUR\",\"workers\":8,\"tau\":4,\"eta\":0.05}")
                .warnings()).singleElement().asString().startsWith("p*tau*eta = 8*4*0.05 = 1.6 is not below pi/2")
                .endsWith("use tau <= 3 at eta = 0.05, or eta < 0.04908 at tau = 4" + Stability.SOURCE);
        // MDOWNPOUR (τ = 1): 8 · 0.25 = 2, no τ helps; η < π/16 = 0.19634…
        assertThat(JobSpec.parse("{\"algorithm\":\"MDOWNPOUR\",\"workers\":8,\"eta\":0.25}").warnings())
                .singleElement().asString()
                .endsWith("use eta < 0.1963 at tau = 1 (no tau >= 1 is inside at eta = 0.25)" + Stability.SOURCE);
        // defaults (p = 2, τ = 10, η = 0.05: 1.0) and one worker (SGD on the center) are quiet
        assertThat(JobSpec.parse("{\"algorithm\":\"DOWNPOUR\"}").warnings()).isEmpty();
        assertThat(JobSpec.parse("{\"algorithm\":\"DOWNPOUR\",\"workers\":1,\"tau\":64,\"eta\":0.05}")
                .warnings()).isEmpty();
        assertThat(JobSpec.parse("{\"algorithm\":\"SGD\",\"eta\":0.05}").warnings()).isEmpty();
    }

    @Test
    void tauAutoGetsTheDefaultSettingsAndRoundTrips() {
        JobSpec s = JobSpec.parse("{\"algorithm\":\"EAMSGD\",\"tau\":\"auto\"}");
        assertThat(s.tauAuto()).isTrue();
        assertThat(s.autoTau()).isEqualTo(new AutoTau(0.1, 1, 256, 1));
        assertThat(s.tau()).isEqualTo(1);                           // a run starts at autoTau.initial
        assertThat(s.maxTau()).isEqualTo(256);
        assertThat(s.tauLabel()).isEqualTo("auto");
        String json = s.toJson();
        assertThat(json).contains("\"workers\":2,\"tau\":\"auto\",\"autoTau\":{\"commShare\":0.1,\"min\":1,"
                + "\"max\":256,\"initial\":1},\"eta\"");
        assertThat(JobSpec.parse(json)).isEqualTo(s);

        JobSpec custom = JobSpec.parse("{\"algorithm\":\"DOWNPOUR\",\"tau\":\"auto\",\"autoTau\":{\"commShare\":0.05,"
                + "\"min\":2,\"max\":32}}");
        assertThat(custom.autoTau()).isEqualTo(new AutoTau(0.05, 2, 32, 2));   // initial defaults to min
        assertThat(JobSpec.parse(custom.toJson())).isEqualTo(custom);
        assertThat(JobSpec.parse("{\"tau\":\"auto\",\"autoTau\":{\"min\":300}}").autoTau())
                .isEqualTo(new AutoTau(0.1, 300, 300, 300));             // max defaults to max(256, min)

        // a number stays a number, and has no autoTau
        JobSpec fixed = JobSpec.parse("{\"tau\":16}");
        assertThat(fixed.tauAuto()).isFalse();
        assertThat(fixed.autoTau()).isNull();
        assertThat(fixed.toJson()).contains("\"tau\":16,\"eta\"").doesNotContain("autoTau");
        assertThat(JobSpec.parse("{\"tau\":16.0}").tau()).isEqualTo(16);
        assertThat(JobSpec.parse("{\"tau\":\"16\"}").tau()).isEqualTo(16);
    }

    @Test
    void tauAutoIsForTheAsynchronousMultiWorkerRulesOnly() {
        for (Algorithm a : new Algorithm[] {Algorithm.EASGD, Algorithm.EAMSGD, Algorithm.DOWNPOUR, Algorithm.ADOWNPOUR,
                Algorithm.MVADOWNPOUR}) {
            assertThat(JobSpec.parse("{\"algorithm\":\"" + a + "\",\"tau\":\"auto\"}").tauAuto()).as(a.name()).isTrue();
        }
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"SYNC_EASGD\",\"tau\":\"auto\"}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("tau", "cannot be \"auto\" for SYNC_EASGD: every worker meets at each round, "
                                + "so all ranks must share each round's tau; give a number")));
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"SYNC_EAMSGD\",\"tau\":\"auto\"}"))
                .hasMessageStartingWith("tau cannot be \"auto\" for SYNC_EAMSGD");
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"MDOWNPOUR\",\"tau\":\"auto\"}"))
                .hasMessage("tau cannot be \"auto\" for MDOWNPOUR: its tau is always 1; give a number");
        for (String single : new String[] {"SGD", "MSGD", "ASGD", "MVASGD"}) {
            assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"" + single + "\",\"tau\":\"auto\"}"))
                    .hasMessage("tau cannot be \"auto\" for " + single + ": a single worker has no exchange whose "
                            + "cost tau could balance; give a number");
        }
    }

    @Test
    void overlapIsOffByDefaultAndLeftOutOfTheJsonThen() {
        JobSpec off = JobSpec.parse("{}");
        assertThat(off.overlap()).isFalse();
        assertThat(off.toJson()).doesNotContain("overlap");
        JobSpec on = JobSpec.parse("{\"algorithm\":\"EASGD\",\"overlap\":true}");
        assertThat(on.overlap()).isTrue();
        assertThat(on.toJson()).contains("\"overlap\":true");
        assertThat(JobSpec.parse(on.toJson())).isEqualTo(on);
        assertThat(JobSpec.parse("{\"overlap\":false}")).isEqualTo(off);
        // with auto-τ as well
        JobSpec auto = JobSpec.parse("{\"algorithm\":\"DOWNPOUR\",\"tau\":\"auto\",\"overlap\":true}");
        assertThat(auto.overlap()).isTrue();
        assertThat(auto.tauAuto()).isTrue();
        assertThat(JobSpec.parse(auto.toJson())).isEqualTo(auto);
    }

    @Test
    void overlapTrueIsAutoKAndANumberFixesK() {
        JobSpec auto = JobSpec.parse("{\"algorithm\":\"EASGD\",\"overlap\":true}");
        assertThat(auto.overlapAuto()).isTrue();
        assertThat(auto.overlapSteps()).isEqualTo(JobSpec.OVERLAP_AUTO);
        assertThat(auto.overlapLabel()).isEqualTo("auto");
        JobSpec k3 = JobSpec.parse("{\"algorithm\":\"EAMSGD\",\"overlap\":3}");
        assertThat(k3.overlap()).isTrue();
        assertThat(k3.overlapAuto()).isFalse();
        assertThat(k3.overlapSteps()).isEqualTo(3);
        assertThat(k3.overlapLabel()).isEqualTo("k = 3");
        assertThat(k3.toJson()).contains("\"overlap\":3").doesNotContain("\"overlap\":true");
        assertThat(JobSpec.parse(k3.toJson())).isEqualTo(k3);
        JobSpec off = JobSpec.parse("{\"overlap\":false}");
        assertThat(off.overlapSteps()).isEqualTo(JobSpec.OVERLAP_OFF);
        assertThat(off.overlapLabel()).isEqualTo("off");
        // a spec stored before k existed (a boolean) reads back as it was written: true is auto, false off
        assertThat(JobSpec.parse("{\"algorithm\":\"EASGD\",\"workers\":2,\"tau\":10,\"overlap\":true,"
                + "\"stop\":{\"maxSteps\":100}}").overlapSteps()).isEqualTo(JobSpec.OVERLAP_AUTO);
        // k = 1 is today's one-step overlap, spelled out
        assertThat(JobSpec.parse("{\"overlap\":1}").overlapSteps()).isEqualTo(1);
    }

    @Test
    void aStrongElasticPullWithOverlapIsWarnedAbout() {
        // one worker, beta 0.9: alpha = 0.9 >= 2/3, where a deep late elastic move can overshoot
        assertThat(JobSpec.parse("{\"algorithm\":\"EASGD\",\"workers\":1,\"overlap\":true}").warnings())
                .anySatisfy(w -> assertThat(w).startsWith("overlap with alpha = 0.9000 >= 2/3"));
        assertThat(JobSpec.parse("{\"algorithm\":\"EASGD\",\"workers\":1}").warnings())
                .noneSatisfy(w -> assertThat(w).startsWith("overlap"));
        assertThat(JobSpec.parse("{\"algorithm\":\"EAMSGD\",\"workers\":2,\"overlap\":4}").warnings())
                .noneSatisfy(w -> assertThat(w).startsWith("overlap"));     // alpha = 0.45
    }

    @Test
    void overlapThatIsNeitherABooleanNorAnIntegerAtLeastOneIsNamed() {
        for (String bad : new String[] {"0", "-2", "1.5", "\"yes\"", "\"2\"", "{}", "[1]", "3000000000"}) {
            assertThatThrownBy(() -> JobSpec.parse("{\"overlap\":" + bad + "}")).as(bad)
                    .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                            new FieldError("overlap", "must be true (k chosen by each worker), false or an integer k "
                                    + ">= 1 (the local steps an exchange runs behind), found " + bad)));
        }
        assertThatThrownBy(() -> JobSpec.parse("{\"overlap\":70000}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("overlap", "must be true, false or an integer k in [1, 65536], found 70000")));
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"SYNC_EASGD\",\"overlap\":2}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("overlap", "cannot be 2 for SYNC_EASGD: a synchronous round waits for every "
                                + "worker, there is nothing to overlap; it is allowed for EASGD, EAMSGD, DOWNPOUR, "
                                + "ADOWNPOUR and MVADOWNPOUR")));
    }

    @Test
    void overlapIsForTheAsynchronousMultiWorkerRulesOnly() {
        for (Algorithm a : new Algorithm[] {Algorithm.EASGD, Algorithm.EAMSGD, Algorithm.DOWNPOUR, Algorithm.ADOWNPOUR,
                Algorithm.MVADOWNPOUR}) {
            assertThat(JobSpec.parse("{\"algorithm\":\"" + a + "\",\"overlap\":true}").overlap()).as(a.name()).isTrue();
        }
        assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"MDOWNPOUR\",\"overlap\":true}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("overlap", "cannot be true for MDOWNPOUR: its tau is 1 and each gradient is "
                                + "taken at the point the master's reply brings; it is allowed for EASGD, EAMSGD, "
                                + "DOWNPOUR, ADOWNPOUR and MVADOWNPOUR")));
        for (String sync : new String[] {"SYNC_EASGD", "SYNC_EAMSGD"}) {
            assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"" + sync + "\",\"overlap\":true}"))
                    .hasMessageStartingWith("overlap cannot be true for " + sync + ": a synchronous round waits");
        }
        for (String single : new String[] {"SGD", "MSGD", "ASGD", "MVASGD"}) {
            assertThatThrownBy(() -> JobSpec.parse("{\"algorithm\":\"" + single + "\",\"overlap\":true}"))
                    .hasMessageStartingWith("overlap cannot be true for " + single + ": a single worker gets no reply");
        }
    }

    @Test
    void badTauValuesAndAutoTauFieldsAreNamed() {
        for (String bad : new String[] {"\"fast\"", "\"AUTO\"", "1.5", "true", "{}", "[1]", "1e12"}) {
            assertThatThrownBy(() -> JobSpec.parse("{\"tau\":" + bad + "}")).as(bad)
                    .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors())
                            .singleElement().satisfies(f -> {
                                assertThat(f.field()).isEqualTo("tau");
                                assertThat(f.message()).startsWith("must be an integer >= 1 or \"auto\", found ");
                            }));
        }
        assertThatThrownBy(() -> JobSpec.parse("{\"tau\":-3}")).hasMessage("tau must be >= 1, found -3");
        assertThatThrownBy(() -> JobSpec.parse("{\"tau\":10,\"autoTau\":{\"commShare\":0.2}}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("autoTau", "is only allowed when tau is \"auto\"")));
        assertThatThrownBy(() -> JobSpec.parse("{\"autoTau\":{}}")).hasMessage("autoTau is only allowed when tau is \"auto\"");
        assertThatThrownBy(() -> JobSpec.parse("{\"tau\":\"auto\",\"autoTau\":{\"commShare\":0,\"min\":0,\"max\":100000}}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("autoTau.commShare", "must be in (0, 1), found 0.0"),
                        new FieldError("autoTau.min", "must be in [1, 65536], found 0"),
                        new FieldError("autoTau.max", "must be in [1, 65536] (at least min), found 100000")));
        assertThatThrownBy(() -> JobSpec.parse("{\"tau\":\"auto\",\"autoTau\":{\"min\":8,\"max\":4}}"))
                .hasMessage("autoTau.max must be in [8, 65536] (at least min), found 4");
        assertThatThrownBy(() -> JobSpec.parse("{\"tau\":\"auto\",\"autoTau\":{\"min\":2,\"max\":8,\"initial\":9}}"))
                .hasMessage("autoTau.initial must be in [min, max] = [2, 8], found 9");
        assertThatThrownBy(() -> JobSpec.parse("{\"tau\":\"auto\",\"autoTau\":{\"commShare\":1}}"))
                .hasMessage("autoTau.commShare must be in (0, 1), found 1.0");
        assertThatThrownBy(() -> JobSpec.parse("{\"tau\":\"auto\",\"autoTau\":{\"share\":0.1}}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("autoTau.share", "is not a job spec field")));
        assertThatThrownBy(() -> JobSpec.parse("{\"tau\":\"auto\",\"autoTau\":{\"max\":\"many\"}}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors().get(0).field())
                        .isEqualTo("autoTau.max"));
        assertThatThrownBy(() -> JobSpec.parse("{\"tau\":\"auto\",\"autoTau\":5}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors().get(0).field())
                        .isEqualTo("autoTau"));
    }

    @Test
    void theStabilityWarningOfAutoTauChecksItsLargestTau() {
        // DOWNPOUR p = 2, η = 0.05: τ = 10 is inside (1.0 < π/2); auto may reach autoTau.max = 256: 25.6 is not
        assertThat(JobSpec.parse("{\"algorithm\":\"DOWNPOUR\",\"tau\":10}").warnings()).isEmpty();
        assertThat(JobSpec.parse("{\"algorithm\":\"DOWNPOUR\",\"tau\":\"auto\"}").warnings()).singleElement()
                .asString().startsWith("tau is auto and may grow to autoTau.max = 256, the case checked here: "
                        + "p*tau*eta = 2*256*0.05 = 25.6 is not below pi/2")
                .endsWith("use tau <= 15 at eta = 0.05, or eta < 0.003067 at tau = 256" + Stability.SOURCE
                        + " (for auto: lower autoTau.max)");
        assertThat(JobSpec.parse("{\"algorithm\":\"DOWNPOUR\",\"tau\":\"auto\",\"autoTau\":{\"max\":15}}").warnings())
                .isEmpty();
        // the elastic rules' condition does not involve tau
        assertThat(JobSpec.parse("{\"algorithm\":\"EAMSGD\",\"tau\":\"auto\"}").warnings()).isEmpty();
    }

    @Test
    void workerSeedsAreDistinctAndStable() {
        JobSpec s = JobSpec.parse("{\"seed\":1}");
        assertThat(s.workerSeed(0)).isNotEqualTo(s.workerSeed(1));
        assertThat(s.workerSeed(0)).isEqualTo(JobSpec.parse("{\"seed\":1}").workerSeed(0));
    }
}
