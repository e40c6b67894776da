package io.easgd.backend.sweeps;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.backend.metrics.MetricPoint;
import io.easgd.core.search.SearchSpec;
import io.easgd.core.search.SuccessiveHalving;
import io.easgd.core.spec.FieldError;
import io.easgd.core.spec.SpecValidationException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Sampled sweeps and early-stopping searches as requests (docs/api.md "Searches"), and the rung bookkeeping. */
class SweepSearchTest {
    private static SweepRequest parse(String body) {
        return SweepRequest.parse(body, name -> switch (name) {
            case SweepPresets.PAPER_ASHA -> SweepPresets.paperAsha();
            case SweepPresets.RANDOM_ASHA -> SweepPresets.randomAsha();
            default -> null;
        });
    }

    private static List<FieldError> errors(String body) {
        try {
            SweepPlan.expand(parse(body));
        } catch (SpecValidationException e) {
            return e.errors();
        }
        throw new AssertionError("expected a validation error for " + body);
    }

    private static final String SEARCH = """
            { "base": { "algorithm": "EAMSGD", "workers": 2, "delta": 0.9 },
              "grid": { "eta": { "logUniform": [0.005, 0.2] }, "tau": { "logInt": [1, 64] },
                        "beta": { "uniform": [0.3, 0.95] }, "compression": ["none", "fp16", "int8"] },
              "sample": { "method": "random", "runs": 27, "seed": 1 },
              "search": { "method": "asha", "minSteps": 200, "maxSteps": 1800 } }""";

    @Test
    void aRandomSearchDrawsEveryAxisInItsRangeTheSameWayEachTimeAndStopsAtMaxSteps() {
        List<SweepPlan.Run> runs = SweepPlan.expand(parse(SEARCH));
        assertThat(runs).hasSize(27);
        assertThat(SweepPlan.expand(parse(SEARCH))).extracting(SweepPlan.Run::params)
                .isEqualTo(runs.stream().map(SweepPlan.Run::params).toList());
        for (SweepPlan.Run r : runs) {
            assertThat(r.spec().eta()).isBetween(0.005, 0.2);
            assertThat(r.spec().tau()).isBetween(1, 64);
            assertThat(r.spec().alpha() * 2).isBetween(0.3 - 1e-9, 0.95 + 1e-9);
            assertThat(r.spec().stop().maxSteps()).isEqualTo(1800);
            assertThat(r.params().keySet()).containsExactly("compression", "eta", "tau", "beta");
            assertThat(r.label()).startsWith("compression=").contains(" η=").contains(" τ=").contains(" β=");
            // four significant digits: what the label shows is what runs
            assertThat(String.valueOf(r.spec().eta()).replaceAll("^0\\.0*|E.*$|\\.", "").length()).isLessThanOrEqualTo(4);
        }
        assertThat(runs.stream().map(r -> r.params().get("compression")).collect(Collectors.toSet()))
                .isEqualTo(Set.of("none", "fp16", "int8"));
        assertThat(runs.stream().map(r -> r.spec().tau()).distinct().count()).isGreaterThan(8);
        // another seed, other runs
        assertThat(SweepPlan.expand(parse(SEARCH.replace("\"seed\": 1", "\"seed\": 2"))).get(0).params())
                .isNotEqualTo(runs.get(0).params());
    }

    @Test
    void sobolCoversEachAxisEvenly() {
        List<SweepPlan.Run> runs = SweepPlan.expand(parse("""
                { "base": { "algorithm": "EASGD", "workers": 2 }, "grid": { "tau": { "int": [1, 8] } },
                  "sample": { "method": "sobol", "runs": 8, "seed": 3 } }"""));
        assertThat(runs.stream().map(r -> r.spec().tau()).collect(Collectors.toSet()))
                .isEqualTo(Set.of(1, 2, 3, 4, 5, 6, 7, 8));
    }

    @Test
    void theSearchShowsAsStoredAndReadsBack() {
        SweepRequest r = parse(SEARCH);
        assertThat(r.toJson().get("search").toString()).isEqualTo("{\"method\":\"asha\",\"reductionFactor\":3,"
                + "\"resource\":\"steps\",\"minSteps\":200,\"maxSteps\":1800}");
        assertThat(r.toJson().get("sample").toString()).isEqualTo("{\"method\":\"random\",\"runs\":27,\"seed\":1}");
        assertThat(r.toJson().get("grid").get("eta").toString()).isEqualTo("{\"logUniform\":[0.005,0.2]}");
        assertThat(SweepSearch.stored(r.toJson())).isEqualTo(new SearchSpec(SearchSpec.Method.ASHA, 3,
                SearchSpec.Resource.STEPS, 200, 1800, 1));
        SweepRequest hb = parse(SEARCH.replace("\"asha\"", "\"hyperband\""));
        assertThat(hb.search().brackets()).isEqualTo(3);
        assertThat(SweepSearch.stored(hb.toJson()).brackets()).isEqualTo(3);
    }

