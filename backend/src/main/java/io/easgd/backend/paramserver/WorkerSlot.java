package io.easgd.backend.paramserver;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rank {@code rank} of a running job: which agent holds it, in which state, how far it got. It is
 * changed only by {@link WorkerSupervisor}, on the job's lane (checked by {@code OwnershipTest});
 * other classes read it through its accessors and named predicates — none compares its states.
 * What the rank exchanges lives in its {@link RankExchange}.
 *
 * <pre>
 *   ASSIGNED ─ready→ READY ─all ready / center sent→ TRAINING ─maxSteps→ FINISHED
 *      ╰──────────────╰──────────────────────────────────╰─agent gone→ LOST ─resume→ TRAINING
 *                                                                          ╰─replacement→ ASSIGNED
 *   VACANT (a rank of a worker range above p) ─admit→ ASSIGNED;  a lost rank above min ─retire→ VACANT
 * </pre>
 */
final class WorkerSlot {
    /**
     * VACANT: no agent holds the rank — a rank of a worker range ({@code "workers": {"min": m, "max":
     * n}}) above the job's current p, never used or retired; it does not count towards p, the job's
     * step or its end.
     */
    enum State { ASSIGNED, READY, TRAINING, LOST, FINISHED, VACANT }

    final int rank;
    final RankExchange exchange;
    private volatile String agentId;
    private volatile String agentName;
    private volatile State state = State.ASSIGNED;
    /** A lost rank: from when it may be given to another agent (the end of its grace period). */
    private volatile Instant replaceableAt;
    /** A lost rank past its grace with no agent to take it: since when it waits for one; else null. */
    private volatile Instant waitingSince;
    /** Local steps done in this run (the job's step is the run's start step plus this). */
    private volatile long step;
    private volatile double stepsPerSecond;
    private long lastProgressStep;
    private Instant lastProgressAt;
    /** Reported as a straggler ({@link StragglerDetector}); since when its rate has been below the threshold, or null. */
    private volatile boolean straggler;
    private Instant slowSince;
    /** Every agent that held this rank in this run, oldest first. */
    private final List<String> holders = new ArrayList<>();
    private int replacements;

    private WorkerSlot(int rank, RankExchange exchange, String agentId, String agentName, State state) {
        this.rank = rank;
        this.exchange = exchange;
        this.agentId = agentId;
        this.agentName = agentName;
        this.state = state;
        if (agentId != null) {
            holders.add(agentId);
        }
    }

    /** A rank held from the start by {@code agentId}. */
    static WorkerSlot held(int rank, RankExchange exchange, String agentId, String agentName) {
        return new WorkerSlot(rank, exchange, agentId, agentName, State.ASSIGNED);
    }

    /** A rank no agent holds yet: above the starting p of a worker range. */
    static WorkerSlot vacant(int rank, RankExchange exchange) {
        return new WorkerSlot(rank, exchange, null, null, State.VACANT);
    }

    // ---------------------------------------------------------------- reading

    String agentId() {
        return agentId;
    }

    String agentName() {
        return agentName;
    }

    /**
     * The rank's recent step rate at {@code now}: its pace between its last two progress reports, 0
     * when the last one is older than {@link StragglerDetector#STALE} (it stopped), NaN before any.
     */
    double recentStepsPerSecond(Instant now) {
        if (lastProgressAt == null) {
            return Double.NaN;
        }
        return now.isAfter(lastProgressAt.plus(StragglerDetector.STALE)) ? 0 : stepsPerSecond;
    }

    boolean isStraggler() {
        return straggler;
    }

    Instant slowSince() {
        return slowSince;
    }

    long step() {
        return step;
    }

    Instant waitingSince() {
        return waitingSince;
    }

    List<String> holders() {
        return List.copyOf(holders);
    }

    int replacements() {
        return replacements;
    }

    /** The state's name, as the API and the rank results show it (a retired rank is {@code RETIRED}). */
    String stateName() {
        return state == State.VACANT && !holders.isEmpty() ? "RETIRED" : state.name();
    }

    boolean holds(String agent) {
        return agent.equals(agentId);
    }

    /** Counts towards the job's p: held by an agent, or lost and waiting for a replacement. */
    boolean counted() {
        return state != State.VACANT;
    }

    /** Never held by any agent in this run (a rank of a worker range above its start, never used). */
    boolean neverHeld() {
        return state == State.VACANT && holders.isEmpty();
    }

    boolean isVacant() {
        return state == State.VACANT;
    }

    boolean isAssigned() {
        return state == State.ASSIGNED;
    }

    /** Exchanging with the master: the only state whose uploads are taken. */
    boolean isTraining() {
        return state == State.TRAINING;
    }

