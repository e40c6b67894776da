package io.easgd.backend.agents;

import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.ToServer;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** What the parameter server hears from agents. Called on the connection's thread, in order; never blocks it. */
public interface AgentListener {
    /**
     * A reconnecting agent asks to keep its rank; completes with true when it may. The listener
     * marks the agent as holding the rank while it decides and frees it when the answer is no.
     */
    CompletableFuture<Boolean> resume(AgentSession agent, ToServer.Resume resume);

    void onMessage(AgentSession agent, ToServer message);

    /** One binary frame of the agent's (decoded header, the whole frame). */
    void onFrame(AgentSession agent, ParamFrame header, ByteBuffer frame, long wireBytes);

    /** The connection ended (any reason). */
    void onDisconnected(AgentSession agent, String reason);

    /**
     * The agent was welcomed without a rank to resume (it asked for none, or was refused): whatever
     * it held before — a process that was restarted — is gone with its state.
     */
    default void onStartedAfresh(AgentSession agent) {
    }

    /** The connection is being closed because the agent broke the protocol; {@code reason} says how. */
    default void onProtocolError(AgentSession agent, String reason) {
    }
}
