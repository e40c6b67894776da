package io.easgd.backend.paramserver;

import io.easgd.core.protocol.Assembler;
import io.easgd.core.protocol.ParamFrame;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Rank {@code rank} of a running job: which agent holds it and what it has done. */
final class WorkerSlot {
    enum State { ASSIGNED, READY, TRAINING, LOST, FINISHED }

    final int rank;
    final float[] up;
    final float[] reply;
    final Assembler assembler;
    volatile String agentId;
    volatile String agentName;
    volatile State state = State.ASSIGNED;
    volatile Instant lostAt;
    long lastSequence;
    boolean hasReply;
    long updatesAtLastExchange;
    volatile long step;
    volatile double stepsPerSecond;
    volatile Instant lastExchangeAt;
    long lastProgressStep;
    Instant lastProgressAt;
    long bytesUp;
    long bytesDown;
    long payloadBytes;
    long exchanges;

    WorkerSlot(long jobId, int rank, int n, int downFloats, String agentId, String agentName) {
        this.rank = rank;
        this.up = new float[n];
        this.reply = new float[downFloats];
        this.assembler = new Assembler(ParamFrame.Kind.UP, jobId, rank, up);
        this.agentId = agentId;
        this.agentName = agentName;
    }

    /** A fresh agent takes this rank: it starts from the center with new sequence numbers. */
    synchronized void reassign(String agent, String name) {
        agentId = agent;
        agentName = name;
        state = State.ASSIGNED;
        lostAt = null;
        lastSequence = 0;
        hasReply = false;
        assembler.reset();
        lastProgressAt = null;
    }

    boolean active() {
        return state == State.READY || state == State.TRAINING || state == State.ASSIGNED;
    }

    /** The worker row of the API (docs/api.md). */
    synchronized Map<String, Object> view(long jobId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", jobId);
        m.put("rank", rank);
        m.put("agentId", agentId);
        m.put("agentName", agentName);
        m.put("state", state.name());
        m.put("step", step);
        m.put("stepsPerSecond", Math.round(stepsPerSecond * 10) / 10.0);
        m.put("lastExchangeAt", lastExchangeAt == null ? null : lastExchangeAt.toString());
        m.put("exchanges", exchanges);
        m.put("bytesUp", bytesUp);
        m.put("bytesDown", bytesDown);
        return m;
    }
}