    boolean isLost() {
        return state == State.LOST;
    }

    boolean isFinished() {
        return state == State.FINISHED;
    }

    /** Held by an agent that has not finished: assigned, ready or training. */
    boolean isActive() {
        return state == State.ASSIGNED || state == State.READY || state == State.TRAINING;
    }

    /** Finished or lost: nothing more will come from its agent unless a lost rank resumes. */
    boolean isEnded() {
        return state == State.FINISHED || state == State.LOST;
    }

    /** Ready to train, or no part of the run (vacant): what the start of training waits for. */
    boolean readyOrVacant() {
        return state == State.READY || state == State.VACANT;
    }

    /** Its steps make the job's progress: held, not lost, not vacant. */
    boolean paces() {
        return state != State.LOST && state != State.VACANT;
    }

    /**
     * Nothing more will come of this rank at {@code now}: finished, vacant, or lost past its grace
     * period. A lost rank inside its grace may still resume, so it is not done.
     */
    boolean isDoneAt(Instant now) {
        return state == State.FINISHED || state == State.VACANT
                || (state == State.LOST && !now.isBefore(replaceableAt));
    }

    /** A lost rank whose grace period is over at {@code now}: another agent may take it. */
    boolean replaceableAt(Instant now) {
        return state == State.LOST && !now.isBefore(replaceableAt);
    }

    // ---------------------------------------------------------------- changes (WorkerSupervisor only)

    void markReady() {
        if (state == State.ASSIGNED) {
            state = State.READY;
        }
    }

    void markTraining() {
        state = State.TRAINING;
    }

    void markFinished(long steps) {
        advanceTo(steps);
        state = State.FINISHED;
    }

    /** The agent is gone; the rank may be given to another agent from {@code replaceable} on. */
    void markLost(Instant replaceable) {
        state = State.LOST;
        replaceableAt = replaceable;
        waitingSince = null;
    }

    /** The lost rank's agent came back with its state: it trains on (or waits for the start). */
    void markResumed(boolean running) {
        if (running) {
            state = State.TRAINING;     // before the start it stays READY until all are
        }
        replaceableAt = null;
        waitingSince = null;
    }

    /** Past its grace with no agent to take it, from {@code since}. */
    void markWaiting(Instant since) {
        if (waitingSince == null) {
            waitingSince = since;
        }
    }

    /** The rank's steps are at least {@code steps} (from progress, an exchange or a finish). */
    void advanceTo(long steps) {
        step = Math.max(step, steps);
    }

    /** A progress report at {@code steps}: the worker's pace. */
    void progressed(long steps, Instant now) {
        if (lastProgressAt != null && now.isAfter(lastProgressAt)) {
            stepsPerSecond = (steps - lastProgressStep) / (java.time.Duration.between(lastProgressAt, now).toNanos() / 1e9);
        }
        lastProgressAt = now;
        lastProgressStep = steps;
        advanceTo(steps);
    }

    /** What {@link StragglerDetector} decided for the rank: whether it is a straggler, and since when it has been slow. */
    void judged(boolean isStraggler, Instant since) {
        straggler = isStraggler;
        slowSince = since;
    }

    /** A fresh agent takes this lost rank from {@code fromStep}: it starts from the center with new sequence numbers. */
    void reassign(String agent, String name, long fromStep) {
        take(agent, name, fromStep);
        replacements++;
    }

    /** An agent joins the job as this vacant rank (p grows) from {@code fromStep}; not a replacement. */
    void admit(String agent, String name, long fromStep) {
        take(agent, name, fromStep);
        stepsPerSecond = 0;
    }

    private void take(String agent, String name, long fromStep) {
        agentId = agent;
        agentName = name;
        state = State.ASSIGNED;
        step = fromStep;
        replaceableAt = null;
        waitingSince = null;
        lastProgressAt = null;
        holders.add(agent);
        exchange.restart();
    }

    /** The rank is given up (p shrinks): no agent holds it any more. */
    void vacate() {
        state = State.VACANT;
        agentId = null;
        agentName = null;
        replaceableAt = null;
        waitingSince = null;
        lastProgressAt = null;
    }

    /** The worker row of the API (docs/api.md). */
    Map<String, Object> view(long jobId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", jobId);
        m.put("rank", rank);
        m.put("agentId", agentId);
        m.put("agentName", agentName);
        m.put("state", state.name());
        m.put("step", step);
        m.put("stepsPerSecond", Math.round(stepsPerSecond * 10) / 10.0);
        m.put("waitingSince", waitingSince == null ? null : waitingSince.toString());
        m.put("straggler", straggler);
        exchange.describe(m);
        return m;
    }
}
