package io.easgd.backend.plans;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The body of {@code POST /plans} as the OpenAPI document describes it (the server reads it itself,
 * {@link PlanRequest#parse}, a 400 naming each bad or unknown field).
 */
@Schema(name = "PlanRequest", description = "A job spec and a link: the plan runs a short simulated job per (p, τ)")
record PlanRequestBody(
        @Schema(description = "a job spec without tau and simulate (the plan sets them); its workers is ignored",
                ref = "#/components/schemas/JobSpec") Object spec,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "1gbit,0.2ms",
                description = "per worker: <bandwidth>,<latency>, as simulate.link") String link,
        @Schema(example = "10gbit", description = "the server's link, shared by all workers (default: link's bandwidth)")
        String serverLink,
        @Schema(description = "\"measured\" (default) or milliseconds of compute per local step", example = "measured")
        String stepMs,
        @Schema(description = "\"measured\" (default) or the step time's coefficient of variation", example = "measured")
        String jitter,
        @Schema(description = "worker counts to try, each in [1, 64]; default [1, 2, 4, 8, 16]") List<Integer> workers,
        @Schema(description = "periods to try, each >= 1; default [1, 4, 16]") List<Integer> tau,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Target target,
        Budget budget) {

    @Schema(name = "PlanTarget")
    record Target(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "in (0, 1)", example = "0.08")
                  double testError) {
    }

    @Schema(name = "PlanBudget")
    record Budget(@Schema(description = "local steps per worker a run may take; default 300, at most 100000",
            example = "300") long maxSteps) {
    }
}
