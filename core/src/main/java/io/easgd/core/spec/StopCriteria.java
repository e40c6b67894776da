package io.easgd.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * When a job ends: after {@code maxSteps} local steps per worker, after {@code maxWallSeconds} of
 * wall time, or once the center's test error is at or below {@code targetTestError}, whichever
 * comes first. Null means "not a criterion"; at least one is set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StopCriteria(Long maxSteps, Long maxWallSeconds, Double targetTestError) {
    public static final long DEFAULT_MAX_STEPS = 2000;

    public static StopCriteria defaults() {
        return new StopCriteria(DEFAULT_MAX_STEPS, null, null);
    }
}
