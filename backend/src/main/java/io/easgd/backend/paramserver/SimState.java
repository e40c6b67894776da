package io.easgd.backend.paramserver;

import io.easgd.backend.jobs.Job;
import io.easgd.core.protocol.ToServer;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a simulated job's run stands, as its agent reported it: the settings it uses, virtual time,
 * worker 0's steps, the latest center scores and the payload bytes of its virtual workers. Written by
 * {@link SimResults} on the job's lane; read by the flusher (the job's row) from its thread.
 */
final class SimState {
    private volatile ToServer.SimStarted started;
    private volatile double virtualSeconds;
    private volatile long steps;
    private volatile Double testError;
    private volatile Double testLoss;
    private volatile long bytesUp;
    private volatile long bytesDown;
    private volatile boolean dirty;
    /** Cumulative payload bytes of each virtual worker, up and down (the lane only). */
    private final Map<Integer, long[]> perWorker = new HashMap<>();

    void started(ToServer.SimStarted s) {
        started = s;
        dirty = true;
    }

    ToServer.SimStarted started() {
        return started;
    }

    void advanced(double seconds, long step) {
        virtualSeconds = Math.max(virtualSeconds, seconds);
        steps = Math.max(steps, step);
        dirty = true;
    }

    void scored(double error, double loss) {
        testError = error;
        testLoss = loss;
    }

    /** Adds an exchange's bytes; returns worker {@code worker}'s cumulative bytes {up, down}. */
    long[] exchanged(int worker, long up, long down) {
        long[] b = perWorker.computeIfAbsent(worker, w -> new long[2]);
        b[0] += up;
        b[1] += down;
        bytesUp += up;
        bytesDown += down;
        return b.clone();
    }

    /** The run's end: the totals the agent counted replace the sums of the points. */
    void ended(ToServer.SimEnded e) {
        virtualSeconds = Math.max(virtualSeconds, e.virtualSeconds());
        steps = Math.max(steps, e.steps());
        bytesUp = e.bytesUp();
        bytesDown = e.bytesDown();
        dirty = true;
    }

    double virtualSeconds() {
        return virtualSeconds;
    }

    long steps() {
        return steps;
    }

    Double testError() {
        return testError;
    }

    Double testLoss() {
        return testLoss;
    }

    long bytesUp() {
        return bytesUp;
    }

    long bytesDown() {
        return bytesDown;
    }

    /** True once per change of the settings or the virtual time: the job's row needs them. */
    boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }

    void markDirty() {
        dirty = true;
    }

    /** The job's {@code simulation} (null until the agent started the run). */
    Job.Simulation view(io.easgd.core.spec.JobSpec spec) {
        ToServer.SimStarted s = started;
        if (s == null) {
            return null;
        }
        return new Job.Simulation(s.workers(), spec.simulate().link(), spec.simulate().serverLink(), s.stepMs(),
                s.stepMsMeasured(), s.jitter(), s.jitterMeasured(), virtualSeconds);
    }
}
