package io.easgd.backend.sweeps;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.easgd.backend.jobs.JobState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sweep as {@code GET /sweeps/{id}} shows it (docs/api.md, "Sweeps"): the request it was created
 * from with the preset resolved, its runs with their results, the best run's job id and, when the
 * runs cover the paper's cells, the verdict. {@code warnings}: what keeps runs from starting now (a
 * run needs more workers than agents are connected). With a search ({@code search}, {@code sample}, docs/api.md
 * "Searches"): its {@code rungs} and their decisions; {@code workerSeconds}: what all its runs cost.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Sweep(
        long id,
        String name,
        String preset,
        SweepState state,
        int priority,
        Instant createdAt,
        Instant finishedAt,
        Map<String, Object> base,
        Map<String, Object> grid,
        List<Object> extra,
        Target target,
        Counts counts,
        List<Run> runs,
        Long best,
        PaperVerdict.Verdict verdict,
        List<String> warnings,
        Map<String, Object> sample,
        Map<String, Object> search,
        List<Rung> rungs,
        double workerSeconds) {

    @Schema(name = "SweepTarget")
    public record Target(double testError) {
    }

    /** Jobs by state; {@code queued} includes ASSIGNING. */
    @Schema(name = "SweepCounts")
    public record Counts(int total, int queued, int running, int completed, int failed, int cancelled,
                         int stoppedEarly) {
        static Counts of(Map<JobState, Integer> byState) {
            int q = byState.getOrDefault(JobState.QUEUED, 0) + byState.getOrDefault(JobState.ASSIGNING, 0);
            int r = byState.getOrDefault(JobState.RUNNING, 0);
            int c = byState.getOrDefault(JobState.COMPLETED, 0);
            int f = byState.getOrDefault(JobState.FAILED, 0);
            int x = byState.getOrDefault(JobState.CANCELLED, 0);
            int e = byState.getOrDefault(JobState.STOPPED_EARLY, 0);
            return new Counts(q + r + c + f + x + e, q, r, c, f, x, e);
        }
    }

    /**
     * One run: its job, what it varied, and its results (null until known).
     *
     * @param secondsToTarget seconds since the job started running when the center's test error first
     *     reached the target (interpolated between evaluations); null if it never did
     * @param bytesToTarget bytes up and down, all workers, at that moment
     * @param bytesTotal bytes up and down so far
     * @param wallSeconds from running to its end (or to now while it runs); null before it ran
     * @param best the sweep's best run: the fastest to the target, else the lowest best test error
     * @param rung the highest rung of a search decided for it; null before any (or without a search)
     * @param workerSeconds what it cost: {@code wallSeconds} × p, or for a simulated job its virtual seconds
     *     (its last evaluation) × its virtual workers; null before it ran
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "SweepRun")
    public record Run(long jobId, String label, Map<String, Object> params, JobState state, Double bestTestError,
                      Double finalTestError, Double secondsToTarget, Long bytesToTarget, long bytesTotal,
                      Double wallSeconds, boolean best, Integer rung, Double workerSeconds) {
    }

    /**
     * One rung of a search's bracket: its value in the resource and the decisions taken there, in order;
     * {@code ended} the runs below the best that had completed before they were ranked (nothing to stop).
     */
    @Schema(name = "SweepRung")
    public record Rung(int bracket, int rung, long at, int decided, int promoted, int stopped, int ended,
                       List<RungDecision> decisions) {
    }

    /**
     * A run ranked at a rung: {@code value} the resource at its deciding evaluation, {@code decision} PROMOTED,
     * STOPPED, or ENDED (below the best, ranked after it had completed).
     */
    @Schema(name = "SweepRungDecision")
    public record RungDecision(long jobId, double value, double testError, int rank, int of, int keep, String decision,
                               Instant decidedAt) {
    }

    /** A sweep in the list: everything but the runs, the best run and the verdict. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "SweepSummary")
    public record Summary(long id, String name, String preset, SweepState state, int priority, Instant createdAt,
                          Instant finishedAt, Map<String, Object> base, Map<String, Object> grid, List<Object> extra,
                          Target target, Counts counts) {
    }

    @Schema(name = "SweepPage")
    public record Page(List<Summary> items, int page, int size, long total) {
    }
}
