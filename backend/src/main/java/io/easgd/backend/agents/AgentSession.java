package io.easgd.backend.agents;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.easgd.core.compression.Compression;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.Messages;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ProtocolException;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.protocol.ToServer;
import java.time.Instant;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Sinks;

/**
 * One connected agent: who it is, what it does, and its outbound queue; in protocol version 2 also
 * its data channel once attached, which then carries every vector this session sends. Thread-safe.
 */
public final class AgentSession {
    private final String id;
    private final String name;
    private final ToServer.Capabilities capabilities;
    private final Instant connectedAt;
    private final WebSocketSession ws;
    private final Sinks.Many<WebSocketMessage> outbound;
    private final OutboundBudget budget;
    private final Chunker chunker = new Chunker();
    private volatile Instant lastHeartbeatAt;
    private volatile AgentState state = AgentState.IDLE;
    private volatile Long jobId;
    private volatile Integer rank;
    private volatile boolean welcomed;
    private volatile Long releasedFrom;
    /** The attached data channel, set once; null before (and for a version 1 agent). */
    private volatile DataLink data;
    /** Names the key this session's welcome offered ({@link DataChannelServer}); null when none was. */
    private volatile String dataKeyId;
    /** How a protocol fault seen on the data channel closes this session (set by the socket handler). */
    /** Set when this side closes the session: the data channel's close then says nothing more. */
    private volatile boolean closing;
    private volatile java.util.function.Consumer<ProtocolException> dataFaults = e -> close(e.closeCode(), e.closeReason());

    /** The enrollment token the agent connected with; null for the shared agent token. */
    private final Long tokenId;
    private final String remoteAddress;