    @Test
    void badSearchesAndRangesAreNamedByTheirField() {
        assertThat(errors("{ \"grid\": { \"eta\": { \"logUniform\": [0.01, 0.1] } } }"))
                .extracting(FieldError::field).containsExactly("grid.eta");
        assertThat(errors(SEARCH.replace("[0.005, 0.2]", "[0.2, 0.005]")))
                .extracting(FieldError::field).containsExactly("grid.eta.logUniform");
        assertThat(errors(SEARCH.replace("\"logUniform\": [0.005, 0.2]", "\"normal\": [0, 1]")))
                .extracting(FieldError::field).containsExactly("grid.eta.normal");
        assertThat(errors(SEARCH.replace("\"logInt\": [1, 64]", "\"logInt\": [0, 64]")))
                .extracting(FieldError::field).containsExactly("grid.tau.logInt");
        assertThat(errors(SEARCH.replace("\"maxSteps\": 1800", "\"maxSteps\": 100")))
                .containsExactly(new FieldError("search.maxSteps", "must be above minSteps (200), found 100"));
        assertThat(errors(SEARCH.replace("\"maxSteps\": 1800", "\"maxSteps\": 1800, \"maxBytes\": 9")))
                .extracting(FieldError::field).containsExactly("search.maxBytes");
        assertThat(errors(SEARCH.replace("\"asha\"", "\"bohb\""))).extracting(FieldError::field)
                .containsExactly("search.method");
        assertThat(errors(SEARCH.replace("\"minSteps\"", "\"reductionFactor\": 1, \"minSteps\"")))
                .extracting(FieldError::field).containsExactly("search.reductionFactor");
        assertThat(errors(SEARCH.replace("\"minSteps\"", "\"brackets\": 2, \"minSteps\""))).extracting(FieldError::field)
                .containsExactly("search.brackets");
        assertThat(errors(SEARCH.replace("\"asha\"", "\"hyperband\"").replace("\"minSteps\"", "\"brackets\": 4, \"minSteps\"")))
                .extracting(FieldError::field).containsExactly("search.brackets");
        assertThat(errors(SEARCH.replace("\"delta\": 0.9", "\"delta\": 0.9, \"stop\": { \"maxSteps\": 500 }")))
                .extracting(FieldError::field).containsExactly("base.stop.maxSteps");
        assertThat(errors(SEARCH.replace("\"runs\": 27", "\"runs\": 201"))).extracting(FieldError::field)
                .containsExactly("sample.runs");
        assertThat(errors(SEARCH.replace("\"method\": \"random\", ", ""))).extracting(FieldError::field)
                .containsExactly("sample.method");
        assertThat(errors(SEARCH.replace("\"resource\": \"steps\"", "").replace("\"minSteps\": 200, \"maxSteps\": 1800",
                "\"resource\": \"bytes\", \"minBytes\": 1000, \"maxBytes\": 90000"))).extracting(FieldError::field)
                .containsExactly("base.stop");
    }

    @Test
    void secondsSetTheWallLimitAndBytesKeepTheBasesStop() {
        SweepRequest seconds = parse(SEARCH.replace("\"minSteps\": 200, \"maxSteps\": 1800",
                "\"resource\": \"seconds\", \"minSeconds\": 10, \"maxSeconds\": 90"));
        assertThat(seconds.base().at("/stop/maxWallSeconds").asLong()).isEqualTo(90);
        SweepRequest bytes = parse(SEARCH.replace("\"delta\": 0.9", "\"delta\": 0.9, \"stop\": { \"maxSteps\": 500 }")
                .replace("\"minSteps\": 200, \"maxSteps\": 1800", "\"resource\": \"bytes\", \"minBytes\": 1000000, "
                        + "\"maxBytes\": 90000000"));
        assertThat(bytes.base().at("/stop/maxSteps").asLong()).isEqualTo(500);
        assertThat(bytes.search().rungs(0)).containsExactly(1_000_000L, 3_000_000L, 9_000_000L, 27_000_000L, 81_000_000L);
    }

