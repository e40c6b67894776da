package io.easgd.backend.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.easgd.core.protocol.Assembler;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A scripted agent for fault injection: speaks protocol 1 over the JDK WebSocket client
 * ({@code /ws/agents}) and sends whatever bytes it is told to, well-formed or not. It keeps what
 * the server sends (text messages, whole binary frames) and how the server closed the connection.
 *
 * <p>Binary frames go out from a big-endian {@link ByteBuffer}: the JDK client masks a frame with
 * {@code getLong/putLong} in the buffer's byte order, which would scramble the words of a
 * little-endian buffer (see the worker-agent's {@code Connection}). The frame's own fields are
 * little-endian, written by {@link #frame}.
 */
final class FuzzAgent implements WebSocket.Listener, AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(20);

    /** How the server ended the connection: its close code and reason (-1 and the error when it broke off). */
    record Closed(int code, String reason) {
    }

    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    private final StringBuilder textPart = new StringBuilder();
    private final ByteArrayOutputStream binaryPart = new ByteArrayOutputStream();
    private final boolean keepBinary;
    private WebSocket ws;
    private long heartbeats;

    private FuzzAgent(boolean keepBinary) {
        this.keepBinary = keepBinary;
    }

    /** Opens a connection to the backend's agent endpoint; sends nothing yet. */
    static FuzzAgent open(HttpClient http, int port, boolean keepBinary) throws Exception {
        FuzzAgent agent = new FuzzAgent(keepBinary);
        agent.ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + Protocol.PATH), agent)
                .get(20, TimeUnit.SECONDS);
        return agent;
    }

    // ------------------------------------------------------------------ what goes out

    /** A {@code hello} of protocol 1 with the lab's agent token. */
    static String hello(String agentId, String name) {
        return hello(1, Lab.AGENT_TOKEN, agentId, name);
    }

    static String hello(int protocol, String token, String agentId, String name) {
        return "{\"type\":\"hello\",\"protocol\":" + protocol + ",\"token\":\"" + token + "\",\"agentId\":\"" + agentId
                + "\",\"name\":\"" + name + "\",\"capabilities\":{\"cores\":1,\"memoryBytes\":1073741824,"
                + "\"backend\":\"CPU\",\"gpuName\":null,\"gpuMemoryBytes\":null}}";
    }

    /** Sends one text message and waits until it is written. */
    synchronized void text(CharSequence message) throws Exception {
        await(ws.sendText(message, true));
    }

    /** Sends one text message in two fragments (a continuation frame), waiting for each. */
    synchronized void textInTwoFragments(CharSequence first, CharSequence second) throws Exception {
        await(ws.sendText(first, false));
        await(ws.sendText(second, true));
    }

    /** Sends one binary message as two frames (a continuation frame), waiting for each. */
    synchronized void binaryInTwoFragments(byte[] first, byte[] second) throws Exception {
        await(ws.sendBinary(ByteBuffer.wrap(first).order(ByteOrder.BIG_ENDIAN), false));
        await(ws.sendBinary(ByteBuffer.wrap(second).order(ByteOrder.BIG_ENDIAN), true));
    }

    /** Sends one binary frame holding exactly {@code bytes} and waits until it is written. */
    synchronized void binary(byte[] bytes) throws Exception {
        await(ws.sendBinary(ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN), true));
    }

    /** Sends the next heartbeat of this connection (seq from 1). */
    synchronized void heartbeat() throws Exception {
        text("{\"type\":\"heartbeat\",\"seq\":" + (++heartbeats) + "}");
    }

    /** Sends {@code vector} as a well-formed vector of UP frames ({@link Chunker}). */
    void sendVector(ParamFrame.Kind kind, long job, int rank, long sequence, long step, float[] vector)
            throws Exception {
        new Chunker().send(kind, job, rank, sequence, step, vector, frame -> {
            byte[] copy = new byte[frame.remaining()];
            frame.get(copy);
            binary(copy);
        });
    }

    /**
     * A binary frame with every header field chosen by the caller (little-endian, as on the wire)
     * followed by {@code payloadFloats} floats from {@code values} (zeros when null or short).
     */
    static byte[] frame(int version, int kind, int reserved, long job, int rank, long sequence, long step,
                        int chunkIndex, int chunkCount, int offset, int count, int payloadFloats, float[] values,
                        int valuesFrom) {
        ByteBuffer b = ByteBuffer.allocate(Protocol.HEADER_BYTES + Float.BYTES * payloadFloats)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) version).put(1, (byte) kind).putShort(2, (short) reserved).putLong(4, job).putInt(12, rank)
                .putLong(16, sequence).putLong(24, step).putInt(32, chunkIndex).putInt(36, chunkCount)
                .putInt(40, offset).putInt(44, count);
        for (int i = 0; values != null && i < payloadFloats && valuesFrom + i < values.length; i++) {
            b.putFloat(Protocol.HEADER_BYTES + 4 * i, values[valuesFrom + i]);
        }
        return b.array();
    }

    /** A frame whose header is consistent with its length. */
    static byte[] frame(ParamFrame.Kind kind, long job, int rank, long sequence, long step, int chunkIndex,
                        int chunkCount, int offset, int count, float[] values, int valuesFrom) {
        return frame(Protocol.VERSION, kind.code(), 0, job, rank, sequence, step, chunkIndex, chunkCount, offset, count,
                count, values, valuesFrom);
    }

    private static void await(CompletableFuture<WebSocket> sent) throws Exception {
        sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------ what comes in

    /** The next text message of type {@code type}; messages of other types are skipped. */
    JsonNode awaitText(String type, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String t = left > 0 ? texts.poll(left, TimeUnit.NANOSECONDS) : null;
            if (t == null) {
                throw new TimeoutException("no " + type + " message within " + timeout
                        + (closed.isDone() ? "; the connection closed: " + closed.getNow(null) : ""));
            }
            JsonNode node = JSON.readTree(t);
            if (type.equals(node.path("type").asText())) {
                return node;
            }
        }
    }

    /** The next whole binary frame, as a little-endian buffer. */
    ByteBuffer awaitBinary(Duration timeout) throws Exception {
        byte[] b = binaries.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (b == null) {
            throw new TimeoutException("no binary frame within " + timeout
                    + (closed.isDone() ? "; the connection closed: " + closed.getNow(null) : ""));
        }
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reassembles the next vector of {@code kind} (N floats) for this job and rank; checks every chunk. */
    float[] awaitVector(ParamFrame.Kind kind, long job, int rank, int floats, Duration timeout) throws Exception {
        Assembler assembler = new Assembler(kind, job, rank, new float[floats]);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ByteBuffer frame = awaitBinary(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            ParamFrame header = ParamFrame.decode(frame);
            if (assembler.accept(header, frame)) {
                return assembler.target();
            }
        }
    }

    /** How the server closed the connection. */
    Closed awaitClose(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Whether a text message of this type arrived (and was not consumed by {@link #awaitText}). */
    boolean received(String type) {
        return texts.stream().anyMatch(t -> t.contains("\"type\":\"" + type + "\""));
    }

    @Override
    public void close() {
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                    .whenComplete((w, e) -> ws.abort());
        } else if (ws != null) {
            ws.abort();
        }
    }

    void abort() {
        if (ws != null) {
            ws.abort();
        }
    }

    // ------------------------------------------------------------------ WebSocket.Listener

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (textPart) {
            textPart.append(data);
            if (last) {
                texts.add(textPart.toString());
                textPart.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        synchronized (binaryPart) {
            if (keepBinary) {
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                binaryPart.writeBytes(chunk);
            }
            if (last) {
                if (keepBinary) {
                    binaries.add(binaryPart.toByteArray());
                }
                binaryPart.reset();
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;                                      // the JDK client answers the close frame
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closed(-1, String.valueOf(error)));
    }
}
