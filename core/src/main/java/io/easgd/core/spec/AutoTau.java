package io.easgd.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of {@code "tau": "auto"} (the job spec's {@code autoTau} object): the platform picks
 * τ during the run so that each worker's wire time per exchange stays near {@code commShare} of its
 * compute time per τ local steps, within [{@code min}, {@code max}], starting at {@code initial}.
 * The policy itself is {@code io.easgd.core.training.AutoTauPolicy}. Every field is optional in
 * JSON and gets its default; each bad one is named ("autoTau.max must be in [1, 65536], found 0").
 */
public record AutoTau(double commShare, int min, int max, int initial) {
    public static final double DEFAULT_COMM_SHARE = 0.1;
    public static final int DEFAULT_MIN = 1;
    public static final int DEFAULT_MAX = 256;
    /** The largest τ auto may use or be bounded by. */
    public static final int LIMIT = 65536;

    public AutoTau {
        List<FieldError> errors = new ArrayList<>();
        if (!(Double.isFinite(commShare) && commShare > 0 && commShare < 1)) {
            errors.add(new FieldError("autoTau.commShare", "must be in (0, 1), found " + commShare));
        }
        boolean minOk = min >= 1 && min <= LIMIT;
        if (!minOk) {
            errors.add(new FieldError("autoTau.min", "must be in [1, " + LIMIT + "], found " + min));
        }
        int floor = minOk ? min : 1;
        boolean maxOk = max >= floor && max <= LIMIT;
        if (!maxOk) {
            errors.add(new FieldError("autoTau.max", "must be in [" + floor + ", " + LIMIT + "] (at least min), found "
                    + max));
        }
        if (minOk && maxOk && (initial < min || initial > max)) {
            errors.add(new FieldError("autoTau.initial", "must be in [min, max] = [" + min + ", " + max + "], found "
                    + initial));
        }
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
    }

    /** The defaults: 10 % of the step time on the wire, τ in [1, 256], starting at 1. */
    public static AutoTau defaults() {
        return new Draft(null, null, null, null).toAutoTau();
    }

    /** τ clamped to [min, max]. */
    public int clamp(int tau) {
        return Math.max(min, Math.min(max, tau));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static AutoTau fromDraft(Draft draft) {
        return draft.toAutoTau();
    }

    /** The object as it arrives: a missing field gets its default ({@code initial}: {@code min}). */
    public record Draft(Double commShare, Integer min, Integer max, Integer initial) {
        public AutoTau toAutoTau() {
            int lo = min != null ? min : DEFAULT_MIN;
            return new AutoTau(commShare != null ? commShare : DEFAULT_COMM_SHARE, lo,
                    max != null ? max : Math.max(DEFAULT_MAX, lo), initial != null ? initial : lo);
        }
    }
}