    @Test
    void theSearchPresetsExpandToValidRuns() {
        List<SweepPlan.Run> paper = SweepPlan.expand(parse("{ \"preset\": \"paper-asha\" }"));
        assertThat(paper).hasSize(51);
        assertThat(paper).allSatisfy(r -> assertThat(r.spec().stop().maxSteps()).isEqualTo(1000));
        assertThat(parse("{ \"preset\": \"paper-asha\" }").search().rungs(0)).containsExactly(120L, 360L);
        List<SweepPlan.Run> random = SweepPlan.expand(parse("{ \"preset\": \"random-asha\" }"));
        assertThat(random).hasSize(27);
        assertThat(random).allSatisfy(r -> assertThat(r.spec().simulate().workers()).isEqualTo(4));
        assertThat(parse("{ \"preset\": \"random-asha\" }").search().rungs(0)).containsExactly(200L, 600L);
    }

    @Test
    void aRungIsReachedAtTheFirstEvaluationAtOrPastItInTheResource() {
        List<MetricPoint> evals = List.of(eval(1000, 90, 0.5), eval(2000, 190, 0.4), eval(3000, 260, 0.3));
        assertThat(RungReach.first(SearchSpec.Resource.STEPS, 190, evals, List.of()).orElseThrow().evaluation().value())
                .isEqualTo(0.4);
        assertThat(RungReach.first(SearchSpec.Resource.STEPS, 200, evals, List.of()).orElseThrow().value()).isEqualTo(260);
        assertThat(RungReach.first(SearchSpec.Resource.STEPS, 300, evals, List.of())).isEmpty();
        assertThat(RungReach.first(SearchSpec.Resource.SECONDS, 2, evals, List.of()).orElseThrow().value()).isEqualTo(2.0);
        // bytes: per series and worker the last cumulative count at or before the evaluation, summed
        List<MetricPoint> bytes = List.of(bytes(500, "bytes_up", 0, 100), bytes(900, "bytes_up", 1, 150),
                bytes(1500, "bytes_up", 0, 400), bytes(1800, "bytes_down", 0, 300), bytes(2500, "bytes_up", 0, 9000));
        RungReach.Reached r = RungReach.first(SearchSpec.Resource.BYTES, 800, evals, bytes).orElseThrow();
        assertThat(r.value()).isEqualTo(400 + 150 + 300);
        assertThat(r.evaluation().t()).isEqualTo(2000);
    }

    private static MetricPoint eval(long t, long step, double error) {
        return new MetricPoint(1, "test_error", null, t, step, error);
    }

    private static MetricPoint bytes(long t, String series, int worker, double value) {
        return new MetricPoint(1, series, worker, t, t / 10, value);
    }

    @Test
    void theStopReasonAndTheRungTablesSayWhatWasDecided() {
        SearchSpec asha = new SearchSpec(SearchSpec.Method.ASHA, 3, SearchSpec.Resource.STEPS, 200, 1800, 1);
        assertThat(EarlyStopper.reason(asha, 1, 600, 0.14237, new SuccessiveHalving.Decision(3, 4, 2, false)))
                .isEqualTo("stopped early at rung 1 of the ASHA search (600 steps): test error 0.1424 was 3rd of 4 "
                        + "at that rung, the best 2 run on");
        assertThat(List.of(1, 2, 3, 4, 11, 12, 13, 21, 22, 101).stream().map(EarlyStopper::ordinal).toList())
                .containsExactly("1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st");
        java.time.Instant t = java.time.Instant.EPOCH;
        List<Sweep.Rung> rungs = SweepService.rungsOf(List.of(
                new RungRepository.Decision(1, 10, 0, 0, 200, 204, 0.3, 1, 1, 1, true, false, t),
                new RungRepository.Decision(1, 11, 0, 0, 200, 210, 0.4, 2, 2, 1, false, false, t),
                // run 12 completed before it was ranked: 3rd of 3 (keep 2) reads ENDED; run 13, 1st of 4 after its end, PROMOTED
                new RungRepository.Decision(1, 12, 0, 0, 200, 400, 0.5, 3, 3, 2, false, true, t),
                new RungRepository.Decision(1, 13, 0, 0, 200, 400, 0.1, 1, 4, 2, true, true, t),
                new RungRepository.Decision(1, 10, 0, 1, 600, 612, 0.2, 1, 1, 1, true, false, t)));
        assertThat(rungs).extracting(Sweep.Rung::rung, Sweep.Rung::at, Sweep.Rung::decided, Sweep.Rung::promoted,
                Sweep.Rung::stopped, Sweep.Rung::ended).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, 200L, 4, 2, 1, 1),
                org.assertj.core.groups.Tuple.tuple(1, 600L, 1, 1, 0, 0));
        assertThat(rungs.get(0).decisions()).extracting(Sweep.RungDecision::decision)
                .containsExactly("PROMOTED", "STOPPED", "ENDED", "PROMOTED");
    }
}
