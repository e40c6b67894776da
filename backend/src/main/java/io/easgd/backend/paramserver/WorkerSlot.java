package io.easgd.backend.paramserver;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rank {@code rank} of a running job: which agent holds it, in which state, how far it got. Its
 * state is written only by {@link WorkerSupervisor}, on the job's lane; other threads read it.
 * What the rank exchanges lives in its {@link RankExchange}, owned by {@link ExchangeService}.
 */
final class WorkerSlot {
    /**
     * VACANT: no agent holds the rank — a rank of a worker range ({@code "workers": {"min": m, "max":
     * n}}) above the job's current p, never used or retired ({@link ElasticWorkers}); it does not
     * count towards p, the job's step or its end.
     */
    enum State { ASSIGNED, READY, TRAINING, LOST, FINISHED, VACANT }

    final int rank;
    final RankExchange exchange;
    volatile String agentId;
    volatile String agentName;
    volatile State state = State.ASSIGNED;
    volatile Instant lostAt;
    /** Local steps done in this run (the job's step is the run's start step plus this). */
    volatile long step;
    volatile double stepsPerSecond;
    long lastProgressStep;
    Instant lastProgressAt;
    /** Every agent that held this rank in this run, oldest first. */
    final List<String> holders = new ArrayList<>();
    int replacements;

    WorkerSlot(int rank, RankExchange exchange, String agentId, String agentName) {
        this.rank = rank;
        this.exchange = exchange;
        this.agentId = agentId;
        this.agentName = agentName;
        holders.add(agentId);
    }

    /** A rank no agent holds yet: above the starting p of a worker range. */
    static WorkerSlot vacant(int rank, RankExchange exchange) {
        WorkerSlot s = new WorkerSlot(rank, exchange, null, null);
        s.holders.clear();
        s.state = State.VACANT;
        return s;
    }

    /** A fresh agent takes this rank: it starts from the center with new sequence numbers. */
    void reassign(String agent, String name) {
        take(agent, name);
        replacements++;
    }

    /** An agent joins the job as this vacant rank (p grows); not a replacement. */
    void admit(String agent, String name) {
        take(agent, name);
        stepsPerSecond = 0;
    }

    private void take(String agent, String name) {
        agentId = agent;
        agentName = name;
        state = State.ASSIGNED;
        lostAt = null;
        lastProgressAt = null;
        holders.add(agent);
        exchange.restart();
    }

    /** The rank is given up (p shrinks): no agent holds it any more. */
    void vacate() {
        state = State.VACANT;
        agentId = null;
        agentName = null;
        lostAt = null;
        lastProgressAt = null;
    }

    boolean holds(String agent) {
        return agent.equals(agentId);
    }

    /** Counts towards the job's p: held by an agent, or lost and waiting for a replacement. */
    boolean counted() {
        return state != State.VACANT;
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
        exchange.describe(m);
        return m;
    }
}
