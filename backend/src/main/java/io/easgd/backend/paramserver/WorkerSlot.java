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
    enum State { ASSIGNED, READY, TRAINING, LOST, FINISHED }

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

    /** A fresh agent takes this rank: it starts from the center with new sequence numbers. */
    void reassign(String agent, String name) {
        agentId = agent;
        agentName = name;
        state = State.ASSIGNED;
        lostAt = null;
        lastProgressAt = null;
        holders.add(agent);
        replacements++;
        exchange.restart();
    }

    boolean holds(String agent) {
        return agent.equals(agentId);
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
