package io.easgd.backend.paramserver;

import io.easgd.backend.agents.AgentSession;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.core.model.FlatNetwork;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.training.BlowUpGuard;
import io.easgd.core.training.JobModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A job this replica is running: its center (inside the master rule), its worker slots, its pending metrics. */
final class JobRun {
    final long jobId;
    final JobSpec spec;
    final JobModel model;
    final MasterRule master;
    final WorkerSlot[] slots;
    final int parameters;
    final long startStep;
    final BlowUpGuard guard;
    volatile boolean running;
    volatile Instant startedAt;
    volatile boolean ending;
    volatile Instant lastCheckpointAt;
    volatile Instant lastEvalAt;
    volatile boolean evaluating;
    volatile Double lastTestError;
    volatile Double lastTestLoss;
    FlatNetwork evalNetwork;                    // used on the evaluator thread only
    private final List<MetricPoint> pending = new ArrayList<>();

    JobRun(long jobId, JobSpec spec, JobModel model, MasterRule master, float[] center, long startStep,
           List<AgentSession> agents, float[] initialForGuard) {
        this.jobId = jobId;
        this.spec = spec;
        this.model = model;
        this.master = master;
        this.parameters = center.length;
        this.startStep = startStep;
        this.guard = BlowUpGuard.of(initialForGuard);
        master.init(center);
        int down = spec.algorithm().singleWorker() ? 0 : center.length;
        this.slots = new WorkerSlot[spec.workers()];
        for (int r = 0; r < slots.length; r++) {
            slots[r] = new WorkerSlot(jobId, r, center.length, down, agents.get(r).id(), agents.get(r).name());
        }
    }

    /** Milliseconds since the job started running (0 before). */
    long millis(Instant now) {
        return startedAt == null ? 0 : Math.max(0, now.toEpochMilli() - startedAt.toEpochMilli());
    }

    void add(MetricPoint p) {
        synchronized (pending) {
            pending.add(p);
        }
    }

    List<MetricPoint> drain() {
        synchronized (pending) {
            List<MetricPoint> out = new ArrayList<>(pending);
            pending.clear();
            return out;
        }
    }

    /** The slowest active worker's step: the job's progress. */
    long step() {
        long min = Long.MAX_VALUE;
        for (WorkerSlot s : slots) {
            if (s.state != WorkerSlot.State.LOST) {
                min = Math.min(min, s.step);
            }
        }
        return min == Long.MAX_VALUE ? 0 : min;
    }

    /** The job's step: the slowest active worker's, counted from the job's start (not this run's). */
    long jobStep() {
        return startStep + step();
    }

    long bytesUp() {
        long b = 0;
        for (WorkerSlot s : slots) {
            b += s.bytesUp;
        }
        return b;
    }

    long bytesDown() {
        long b = 0;
        for (WorkerSlot s : slots) {
            b += s.bytesDown;
        }
        return b;
    }

    WorkerSlot slotOf(String agentId) {
        for (WorkerSlot s : slots) {
            if (agentId.equals(s.agentId) && s.state != WorkerSlot.State.LOST) {
                return s;
            }
        }
        return null;
    }
}
