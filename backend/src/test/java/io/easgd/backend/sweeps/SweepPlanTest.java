package io.easgd.backend.sweeps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.core.spec.Algorithm;
import io.easgd.core.spec.FieldError;
import io.easgd.core.spec.SpecValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepPlanTest {
    private static SweepRequest parse(String body) {
        return SweepRequest.parse(body, name -> SweepPresets.PAPER.equals(name) ? SweepPresets.paper()
                : SweepPresets.PAPER_REAL.equals(name) ? SweepPresets.paperReal() : null);
    }

    private static List<SweepPlan.Run> expand(String body) {
        return SweepPlan.expand(parse(body));
    }

    private static List<FieldError> errors(String body) {
        try {
            expand(body);
        } catch (SpecValidationException e) {
            return e.errors();
        }
        throw new AssertionError("expected a validation error for " + body);
    }

    @Test
    void theGridIsTheProductOverTheBaseLastAxisFastestThenExtraOncePerSeed() {
        List<SweepPlan.Run> runs = expand("""
                { "name": "tau-study", "base": { "model": "cnn", "stop": { "maxSteps": 30 } },
                  "grid": { "algorithm": ["EASGD", "EAMSGD"], "tau": [1, 4, 16], "eta": [0.05], "workers": [4], "seed": [1, 2] },
                  "extra": [ { "algorithm": "MSGD", "workers": 1 } ] }""");
        assertThat(runs).hasSize(2 * 3 * 2 + 2);
        assertThat(runs.get(0).label()).isEqualTo("EASGD τ=1 seed=1");
        assertThat(runs.get(1).label()).isEqualTo("EASGD τ=1 seed=2");
        assertThat(runs.get(2).label()).isEqualTo("EASGD τ=4 seed=1");
        assertThat(runs.get(6).label()).isEqualTo("EAMSGD τ=1 seed=1");
        assertThat(runs.get(0).jobName()).isEqualTo("tau-study EASGD τ=1 seed=1");
        assertThat(runs.get(0).params()).containsExactly(Map.entry("algorithm", "EASGD"), Map.entry("tau", 1),
                Map.entry("eta", 0.05), Map.entry("workers", 4), Map.entry("seed", 1));
        assertThat(runs.get(11).spec().tau()).isEqualTo(16);
        assertThat(runs.get(11).spec().seed()).isEqualTo(2);
        assertThat(runs.get(11).spec().model()).isEqualTo("cnn");
        assertThat(runs.get(11).spec().stop().maxSteps()).isEqualTo(30);
        assertThat(runs.get(11).spec().alpha()).isEqualTo(0.9 / 4);
        assertThat(runs.get(12).label()).isEqualTo("MSGD p=1 seed=1");
        assertThat(runs.get(13).spec().algorithm()).isEqualTo(Algorithm.MSGD);
        assertThat(runs.get(13).spec().workers()).isEqualTo(1);
        assertThat(runs.get(13).spec().seed()).isEqualTo(2);
        assertThat(runs.get(13).params()).containsEntry("seed", 2);
    }

    @Test
    void tauAutoIsAGridValueLikeAnyOther() {
        List<SweepPlan.Run> runs = expand("""
                { "grid": { "algorithm": ["EAMSGD", "DOWNPOUR"], "tau": [4, "auto"] } }""");
        assertThat(runs).extracting(SweepPlan.Run::label)
                .containsExactly("EAMSGD τ=4", "EAMSGD τ=auto", "DOWNPOUR τ=4", "DOWNPOUR τ=auto");
        assertThat(runs.get(1).spec().tauAuto()).isTrue();
        assertThat(runs.get(1).params()).containsEntry("tau", "auto");
        assertThat(runs.get(0).spec().tauAuto()).isFalse();
        // not for a synchronous rule: the run is named
        assertThat(errors("{ \"grid\": { \"algorithm\": [\"SYNC_EASGD\"], \"tau\": [1, \"auto\"] } }"))
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("grid.tau[1]");
                    assertThat(e.message()).startsWith("cannot be \"auto\" for SYNC_EASGD").contains("(in the run");
                });
    }

    @Test
    void thePaperPresetIs51RunsAndOverridesMergeFieldByField() {
        List<SweepPlan.Run> runs = expand("{ \"preset\": \"paper\" }");
        assertThat(runs).hasSize(4 * 4 * 3 + 3);
        assertThat(runs.get(0).jobName()).isEqualTo("paper EASGD τ=1 seed=1");
        assertThat(runs.get(35).label()).isEqualTo("DOWNPOUR τ=64 seed=3");
        assertThat(runs.get(35).spec().workers()).isEqualTo(4);
        assertThat(runs.get(35).spec().eta()).isEqualTo(0.05);
        assertThat(runs.get(35).spec().model()).isEqualTo("cnn");
        assertThat(runs.get(35).spec().dataset()).isEqualTo("mnist-10k");
        assertThat(runs.get(35).spec().stop().maxSteps()).isEqualTo(1000);
        assertThat(runs.get(47).label()).isEqualTo("ADMM τ=64 seed=3");
        assertThat(runs.get(47).spec().rho()).isEqualTo(1.0);
        assertThat(runs.get(47).spec().workers()).isEqualTo(4);
        assertThat(runs.get(50).label()).isEqualTo("MSGD p=1 τ=1 seed=3");
        assertThat(runs.get(50).spec().delta()).isEqualTo(0.9);
        assertThat(runs.get(50).spec().rho()).isNull();

        SweepRequest r = parse("""
                { "preset": "paper", "name": "quick", "base": { "stop": { "maxSteps": 50 }, "alpha": 0.1 },
                  "grid": { "tau": [1, 16] }, "target": { "testError": 0.05 } }""");
        assertThat(r.preset()).isEqualTo("paper");
        assertThat(r.targetTestError()).isEqualTo(0.05);
        assertThat(r.base().get("model").asText()).isEqualTo("cnn");        // kept from the preset
        assertThat(r.base().has("beta")).isFalse();                           // α given: the preset's β dropped
        runs = SweepPlan.expand(r);
        assertThat(runs).hasSize(4 * 2 * 3 + 3);
        assertThat(runs.get(0).jobName()).isEqualTo("quick EASGD τ=1 seed=1");
        assertThat(runs.get(0).spec().stop().maxSteps()).isEqualTo(50);
        assertThat(runs.get(0).spec().alpha()).isEqualTo(0.1);
        ObjectNode stored = r.toJson();
        assertThat(stored.at("/grid/algorithm").size()).isEqualTo(4);
        assertThat(stored.at("/grid/tau").toString()).isEqualTo("[1,16]");
        assertThat(stored.at("/target/testError").asDouble()).isEqualTo(0.05);
    }

    @Test
    void aRhoAxisVariesAdmmsPenaltyAndIsRefusedForOtherAlgorithmsNamingTheRun() {
        List<SweepPlan.Run> runs = expand("""
                { "base": { "algorithm": "ADMM", "workers": 2 }, "grid": { "rho": [0.5, 2], "tau": [1, 4] } }""");
        assertThat(runs).extracting(SweepPlan.Run::label).containsExactly("ρ=0.5 τ=1", "ρ=0.5 τ=4", "ρ=2 τ=1", "ρ=2 τ=4");
        assertThat(runs).extracting(r -> r.spec().rho()).containsExactly(0.5, 0.5, 2.0, 2.0);
        assertThat(runs.get(1).params()).containsEntry("rho", 0.5);
        assertThat(errors("{ \"base\": { \"algorithm\": \"ADMM\" }, \"grid\": { \"rho\": [1, 0] } }"))
                .containsExactly(new FieldError("grid.rho[1]", "must be in (0, 1000], found 0.0"));
        assertThat(expand("{ \"grid\": { \"algorithm\": [\"ADMM\"], \"rho\": [3] } }").get(0).spec().rho())
                .isEqualTo(3.0);
        assertThat(errors("{ \"grid\": { \"rho\": [1] } }"))
                .containsExactly(new FieldError("grid.rho[0]", "is only allowed when algorithm is ADMM, found algorithm EAMSGD"));
        assertThat(errors("{ \"grid\": { \"algorithm\": [\"ADMM\", \"EASGD\"], \"rho\": [1] } }"))
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).isEqualTo("grid.rho[0]");
                    assertThat(e.message()).isEqualTo("is only allowed when algorithm is ADMM, found algorithm EASGD "
                            + "(in the run algorithm=EASGD, rho=1)");
                });
    }

    @Test
    void badValuesAreNamedByTheirPlaceInTheRequest() {
        assertThat(errors("{ \"grid\": { \"tau\": [1, 4, 0] } }"))
                .containsExactly(new FieldError("grid.tau[2]", "must be >= 1, found 0"));
        assertThat(errors("{ \"base\": { \"eta\": -1 }, \"grid\": { \"tau\": [1, 4] } }"))
                .containsExactly(new FieldError("base.eta", "must be > 0, found -1.0"));
        assertThat(errors("{ \"grid\": { \"algorithm\": [\"EASGD\", \"ADAM\"] } }")).extracting(FieldError::field)
                .containsExactly("grid.algorithm[1]");
        assertThat(errors("{ \"grid\": { \"colour\": [1] } }")).extracting(FieldError::field).containsExactly("grid.colour");
        assertThat(errors("{ \"grid\": { \"tau\": [] } }")).extracting(FieldError::field).containsExactly("grid.tau");
        assertThat(errors("{ \"grid\": { \"tau\": [4, 1, 4.0] } }"))
                .containsExactly(new FieldError("grid.tau[2]", "repeats the value 4.0"));
        assertThat(errors("{ \"grid\": { \"tau\": [1] }, \"extra\": [ { \"workers\": 0 } ] }"))
                .extracting(FieldError::field).containsExactly("extra[0].workers");
        assertThat(errors("{ \"grid\": { \"tau\": [1] }, \"target\": { \"testError\": 2 } }"))
                .extracting(FieldError::field).containsExactly("target.testError");
        assertThat(errors("{ \"grid\": { \"tau\": [1] }, \"colour\": 1 }")).extracting(FieldError::field).containsExactly("colour");
        assertThat(errors("{ \"preset\": \"nope\" }")).extracting(FieldError::field).containsExactly("preset");
        assertThat(errors("{ }")).extracting(FieldError::field).containsExactly("grid");
        assertThat(errors("[1]")).extracting(FieldError::field).containsExactly("body");
    }

    @Test
    void anInvalidCombinationNamesTheRunsParameters() {
        List<FieldError> e = errors("{ \"grid\": { \"algorithm\": [\"EASGD\", \"MSGD\"], \"workers\": [4] } }");
        assertThat(e).containsExactly(new FieldError("grid.workers[0]",
                "must be 1 for MSGD, found 4 (in the run algorithm=MSGD, workers=4)"));
        e = errors("{ \"base\": { \"workers\": 4 }, \"grid\": { \"algorithm\": [\"EASGD\", \"MSGD\"] } }");
        assertThat(e).containsExactly(new FieldError("base.workers",
                "must be 1 for MSGD, found 4 (in the run algorithm=MSGD)"));
        // the grid's β replaces the base's α rather than contradicting it
        assertThat(expand("{ \"base\": { \"alpha\": 0.3 }, \"grid\": { \"beta\": [0.9] } }").get(0).spec().alpha())
                .isEqualTo(0.45);
    }

    @Test
    void atMost200Runs() {
        String ok = "{ \"grid\": { \"tau\": [1,2,3,4,5,6,7,8,9,10], \"seed\": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20] } }";
        assertThat(expand(ok)).hasSize(200);
        String tooMany = ok.replace("\"seed\": [1,", "\"seed\": [0,1,");
        assertThatThrownBy(() -> expand(tooMany)).isInstanceOf(SpecValidationException.class)
                .satisfies(t -> assertThat(((SpecValidationException) t).errors()).containsExactly(new FieldError("grid",
                        "expands to 210 runs (grid and extra), at most 200 are allowed in one sweep")));
    }

    @Test
    void longSweepNamesAreShortenedSoTheJobNameFits() {
        String name = "x".repeat(200);
        String job = SweepPlan.jobName(name, "EASGD τ=1");
        assertThat(job.codePointCount(0, job.length())).isEqualTo(200);
        assertThat(job).endsWith(" EASGD τ=1");
    }

    @Test
    void aSimulatedBaseIsCarriedIntoEveryRunAndAWorkersAxisSetsTheSimulatedP() {
        List<SweepPlan.Run> runs = expand("""
                { "base": { "algorithm": "EAMSGD", "stop": { "maxSteps": 50 },
                            "simulate": { "workers": 2, "link": "1gbit,0.2ms", "stepMs": 5 } },
                  "grid": { "workers": [4, 16], "tau": [1, 4] },
                  "extra": [ { "algorithm": "MSGD", "workers": 1, "tau": 1 } ] }""");
        assertThat(runs).hasSize(5);
        assertThat(runs.get(0).spec().simulate().workers()).isEqualTo(4);
        assertThat(runs.get(3).spec().simulate().workers()).isEqualTo(16);
        assertThat(runs.get(3).spec().tau()).isEqualTo(4);
        assertThat(runs.get(3).spec().simulate().link()).isEqualTo("1gbit,0.2ms");
        assertThat(runs.get(4).spec().algorithm()).isEqualTo(Algorithm.MSGD);
        assertThat(runs.get(4).spec().simulate().workers()).isEqualTo(1);
        // a grid without workers keeps the base's simulated p
        assertThat(expand("""
                { "base": { "simulate": { "workers": 8 } }, "grid": { "tau": [1, 4] } }""").get(1).spec().simulate().workers())
                .isEqualTo(8);
    }

    @Test
    void thePaperPresetRunsOnTheVirtualClusterAndPaperRealOnAgents() {
        List<SweepPlan.Run> sim = expand("{ \"preset\": \"paper\" }");
        assertThat(sim).hasSize(51);                                             // EASGD, EAMSGD, DOWNPOUR, ADMM x 4 tau x 3 seeds + 3 MSGD
        assertThat(sim.get(47).spec().simulate().workers()).isEqualTo(4);
        assertThat(sim.get(47).spec().simulate().link()).isEqualTo(SweepPresets.PAPER_LINK);
        assertThat(sim.get(50).spec().simulate().workers()).isEqualTo(1);        // the MSGD baseline: p = 1
        List<SweepPlan.Run> real = expand("{ \"preset\": \"paper-real\" }");
        assertThat(real).hasSize(51);
        assertThat(real).allSatisfy(r -> assertThat(r.spec().simulate()).isNull());
        assertThat(real.get(47).spec().workers()).isEqualTo(4);
    }
}
