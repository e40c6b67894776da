package io.easgd.backend.agents;

import io.easgd.core.protocol.Messages;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.protocol.ToServer;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Real {@link AgentSession}s over a fake WebSocket for unit tests of the parameter server's parts:
 * what the server sends is recorded (control messages decoded, binary frames as bytes), and
 * {@link Fake#closed()} says whether and why the server closed the connection.
 */
public final class FakeAgents {
    private static final DataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;

    private FakeAgents() {
    }

    /** One fake connection and the session on it. */
    public static final class Fake {
        public final AgentSession session;
        private final List<ToAgent> messages = new ArrayList<>();
        private final List<ByteBuffer> frames = new ArrayList<>();
        private volatile CloseStatus closed;

        private final DataBufferFactory buffers;

        Fake(String id, long outboundLimit) {
            this(id, outboundLimit, BUFFERS);
        }

        /** A fake whose connection allocates frames with {@code buffers}; what it reads it releases. */
        public Fake(String id, long outboundLimit, DataBufferFactory buffers) {
            this.buffers = buffers;
            Sinks.Many<WebSocketMessage> out = Sinks.many().unicast().onBackpressureBuffer();
            this.session = new AgentSession(id, id, new ToServer.Capabilities(2, 1L << 30, ToServer.Backend.CPU, null, null),
                    new Ws(this), out, new OutboundBudget(outboundLimit), Instant.EPOCH, null, null);
            if (outboundLimit < Long.MAX_VALUE) {
                return;                                   // a reader that never reads: the queue only grows
            }
            out.asFlux().subscribe(m -> {
                synchronized (this) {
                    if (m.getType() == WebSocketMessage.Type.TEXT) {
                        messages.add(Messages.decodeToAgent(m.getPayloadAsText()));
                    } else {
                        DataBuffer b = m.getPayload();
                        byte[] bytes = new byte[b.readableByteCount()];
                        b.read(bytes);
                        frames.add(ByteBuffer.wrap(bytes));
                        m.release();
                    }
                }
            });
        }

        public synchronized List<ToAgent> messages() {
            return List.copyOf(messages);
        }

        /** The binary frames sent so far, each as a fresh buffer. */
        public synchronized List<ByteBuffer> frames() {
            return frames.stream().map(ByteBuffer::duplicate).toList();
        }

        /** Frames of a kind, decoded. */
        public List<ParamFrame> headers(ParamFrame.Kind kind) {
            return frames().stream().map(ParamFrame::decode).filter(h -> h.kind() == kind).toList();
        }

        public CloseStatus closed() {
            return closed;
        }
    }

    /** A connected agent with this id, registered in {@code registry} (the newest connection of that id). */
    public static Fake connect(AgentRegistry registry, String id) {
        return connect(registry, id, Long.MAX_VALUE);
    }

    /** As {@link #connect(AgentRegistry, String)}, with at most {@code outboundLimit} bytes queued and a reader that never reads. */
    public static Fake connect(AgentRegistry registry, String id, long outboundLimit) {
        Fake fake = new Fake(id, outboundLimit);
        registry.add(fake.session);
        fake.session.welcomed();
        return fake;
    }

    /** The connection of {@code fake} ends: the registry forgets it (as the socket handler does). */
    public static void disconnect(AgentRegistry registry, Fake fake) {
        registry.remove(fake.session);
    }

    private static final class Ws implements WebSocketSession {
        private final Fake fake;
        private final Map<String, Object> attributes = new ConcurrentHashMap<>();

        Ws(Fake fake) {
            this.fake = fake;
        }

        @Override
        public String getId() {
            return "fake";
        }

        @Override
        public HandshakeInfo getHandshakeInfo() {
            throw new UnsupportedOperationException();
        }

        @Override
        public DataBufferFactory bufferFactory() {
            return fake.buffers;
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }

        @Override
        public Flux<WebSocketMessage> receive() {
            return Flux.never();
        }

        @Override
        public Mono<Void> send(org.reactivestreams.Publisher<WebSocketMessage> messages) {
            return Mono.empty();
        }

        @Override
        public boolean isOpen() {
            return fake.closed == null;
        }

        @Override
        public Mono<Void> close(CloseStatus status) {
            fake.closed = status;
            return Mono.empty();
        }

        @Override
        public Mono<CloseStatus> closeStatus() {
            return Mono.justOrEmpty(fake.closed);
        }

        @Override
        public WebSocketMessage textMessage(String payload) {
            return new WebSocketMessage(WebSocketMessage.Type.TEXT, BUFFERS.wrap(payload.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)));
        }

        @Override
        public WebSocketMessage binaryMessage(java.util.function.Function<DataBufferFactory, DataBuffer> f) {
            return new WebSocketMessage(WebSocketMessage.Type.BINARY, f.apply(BUFFERS));
        }

        @Override
        public WebSocketMessage pingMessage(java.util.function.Function<DataBufferFactory, DataBuffer> f) {
            return new WebSocketMessage(WebSocketMessage.Type.PING, f.apply(BUFFERS));
        }

        @Override
        public WebSocketMessage pongMessage(java.util.function.Function<DataBufferFactory, DataBuffer> f) {
            return new WebSocketMessage(WebSocketMessage.Type.PONG, f.apply(BUFFERS));
        }
    }
}
