package io.easgd.backend.plans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.easgd.backend.jobs.JobState;
import io.easgd.backend.sweeps.Sweep;
import io.easgd.core.spec.FieldError;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.spec.SpecValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanRequestTest {
    private static List<String> fields(String body) {
        try {
            PlanRequest.parse(body);
        } catch (SpecValidationException e) {
            return e.errors().stream().map(FieldError::field).toList();
        }
        throw new AssertionError("expected a validation error for " + body);
    }

    @Test
    void aPlanIsASweepOfSimulatedRunsOverWorkersAndTau() {
        PlanRequest r = PlanRequest.parse("""
                { "spec": { "algorithm": "EAMSGD", "eta": 0.1, "delta": 0.9, "workers": 3 }, "link": "1gbit,0.2ms",
                  "workers": [1, 8], "tau": [1, 16], "target": { "testError": 0.08 }, "budget": { "maxSteps": 200 } }""");
        assertThat(r.workers()).containsExactly(1, 8);
        assertThat(r.maxSteps()).isEqualTo(200);
        JobSpec run = JobSpec.parse(r.runSpec(8, 16).toString());
        assertThat(run.simulate().workers()).isEqualTo(8);
        assertThat(run.simulate().link()).isEqualTo("1gbit,0.2ms");
        assertThat(run.tau()).isEqualTo(16);
        assertThat(run.stop().maxSteps()).isEqualTo(200);
        assertThat(run.stop().targetTestError()).isEqualTo(0.08);
        assertThat(r.sweep("plan").at("/grid/workers").toString()).isEqualTo("[1,8]");
        assertThat(r.sweep("plan").at("/grid/tau").toString()).isEqualTo("[1,16]");
        assertThat(r.sweep("plan").at("/target/testError").asDouble()).isEqualTo(0.08);
        PlanRequest d = PlanRequest.parse("{ \"link\": \"10gbit,0.05ms\", \"target\": { \"testError\": 0.1 } }");
        assertThat(d.workers()).isEqualTo(PlanRequest.DEFAULT_WORKERS);
        assertThat(d.tau()).isEqualTo(PlanRequest.DEFAULT_TAU);
        assertThat(d.maxSteps()).isEqualTo(PlanRequest.DEFAULT_MAX_STEPS);
    }

    @Test
    void badFieldsAreNamedAsThePlanNamesThem() {
        assertThat(fields("{ \"link\": \"1gbit,0.2ms\" }")).containsExactly("target.testError");
        assertThat(fields("{ \"target\": { \"testError\": 0.1 } }")).containsExactly("link");
        assertThat(fields("{ \"link\": \"1gbit,0.2ms\", \"target\": { \"testError\": 1.5 } }"))
                .containsExactly("target.testError");
        assertThat(fields("{ \"link\": \"1gbit,0.2ms\", \"workers\": [2, 0, 2], \"target\": { \"testError\": 0.1 } }"))
                .containsExactly("workers[1]", "workers[2]");
        assertThat(fields("{ \"link\": \"1gbit,0.2ms\", \"budget\": { \"maxSteps\": 0 }, \"target\": { \"testError\": 0.1 } }"))
                .containsExactly("budget.maxSteps");
        assertThat(fields("{ \"link\": \"1gbit,0.2ms\", \"colour\": 1, \"target\": { \"testError\": 0.1 } }"))
                .containsExactly("colour");
        assertThat(fields("{ \"spec\": { \"tau\": 4 }, \"link\": \"1gbit,0.2ms\", \"target\": { \"testError\": 0.1 } }"))
                .containsExactly("spec.tau");
        assertThat(fields("{ \"spec\": { \"eta\": -1 }, \"link\": \"1gbit,0.2ms\", \"target\": { \"testError\": 0.1 } }"))
                .containsExactly("spec.eta");
        assertThat(fields("{ \"link\": \"fast\", \"target\": { \"testError\": 0.1 } }")).containsExactly("link");
        assertThatThrownBy(() -> PlanRequest.parse("[]")).isInstanceOf(SpecValidationException.class);
    }

    @Test
    void theTableSaysReachedOrNotWithinTheBudgetAndPicksTheFastest() {
        Sweep.Run reached = new Sweep.Run(11, "p=4 τ=4", Map.of("workers", 4, "tau", 4), JobState.COMPLETED, 0.07, 0.07,
                9.75, 1000L, 2000, 3.0, true, null, 6.0);
        Sweep.Run slow = new Sweep.Run(12, "p=1 τ=4", Map.of("workers", 1, "tau", 4), JobState.COMPLETED, 0.075, 0.075,
                30.0, 1000L, 2000, 3.0, false, null, 6.0);
        Sweep.Run missed = new Sweep.Run(13, "p=1 τ=1", Map.of("workers", 1, "tau", 1), JobState.COMPLETED, 0.112, 0.12,
                null, null, 2000, 3.0, false, null, 6.0);
        Sweep.Run running = new Sweep.Run(14, "p=4 τ=1", Map.of("workers", 4, "tau", 1), JobState.RUNNING, 0.3, 0.3,
                null, null, 2000, 3.0, false, null, 6.0);
        assertThat(PlanService.cell(4, 4, reached).reached()).isTrue();
        assertThat(PlanService.cell(1, 1, missed).reached()).isFalse();
        assertThat(PlanService.cell(1, 1, missed).note()).isEqualTo("not reached within the budget; best test error 0.1120");
        assertThat(PlanService.cell(4, 1, running).reached()).isNull();
        assertThat(PlanService.cell(4, 1, running).note()).isEqualTo("running");
        Sweep sweep = new Sweep(7, "plan", null, io.easgd.backend.sweeps.SweepState.RUNNING, 0, java.time.Instant.EPOCH, null,
                Map.of(), Map.of(), List.of(), new Sweep.Target(0.08), null, List.of(missed, slow, running, reached), 11L, null,
                List.of(), null, null, List.of(), 24.0);
        PlanRequest r = PlanRequest.parse("{ \"link\": \"1gbit,0.2ms\", \"workers\": [1, 4], \"tau\": [1, 4], "
                + "\"target\": { \"testError\": 0.08 } }");
        Plan plan = PlanService.view(new PlanRepository.Row(2, 7, io.easgd.core.spec.Json.MAPPER.valueToTree(r).toString(),
                java.time.Instant.EPOCH), sweep);
        assertThat(plan.cells()).hasSize(4);
        assertThat(plan.fastest().jobId()).isEqualTo(11);
        assertThat(plan.summary()).isEqualTo("3 of 4 runs done; fastest so far: p = 4, τ = 4, 9.8 virtual s to test error 0.08 over 1gbit,0.2ms");
    }
}
