package io.easgd.backend.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.easgd.core.spec.JobSpec;
import java.time.Instant;
import java.util.List;

/** A job as the API shows it (see docs/api.md). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Job(
        long id,
        String name,
        JobState state,
        int priority,
        JobSpec spec,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Progress progress,
        Result result,
        List<String> warnings,
        String reason) {

    /** Local steps done (the slowest worker's), of how many, and an estimate of the time left. */
    public record Progress(long step, Long totalSteps, Double fraction, Long etaSeconds) {
        static Progress of(long step, Long total, Instant startedAt, Instant now, JobState state) {
            if (total == null || total <= 0) {
                return new Progress(step, total, null, null);
            }
            double fraction = Math.min(1.0, (double) step / total);
            Long eta = null;
            if (state == JobState.RUNNING && startedAt != null && step > 0) {
                double elapsed = Math.max(0, now.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
                eta = Math.round(elapsed / step * (total - step));
            } else if (state.isFinal()) {
                eta = 0L;
            }
            return new Progress(step, total, fraction, eta);
        }
    }

    /** The latest evaluation of the center and the bytes exchanged so far. */
    public record Result(Double testError, Double testLoss, long bytesUp, long bytesDown) {
    }
}
