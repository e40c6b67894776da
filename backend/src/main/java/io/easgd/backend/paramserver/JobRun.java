package io.easgd.backend.paramserver;

import io.easgd.backend.metrics.MetricPoint;
import io.easgd.core.model.FlatNetwork;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.rules.RoundMaster;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.training.AutoTauPolicy;
import io.easgd.core.training.BlowUpGuard;
import io.easgd.core.training.JobModel;
import io.easgd.core.training.Rules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A job this replica is running: its master rule (holding the center), its worker slots, its lane
 * and its pending metric points. What changes while it runs has one owner each: its phase and
 * scores {@link RunLifecycle}, its slots {@link WorkerSupervisor}, its auto-τ state
 * {@link AutoTauControl}; the pending points are a queue any thread adds to and the flusher drains.
 */
final class JobRun {
    final long jobId;
    final JobSpec spec;
    final JobModel model;
    final MasterRule master;
    final WorkerSlot[] slots;
    final int parameters;
    /** The job's step this run started from (0, or the checkpoint's step after a restart). */
    final long startStep;
    /**
     * Synchronous rules: each rank's {@code arrivals} when this run started (restored from a
     * checkpoint): all equal to the master's rounds then, unless the job has a round deadline, under
     * which a rank may have missed rounds.
     */
    private final long[] arrivalsAtStart;
    final BlowUpGuard guard;
    final Lane lane;
    /** The dataset's files, as an assignment names them. */
    final ToAgent.DatasetRef dataset;
    /** Assigning, running or ending ({@link RunLifecycle} changes it). */
    final RunPhase phase = new RunPhase();
    /** Evaluations, checkpoints and the latest test scores ({@link RunLifecycle} changes them). */
    final RunScores scores = new RunScores();
    /** Worker events and τ changes waiting for the database. */
    final Outbox outbox = new Outbox();
    /** Auto-τ ({@code "tau": "auto"}): the policy and the τ the workers run with now; null for a fixed τ. */
    final AutoTauRun autoTau;
    /** Each worker's compute and wait shares and exchange throughput, the job's compute utilization ({@link WorkerSupervisor}, on the lane). */
    final WorkerTimes times = new WorkerTimes();
    /** Uploads refused because they held NaN or ±Inf ({@link WorkerSupervisor} counts them, on the lane). */
    private int rejectedUploads;
    /** A simulated job ({@code spec.simulate}): what its agent reported ({@link SimResults} writes it); null for a real job. */
    final SimState sim;
    FlatNetwork evalNetwork;                    // used on the evaluator thread only
    /** Metric points kept in memory while they wait to be written (the database may be away). */
    static final int MAX_PENDING_POINTS = 1_000_000;
    private final java.util.ArrayDeque<MetricPoint> pending = new java.util.ArrayDeque<>();
    private long droppedPoints;
    private long flushedStep = -1;

    /**
     * @param liveTau auto-τ: the τ the job ran with when it was last stopped (the job row's
     *     {@code live_tau}), null for {@code autoTau.initial}; ignored for a fixed τ
     */
    JobRun(long jobId, JobSpec spec, JobModel model, MasterRule master, long startStep, List<Holder> holders,
           BlowUpGuard guard, Lane lane, ToAgent.DatasetRef dataset, Integer liveTau) {
        this.autoTau = spec.tauAuto() ? new AutoTauRun(new AutoTauPolicy(spec.autoTau()), spec.maxWorkers(),
                liveTau != null ? liveTau : spec.tau()) : null;
        this.dataset = dataset;
        this.jobId = jobId;
        this.spec = spec;
        this.model = model;
        this.master = master;
        this.parameters = master.size();
        this.startStep = startStep;
        this.arrivalsAtStart = new long[master instanceof RoundMaster ? spec.workers() : 0];
        for (int r = 0; r < arrivalsAtStart.length; r++) {
            arrivalsAtStart[r] = ((RoundMaster) master).arrivals(r);
        }
        this.guard = guard;
        this.lane = lane;
        this.sim = spec.simulate() != null ? new SimState() : null;
        if (sim != null ? holders.size() != 1
                : holders.size() < spec.workers() || holders.size() > spec.maxWorkers()) {
            throw new IllegalArgumentException("job " + jobId + " starts with " + holders.size() + " agents, its spec "
                    + "needs " + (sim != null ? "1 (simulated)" : spec.workersLabel()));
        }
        int[] payload = Rules.payload(spec, parameters);
        // a worker range: ranks above the start are vacant; a simulated job has one rank, its agent
        this.slots = new WorkerSlot[sim != null ? 1 : spec.maxWorkers()];
        for (int r = 0; r < slots.length; r++) {
            RankExchange exchange = new RankExchange(jobId, r, payload[0], payload[1], spec.compression(),
                    !master.checksUploads());
            slots[r] = r < holders.size() ? WorkerSlot.held(r, exchange, holders.get(r).id(), holders.get(r).name())
                    : WorkerSlot.vacant(r, exchange);
        }
        this.workersChanged = spec.elasticWorkers();
    }

    /** p now: the ranks held by an agent or waiting for a replacement ({@link WorkerSlot#counted()}). */
    int workers() {
        int p = 0;
        for (WorkerSlot s : slots) {
            if (s.counted()) {
                p++;
            }
        }
        return p;
    }

