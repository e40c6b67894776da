package io.easgd.core.training;

import java.util.Locale;

/**
 * Declares a run diverged when the evaluated variable's norm grows past {@code factor} times its
 * initial norm. A DOWNPOUR run at too large a τ·η often does not produce NaN at once: its ReLU
 * units die and the weights grow by many orders of magnitude while the loss sits at chance level.
 * Healthy runs here stay within a few times the initial norm (MLP on MNIST: 33 → 35).
 */
public record BlowUpGuard(double initialNorm, double factor) {
    public static final double DEFAULT_FACTOR = 1000;

    public static BlowUpGuard of(float[] initial) {
        return new BlowUpGuard(io.easgd.core.rules.Vec.norm(initial), DEFAULT_FACTOR);
    }

    /** A reason when {@code norm} (of the evaluated variable) shows a blow-up, else null. */
    public String check(double norm) {
        double limit = factor * Math.max(1, initialNorm);
        if (!Double.isFinite(norm) || norm > limit) {
            return String.format(Locale.ROOT, "the parameter norm grew from %.1f to %.3g (limit %.3g)",
                    initialNorm, norm, limit);
        }
        return null;
    }
}
