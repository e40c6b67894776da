package io.easgd.core.training;

import java.util.List;

/**
 * What an in-process run measured: per-step training loss of each worker, the center's test loss
 * and error over time, and payload bytes exchanged, up and down, as the spec's {@code compression} encodes them
 * ({@link io.easgd.core.compression.Compression#encodedBytes}: 4 bytes a float for none).
 */
public record RunReport(
        List<StepPoint> trainLoss,
        List<EvalPoint> evaluations,
        long exchanges,
        long payloadBytesUp,
        long payloadBytesDown,
        long stepsPerWorker,
        double wallSeconds,
        Outcome outcome,
        String reason) {

    public enum Outcome { COMPLETED, DIVERGED }

    /** Worker {@code worker}'s minibatch loss at its local step {@code step}. */
    public record StepPoint(int worker, long step, double loss) {
    }

    /**
     * The evaluated variable's test loss and error after {@code masterUpdates}, at {@code seconds};
     * {@code norm} is its Euclidean norm, which the blow-up guard watches; {@code payloadBytes} the
     * bytes exchanged so far, up and down.
     */
    public record EvalPoint(double seconds, long step, long masterUpdates, double testLoss, double testError,
                            double norm, long payloadBytes) {
    }

    public EvalPoint last() {
        return evaluations.isEmpty() ? null : evaluations.get(evaluations.size() - 1);
    }

    public double bestTestError() {
        return evaluations.stream().mapToDouble(EvalPoint::testError).min().orElse(Double.NaN);
    }
}