    /** A worker range: p changed since the job's row last got it ({@code live_workers}). */
    private volatile boolean workersChanged;

    void markWorkersChanged() {
        workersChanged = true;
    }

    /** True once after each change of p: the job's row needs it. */
    boolean takeWorkersChanged() {
        boolean c = workersChanged;
        workersChanged = false;
        return c;
    }

    /** The agent that first holds a rank. */
    record Holder(String id, String name) {
    }

    /** τ in an assignment: the job's current τ when it is auto, else null (the spec has it). */
    Integer assignTau() {
        return autoTau == null ? null : autoTau.tau();
    }

    /** Milliseconds since the job started running (0 before). */
    long millis(Instant now) {
        Instant startedAt = phase.startedAt();
        return startedAt == null ? 0 : Math.max(0, now.toEpochMilli() - startedAt.toEpochMilli());
    }

    void add(MetricPoint p) {
        synchronized (pending) {
            if (pending.size() >= MAX_PENDING_POINTS) {
                pending.removeFirst();              // the database has been away long: oldest points go first
                droppedPoints++;
            }
            pending.add(p);
        }
    }

    /** Points dropped since the last call because more than {@link #MAX_PENDING_POINTS} waited for the database. */
    long takeDroppedPoints() {
        synchronized (pending) {
            long n = droppedPoints;
            droppedPoints = 0;
            return n;
        }
    }

    /**
     * Synchronous rules: the steps of this run that rank {@code rank}'s uploads up to its
     * {@code arrivals}-th stand for ((arrivals − its arrivals at the start) × τ). Without a round
     * deadline every rank's arrivals follow the rounds: the steps of the rounds since the start.
     */
    long stepsOfArrivals(int rank, long arrivals) {
        return (arrivals - arrivalsAtStart[rank]) * spec.tau();
    }

    /**
     * Synchronous rules: the furthest rank's {@link #stepsOfArrivals}, for the arrivals
     * {@code arrivalsOf} gives per rank — where a checkpoint, or a replacement under a round deadline,
     * puts the job's rounds.
     */
    long furthestStepsOfArrivals(java.util.function.IntToLongFunction arrivalsOf) {
        long furthest = 0;
        for (int r = 0; r < arrivalsAtStart.length; r++) {
            furthest = Math.max(furthest, stepsOfArrivals(r, arrivalsOf.applyAsLong(r)));
        }
        return furthest;
    }

    List<MetricPoint> drain() {
        synchronized (pending) {
            List<MetricPoint> out = new ArrayList<>(pending);
            pending.clear();
            return out;
        }
    }

    /** True once per change of the job's step: the progress row needs writing. */
    boolean stepChanged() {
        long s = jobStep();
        synchronized (pending) {
            if (s == flushedStep) {
                return false;
            }
            flushedStep = s;
            return true;
        }
    }

    /** A progress write failed: the next flush writes the step again. */
    void forgetFlushedStep() {
        synchronized (pending) {
            flushedStep = -1;
        }
    }

    /** The slowest active worker's step in this run: the job's progress. */
    long step() {
        long min = Long.MAX_VALUE;
        for (WorkerSlot s : slots) {
            if (s.paces()) {
                min = Math.min(min, s.step());
            }
        }
        return min == Long.MAX_VALUE ? 0 : min;
    }

    /** The job's step: the slowest active worker's, counted from the job's start (not this run's); a simulated job's virtual worker 0's. */
    long jobStep() {
        return sim != null ? sim.steps() : startStep + step();
    }

    /**
     * The job's step the master's state stands for, for a checkpoint of an asynchronous rule: the slowest
     * active worker's, each worker's taken as the further of its last progress report and its last applied
     * upload. Progress goes about once a second and uploads every τ steps, so the report alone often lags
     * what the master already holds (measured in the fault soak: a report at step 117, the upload of step 120
     * applied); a restart from the report's step redoes those steps. Read it before the master's snapshot:
     * the state then holds every upload it counts.
     */
    long reachedJobStep() {
        long min = Long.MAX_VALUE;
        for (WorkerSlot s : slots) {
            if (s.paces()) {
                min = Math.min(min, Math.max(startStep + s.step(), s.exchange.lastAppliedStep()));
            }
        }
        return min == Long.MAX_VALUE ? startStep : min;
    }

    long bytesUp() {
        if (sim != null) {
            return sim.bytesUp();
        }
        long b = 0;
        for (WorkerSlot s : slots) {
            b += s.exchange.bytesUp();
        }
        return b;
    }

    long bytesDown() {
        if (sim != null) {
            return sim.bytesDown();
        }
        long b = 0;
        for (WorkerSlot s : slots) {
            b += s.exchange.bytesDown();
        }
        return b;
    }

    /** One more upload refused for NaN or ±Inf; returns how many this run refused. On the job's lane. */
    int rejectUpload() {
        return ++rejectedUploads;
    }

    /** Training started and the run is not ending. */
    boolean live() {
        return phase.running() && !phase.ending();
    }

    WorkerSlot slot(int rank) {
        return rank >= 0 && rank < slots.length ? slots[rank] : null;
    }
}
