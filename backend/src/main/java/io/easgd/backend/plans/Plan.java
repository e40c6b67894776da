package io.easgd.backend.plans;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.easgd.backend.jobs.JobState;
import io.easgd.backend.sweeps.SweepState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A plan as {@code GET /api/v1/plans/{id}} shows it (docs/api.md, "Plans"): what was asked, the sweep of
 * simulated runs it became, one cell per (p, τ) with its predicted virtual time to the target (or,
 * not reached within the budget, its best error), and the fastest choice so far.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Plan(long id, long sweepId, SweepState state, Instant createdAt, String link, String serverLink,
                   double targetTestError, long maxSteps, List<Integer> workers, List<Integer> tau, List<Cell> cells,
                   Cell fastest, String summary) {

    /**
     * One (p, τ): its simulated job and what it predicts.
     *
     * @param secondsToTarget virtual seconds from the start to the target test error; null when not reached
     * @param reached true once the run reached the target; false once it ended without (within the budget)
     * @param bestTestError the lowest test error the run reached so far
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "PlanCell")
    public record Cell(int workers, int tau, long jobId, JobState state, Double secondsToTarget, Boolean reached,
                       Double bestTestError, String note) {
    }
}