    AgentSession(String id, String name, ToServer.Capabilities capabilities, WebSocketSession ws,
                 Sinks.Many<WebSocketMessage> outbound, OutboundBudget budget, Instant now, Long tokenId,
                 String remoteAddress) {
        this.tokenId = tokenId;
        this.remoteAddress = remoteAddress;
        this.budget = budget;
        this.id = id;
        this.name = name;
        this.capabilities = capabilities;
        this.connectedAt = now;
        this.lastHeartbeatAt = now;
        this.ws = ws;
        this.outbound = outbound;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The enrollment token this connection was made with; null for the shared agent token. */
    public Long tokenId() {
        return tokenId;
    }

    /** Where the connection comes from (IP address), or null. */
    public String remoteAddress() {
        return remoteAddress;
    }

    public ToServer.Capabilities capabilities() {
        return capabilities;
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    public Instant lastHeartbeatAt() {
        return lastHeartbeatAt;
    }

    void heartbeat(Instant now) {
        lastHeartbeatAt = now;
    }

    public AgentState state() {
        return state;
    }

    public Long jobId() {
        return jobId;
    }

    public Integer rank() {
        return rank;
    }

    /** Marks the agent as holding {@code rank} of {@code job}. */
    public synchronized void assign(long job, int r) {
        state = AgentState.BUSY;
        jobId = job;
        rank = r;
    }

    /**
     * Marks the agent as holding {@code rank} of {@code job} if it is idle now; false when something else
     * took it first (two parts of the server handing out the same idle agent never both win).
     */
    public synchronized boolean assignIfIdle(long job, int r) {
        if (state != AgentState.IDLE || jobId != null) {
            return false;
        }
        state = AgentState.BUSY;
        jobId = job;
        rank = r;
        return true;
    }

    /** The welcome is queued: from now on the agent may be given work. */
    void welcomed() {
        welcomed = true;
    }

    boolean isWelcomed() {
        return welcomed;
    }

    /** Frees the agent. */
    public synchronized void release() {
        state = AgentState.IDLE;
        if (jobId != null) {
            releasedFrom = jobId;
        }
        jobId = null;
        rank = null;
    }

    /**
     * The job this agent was last freed from: what it sent before the stop reached it may still
     * arrive (even after it was given another job), and is not a fault.
     */
    public Long releasedFrom() {
        return releasedFrom;
    }

    void dataKeyId(String id) {
        dataKeyId = id;
    }

    String dataKeyId() {
        return dataKeyId;
    }

    void onDataFault(java.util.function.Consumer<ProtocolException> faults) {
        dataFaults = faults;
    }

    /** Binds the data channel; false when one is bound already or the WebSocket is gone. */
    synchronized boolean attachData(DataLink link) {
        if (data != null || !ws.isOpen()) {
            return false;
        }
        data = link;
        return true;
    }

    /** Whether vectors go on the data channel (attached and open). */
    @JsonIgnore
    public boolean dataAttached() {
        DataLink d = data;
        return d != null && d.isOpen();
    }

    /** The data channel broke the protocol: the session closes with the fault's code. */
    void dataFault(ProtocolException e) {
        closing = true;
        dataFaults.accept(e);
    }

    /** The data channel closed: its WebSocket closes too (the agent reconnects and resumes). */
    void dataClosed(DataLink link) {
        if (!closing && data == link && ws.isOpen()) {
            close(Protocol.CLOSE_NORMAL, "the data channel closed");
        }
    }

    /** The WebSocket ended: so does the data channel. */
    void closeData() {
        DataLink d = data;
        if (d != null) {
            d.close();
        }
    }

    /** Sends a control message; returns its bytes on the wire. */
    public long send(ToAgent message) {
        String text = Messages.encode(message);
        int bytes = Messages.utf8Length(text);
        emit(ws.textMessage(text), bytes);
        return WireBytes.frame(bytes, false);
    }

    /** Sends a vector as chunked float32 binary frames; returns their bytes on the wire. */
    public long sendVector(ParamFrame.Kind kind, long job, int r, long sequence, long step, float[] vector) {
        return sendVector(kind, job, r, sequence, step, vector, Compression.NONE);
    }

    /**
     * Sends a vector as chunked binary frames in {@code encoding}, on the data channel when attached,
     * else on the WebSocket; returns their bytes on the wire.
     */
    public synchronized long sendVector(ParamFrame.Kind kind, long job, int r, long sequence, long step, float[] vector,
                                        Compression encoding) {
        DataLink d = data;
        if (d != null) {
            if (!d.isOpen()) {
                return 0;                                 // closing: the WebSocket follows, the agent resumes
            }
            long sent = d.sendVector(chunker, kind, job, r, sequence, step, vector, encoding);
            if (sent < 0) {
                close(Protocol.CLOSE_TRY_AGAIN_LATER, "the agent reads too slowly: its data channel is full");
                return 0;
            }
            return sent;
        }
        long[] wire = {0};
        FrameBuffers.encode(ws.bufferFactory(), chunker, kind, job, r, sequence, step, vector, encoding, payload -> {
            int length = payload.readableByteCount();
            emit(new WebSocketMessage(WebSocketMessage.Type.BINARY, payload), length);
            wire[0] += WireBytes.frame(length, false);
        });
        return wire[0];
    }

    /** Closes the connection with a code and reason. */
    public void close(int code, String reason) {
        closing = true;
        // the close frame first: the agent learns the code (a 4001 ends it) before its data channel ends
        ws.close(new CloseStatus(code, ProtocolException.truncate(reason, Protocol.MAX_CLOSE_REASON_BYTES))).subscribe();
        closeData();
        synchronized (this) {
            outbound.tryEmitComplete();
        }
    }

    @JsonIgnore
    public boolean isOpen() {
        return ws.isOpen();
    }

    /** Queues a message, or releases its payload when it is dropped (a frame's may be pooled memory). */
    private synchronized void emit(WebSocketMessage message, long bytes) {
        if (!budget.reserve(bytes)) {
            message.release();
            close(Protocol.CLOSE_TRY_AGAIN_LATER, "the agent reads too slowly: " + budget.queued() + " bytes are queued for it");
            return;
        }
        Sinks.EmitResult r = outbound.tryEmitNext(message);
        if (r.isFailure()) {
            message.release();
            if (r != Sinks.EmitResult.FAIL_TERMINATED && r != Sinks.EmitResult.FAIL_CANCELLED) {
                throw new IllegalStateException("queueing a message to agent " + id + ": " + r);
            }
        }
    }
}
