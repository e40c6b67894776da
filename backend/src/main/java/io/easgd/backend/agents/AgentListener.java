package io.easgd.backend.agents;

import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.ToServer;
import java.nio.ByteBuffer;

/** What the parameter server hears from agents. Called on the connection's thread, in order. */
public interface AgentListener {
    /** A reconnecting agent asks to keep its rank; true when it may. */
    boolean resume(AgentSession agent, ToServer.Resume resume);

    void onMessage(AgentSession agent, ToServer message);

    /** One binary frame of the agent's (decoded header, the whole frame). */
    void onFrame(AgentSession agent, ParamFrame header, ByteBuffer frame, long wireBytes);

    /** The connection ended (any reason). */
    void onDisconnected(AgentSession agent, String reason);
}
