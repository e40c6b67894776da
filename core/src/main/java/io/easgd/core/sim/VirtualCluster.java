package io.easgd.core.sim;

import io.easgd.core.model.FlatNetwork;
import io.easgd.core.model.MinibatchGradient;
import io.easgd.core.spec.Simulate;
import io.easgd.core.training.JobModel;
import io.easgd.core.training.RunReport;
import java.util.Arrays;

/**
 * The job's p = {@code simulate.workers} workers in ONE process, with the real rules and real DL4J
 * gradients, ordered by a discrete-event clock in virtual time (docs/virtual-cluster.md).
 */
public final class VirtualCluster {

    /** Callbacks, called from the thread that runs {@link #run()}'s current event, one at a time. */
    public interface Listener {
        /** {@code point.seconds()} is VIRTUAL seconds. */
        default void onEvaluation(RunReport.EvalPoint point) {
        }

        /** One per applied exchange, in the order the master applied them. */
        default void onExchange(Exchanged e) {
        }

        default void onStep(int worker, long step, double loss, double virtualSeconds) {
        }
    }

    /**
     * One exchange the master applied: worker {@code worker} at its local step {@code step}, applied
     * at {@code virtualSeconds}; {@code staleness} = master updates since this worker's previous
     * exchange was applied (by the other workers); bytes as the platform would send them; {@code
     * exchangeMs} the virtual time from the upload's start to the reply's arrival.
     */
    public record Exchanged(int worker, long step, double virtualSeconds, long staleness,
                            long bytesUp, long bytesDown, double exchangeMs) {
    }

    private final JobModel model;
    private final double stepMs;
    private final int evalEvery;
    private final Listener listener;

    /**
     * @param stepMs    mean compute time of one local step, ms (the spec's {@code simulate.stepMs},
     *                  or the measured one for "measured")
     * @param evalEvery the center is evaluated every {@code evalEvery} local steps of worker 0, like
     *                  {@code InProcessRunner}, free in virtual time
     */
    public VirtualCluster(JobModel model, double stepMs, int evalEvery, Listener listener) {
        Simulate sim = model.spec().simulate();
        if (sim == null) {
            throw new IllegalArgumentException("the spec has no \"simulate\"");
        }
        if (!(Double.isFinite(stepMs) && stepMs > 0)) {
            throw new IllegalArgumentException("stepMs must be > 0, found " + stepMs);
        }
        if (evalEvery < 1) {
            throw new IllegalArgumentException("evalEvery must be >= 1, found " + evalEvery);
        }
        this.model = model;
        this.stepMs = stepMs;
        this.evalEvery = evalEvery;
        this.listener = listener != null ? listener : new Listener() { };
    }

    /** Runs to the spec's stop criteria (maxWallSeconds counted in virtual seconds). */
    public RunReport run() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * The median wall time of one local step of the job's own model on this machine, ms: {@code warmup}
     * steps first (JIT, allocation), then the median of {@code steps} timed steps of worker 0's gradient.
     */
    public static double measureStepMs(JobModel model, int warmup, int steps) {
        if (warmup < 0 || steps < 1) {
            throw new IllegalArgumentException("warmup must be >= 0 and steps >= 1, found " + warmup + ", " + steps);
        }
        FlatNetwork net = model.newNetwork();
        MinibatchGradient gradient = model.gradient(0, net);
        float[] x = net.initialParams();
        float[] g = new float[x.length];
        for (int i = 0; i < warmup; i++) {
            gradient.compute(x, g);
        }
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            gradient.compute(x, g);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return steps % 2 == 1 ? ms[steps / 2] : (ms[steps / 2 - 1] + ms[steps / 2]) / 2;
    }
}
