package io.easgd.backend.paramserver;

import java.time.Duration;
import java.time.Instant;

/**
 * A run's evaluations and checkpoints: when the last ones began, whether one is running, how long
 * the last evaluation took (which paces the next) and the latest test error and loss. Changed only
 * by {@link RunLifecycle} (checked by {@code OwnershipTest}); read from any thread.
 */
final class RunScores {
    private volatile Instant lastEvalAt;
    private volatile boolean evaluating;
    private volatile double lastEvalSeconds;
    private volatile Instant lastCheckpointAt;
    private volatile Double testError;
    private volatile Double testLoss;

    /** An evaluation is due at {@code now}: none is running and the last began at least {@code every} ago. */
    boolean evaluationDue(Duration every, Instant now) {
        return !evaluating && due(lastEvalAt, every, now);
    }

    boolean checkpointDue(Duration every, Instant now) {
        return due(lastCheckpointAt, every, now);
    }

    private static boolean due(Instant last, Duration every, Instant now) {
        return last == null || !now.isBefore(last.plus(every));
    }

    void evaluationStarted(Instant now) {
        evaluating = true;
        lastEvalAt = now;
    }

    /** The evaluation that started last is over; {@code seconds} is how long it took, null when it failed. */
    void evaluationEnded(Double seconds) {
        evaluating = false;
        if (seconds != null) {
            lastEvalSeconds = seconds;
        }
    }

    void checkpointStarted(Instant now) {
        lastCheckpointAt = now;
    }

    void scored(double error, double loss) {
        testError = error;
        testLoss = loss;
    }

    /** How long the last evaluation took, seconds (0 before one). */
    double lastEvalSeconds() {
        return lastEvalSeconds;
    }

    Double testError() {
        return testError;
    }

    Double testLoss() {
        return testLoss;
    }
}
