package io.easgd.agent.connection;

import io.easgd.core.compression.Compression;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.Messages;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ProtocolException;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.protocol.ToServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket to the backend, on the JDK client. Receiving: one message part at a time
 * ({@code request(1)} only after a part is handled: explicit backpressure), fragments joined up to
 * the protocol's limits, JSON decoded to {@link ToAgent}, binary frames decoded to a
 * {@link ParamFrame} and handed over while the buffer is valid. Sending: one message at a time
 * (the JDK allows no overlap), each awaited with {@link #SEND_TIMEOUT}. A protocol fault closes the
 * connection with the fault's code; the {@link Handler} hears of the close exactly once.
 *
 * <p>Protocol version 2: once {@link #attachData} has attached the data channel, vectors go out on
 * it from the sending thread (no masking, one write per frame) and its reader thread hands the frames
 * it reads to the same {@link Handler#onFrame}; binary frames on the WebSocket are still accepted
 * (one may race the attach). The two live and die together: the channel closing aborts the
 * connection, and the connection closing closes the channel.
 */
public final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Close code the JDK reports for a connection that ended without a close frame. */
    public static final int CLOSED_ABNORMALLY = 1006;
    /** Close code for an unexpected failure on this side. */
    public static final int INTERNAL_ERROR = 1011;
    /** How long a broken data channel waits for the WebSocket's close before the connection is aborted. */
    public static final Duration DATA_LOST_GRACE = Duration.ofSeconds(1);

    /**
     * What the connection hands over, on the JDK's listener thread, one call at a time; with a data
     * channel, its frames come on the channel's reader thread (possibly beside a message).
     */
    public interface Handler {
        void onMessage(Connection connection, ToAgent message);

        /** {@code frame} is valid only during the call. May throw {@link ProtocolException}. */
        void onFrame(Connection connection, ParamFrame header, ByteBuffer frame);

        void onClosed(Connection connection, int code, String reason);
    }

    /** How a connection ended. */
    public record Closed(int code, String reason) {
    }

    private final Handler handler;
    private final String label;
    private final Object sendLock = new Object();
    private final Object vectorLock = new Object();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final AtomicBoolean closeReported = new AtomicBoolean();
    private volatile WebSocket ws;
    private volatile long lastInboundNanos = System.nanoTime();
    private volatile Chunker chunker = new Chunker();
    private final Receiver receiver = new Receiver();
    /** The attached data channel; null before (and without one). Set under vectorLock. */
    private volatile DataSocket data;

    private Connection(Handler handler, String label) {
        this.handler = handler;
        this.label = label;
    }

    /**
     * Opens a WebSocket to {@code uri}.
     *
     * @throws ConnectionLost when it cannot be opened within {@link #CONNECT_TIMEOUT}
     */
    public static Connection open(HttpClient client, URI uri, Handler handler) throws InterruptedException {
        Connection c = new Connection(handler, uri.getHost() + ":" + uri.getPort());
        try {
            client.newWebSocketBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .buildAsync(uri, c.listener())
                    .get(CONNECT_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConnectionLost("cannot open " + uri + ": " + cause, cause);
        } catch (TimeoutException e) {
            throw new ConnectionLost("cannot open " + uri + ": no answer within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
        }
        return c;
    }

    /**
     * A connection not yet bound to a socket: pass {@link #listener()} to any
     * {@link WebSocket} builder; the socket is bound when it calls {@code onOpen}. {@link #open}
     * does exactly this; tests drive it over their own {@link WebSocket}.
     */
    public static Connection unopened(Handler handler, String label) {
        return new Connection(handler, label);
    }

    /** The listener to give the WebSocket (one per connection). */
    public WebSocket.Listener listener() {
        return receiver;
    }

    /** Sends one control message. @throws ConnectionLost when the connection is gone */
    public void send(ToServer message) {
        String json = Messages.encode(message);
        synchronized (sendLock) {
            await(ws().sendText(json, true), "sending " + json.substring(0, Math.min(40, json.length())));
        }
    }

    /**
     * Sends a whole vector as binary frames, in order. Control messages may go out between its
     * frames. @throws ConnectionLost when the connection is gone
     */
    public void sendVector(ParamFrame.Kind kind, long jobId, int rank, long sequence, long step, float[] vector) {
        sendVector(kind, jobId, rank, sequence, step, vector, Compression.NONE);
    }

    /** {@link #sendVector} with the payload in {@code encoding} (the job's compression). */
    public void sendVector(ParamFrame.Kind kind, long jobId, int rank, long sequence, long step, float[] vector,
                           Compression encoding) {
        synchronized (vectorLock) {
            DataSocket d = data;
            if (d != null) {
                if (closed.isDone()) {
                    throw new ConnectionLost("the connection is closed: " + closed.join());
                }
                try {
                    d.sendVector(chunker, kind, jobId, rank, sequence, step, vector, encoding);
                } catch (IOException e) {
                    dataLost("sending a " + kind + " vector on the data channel failed: " + e);
                    throw new ConnectionLost("sending a " + kind + " vector on the data channel failed: " + e, e);
                }
                return;
            }
            chunker.send(kind, jobId, rank, sequence, step, vector, encoding, frame -> {
                synchronized (sendLock) {
                    // duplicate(): a big-endian view of the same bytes. The JDK client masks frames
                    // with getLong/putLong in the buffer's byte order, which scrambles the payload of
                    // a little-endian buffer (seen here: every 4-byte word byte-swapped).
                    await(ws().sendBinary(frame.duplicate(), true), "sending a " + kind + " frame");
                }
            });
        }
    }

    /**
     * Protocol version 2: connects the data channel {@code offer} names on {@code host} and attaches it
     * within {@link DataSocket#ATTACH_TIMEOUT}; from then on vectors go on it. False (with one log line)
     * when it cannot: the connection goes on with WebSocket binary frames, as in version 1.
     *
     * @param tls the trust of the WebSocket for a {@code wss://} server, null for {@code ws://}
     */
    public boolean attachData(String host, ToAgent.DataOffer offer, SSLContext tls) {
        DataSocket d;
        try {
            d = DataSocket.attach(host, offer.port(), offer.keyBytes(), tls, DataSocket.ATTACH_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            log.warn("data channel {}:{} not attached ({}); parameter frames go on the WebSocket", host, offer.port(),
                    e.toString());
            return false;
        }
        synchronized (vectorLock) {
            if (closed.isDone()) {
                d.close();
                return false;
            }
            data = d;
        }
        Thread reader = new Thread(() -> readData(d), "easgd-data-" + label);
        reader.setDaemon(true);
        reader.start();
        if (closed.isDone()) {
            d.close();
        }
        log.info("data channel attached server={}:{} tls={}", host, offer.port(), tls != null);
        return true;
    }

    /** Whether vectors go on the data channel. */
    public boolean dataAttached() {
        return data != null && !closed.isDone();
    }

    /** The data channel's reader: frames to the handler until the channel or the connection ends. */
    private void readData(DataSocket d) {
        try {
            while (!closed.isDone()) {
                ByteBuffer frame = d.read();
                lastInboundNanos = System.nanoTime();
                try {
                    handler.onFrame(this, ParamFrame.decode(frame), frame);
                } catch (ProtocolException e) {
                    fail(e.closeCode(), e.reason());
                    return;
                } catch (RuntimeException e) {
                    log.error("connection={} failed handling a data channel frame", label, e);
                    fail(INTERNAL_ERROR, "agent error: " + e);
                    return;
                }
            }
        } catch (ProtocolException e) {
            fail(e.closeCode(), e.reason());
        } catch (IOException e) {
            dataLost("the data channel closed: " + e);
        } finally {
            d.close();
        }
    }

    /**
     * The data channel broke. When the server closed the session, its close frame on the WebSocket says why
     * (a 4001 ends the agent; the channel's end may arrive first): that close is waited for up to
     * {@link #DATA_LOST_GRACE}, and only then the connection is aborted (1006: reconnect).
     */
    private void dataLost(String why) {
        try {
            closed.get(DATA_LOST_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            abort(why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(why);
        }
    }

    /** A WebSocket ping; the server's pong counts as life (see {@link #lastInboundNanos()}). */
    public void ping() {
        try {
            ws().sendPing(ByteBuffer.allocate(0));
        } catch (RuntimeException e) {
            log.debug("ping not sent: {}", e.toString());
        }
    }

    /** Frames no larger than {@code maxFrameBytes} from now on (the server's {@code welcome}). */
    public void maxFrameBytes(int maxFrameBytes) {
        synchronized (vectorLock) {
            chunker = new Chunker(Math.min(maxFrameBytes, Protocol.MAX_FRAME_BYTES));
        }
    }

    /** When something last arrived from the server (any message, frame, ping or pong). */
    public long lastInboundNanos() {
        return lastInboundNanos;
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    /** Completes when the connection ends, however it ends. */
    public CompletableFuture<Closed> closed() {
        return closed;
    }

    /** Closes with {@code code}: sends the close frame, waits up to {@link #CLOSE_TIMEOUT} for the reply, then drops. */
    public void close(int code, String reason) {
        String r = ProtocolException.truncate(reason, Protocol.MAX_CLOSE_REASON_BYTES);
        WebSocket socket = ws;
        if (socket == null || closed.isDone()) {
            return;
        }
        try {
            socket.sendClose(code, r).get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            closed.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("close {} not acknowledged: {}", code, e.toString());
        } finally {
            socket.abort();
            reportClosed(code, r);
        }
    }

    /** Gives the connection up at once (no answer from the server); the handler hears 1006. */
    public void abort(String why) {
        WebSocket socket = ws;
        if (socket != null) {
            socket.abort();
        }
        reportClosed(CLOSED_ABNORMALLY, why);
    }

    /** Closes because the server broke the protocol, without waiting (called on the listener thread). */
    private void fail(int code, String reason) {
        String r = ProtocolException.truncate(reason, Protocol.MAX_CLOSE_REASON_BYTES);
        log.warn("closing connection={} code={} reason=\"{}\"", label, code, reason);
        WebSocket socket = ws;
        if (socket != null) {
            socket.sendClose(code, r)
                    .orTimeout(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((s, e) -> socket.abort());
        }
        reportClosed(code, r);
    }

    private void reportClosed(int code, String reason) {
        closed.complete(new Closed(code, reason));
        DataSocket d = data;
        if (d != null) {
            d.close();
        }
        if (closeReported.compareAndSet(false, true)) {
            handler.onClosed(this, code, reason);
        }
    }

    private WebSocket ws() {
        if (closed.isDone() || ws == null) {
            throw new ConnectionLost("the connection is " + (ws == null ? "not open" : "closed: " + closed.join()));
        }
        return ws;
    }

    private void await(CompletableFuture<WebSocket> send, String what) {
        try {
            send.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionLost(what + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            abort(what + " failed: " + cause);
            throw new ConnectionLost(what + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            abort(what + ": not sent within " + SEND_TIMEOUT.toSeconds() + " s");
            throw new ConnectionLost(what + ": not sent within " + SEND_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** The JDK's listener: invoked one call at a time; each call asks for exactly one more part. */
    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteBuffer binary = ByteBuffer.allocate(Protocol.MAX_FRAME_BYTES);

        @Override
        public void onOpen(WebSocket webSocket) {
            ws = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            lastInboundNanos = System.nanoTime();
            if (text.length() + data.length() > Protocol.MAX_TEXT_BYTES) {
                fail(Protocol.CLOSE_TOO_BIG, "text message longer than " + Protocol.MAX_TEXT_BYTES + " bytes");
                return null;
            }
            text.append(data);
            if (last) {
                String json = text.toString();
                text.setLength(0);
                if (!handle(() -> handler.onMessage(Connection.this, Messages.decodeToAgent(json)))) {
                    return null;
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            lastInboundNanos = System.nanoTime();
            if (data.remaining() > binary.remaining()) {
                fail(Protocol.CLOSE_TOO_BIG, "binary frame longer than " + Protocol.MAX_FRAME_BYTES + " bytes");
                return null;
            }
            binary.put(data);
            if (last) {
                binary.flip();
                boolean ok = handle(() -> handler.onFrame(Connection.this, ParamFrame.decode(binary), binary));
                binary.clear();
                if (!ok) {
                    return null;
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            lastInboundNanos = System.nanoTime();        // the JDK answers with a pong itself
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            lastInboundNanos = System.nanoTime();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            reportClosed(statusCode, reason);
            return null;                                   // the JDK replies with a close frame
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            reportClosed(CLOSED_ABNORMALLY, String.valueOf(error));
        }

        /** Runs a hand-over; a fault closes the connection. @return whether to go on receiving */
        private boolean handle(Runnable handOver) {
            try {
                handOver.run();
                return true;
            } catch (ProtocolException e) {
                fail(e.closeCode(), e.reason());
            } catch (RuntimeException e) {
                log.error("connection={} failed handling a message", label, e);
                fail(INTERNAL_ERROR, "agent error: " + e);
            }
            return false;
        }
    }
}
