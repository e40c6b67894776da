package io.easgd.backend.agents;

import io.easgd.backend.EasgdProperties;
import io.easgd.core.protocol.DataChannel;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ProtocolException;
import io.easgd.core.protocol.ToAgent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerSslBundle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Protocol version 2's data channel on the server ({@code docs/protocol.md}, "Version 2"): a TCP
 * port of its own event-loop group (not the HTTP server's), TLS with the HTTP server's key material
 * when {@code server.ssl} is on. A connection must first send the attach preamble with the key of a
 * live session's {@code welcome} (each key attaches once; compared in constant time); a wrong key,
 * a malformed preamble or none within {@link #ATTACH_TIMEOUT_SECONDS} closes it at once and counts
 * as a protocol fault. Once attached it carries length-prefixed parameter frames both ways: those
 * in go to the same {@link AgentListener#onFrame} as the WebSocket's, on this group's thread; those
 * out are written by {@link AgentSession#sendVector}. The channel and its WebSocket live and die
 * together.
 */
@Component
public class DataChannelServer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DataChannelServer.class);
    static final int ATTACH_TIMEOUT_SECONDS = 10;

    /**
     * Largest upload (floats) applied on the data channel's event loop itself rather than on the
     * exchange pool: measured, the hop to the pool and back cost more than the master update of a
     * vector this size (P2, docs/benchmarks.md); the loop is the data channel's own, so an update of
     * at most ~1 ms delays only the other agents of that loop, by as much as the pool would.
     */
    public static final int INLINE_APPLY_MAX_FLOATS = 1 << 20;

    private final EasgdProperties.Data settings;
    private final long outboundLimit;
    private final AgentListener listener;
    private final ServerProperties server;
    private final ObjectProvider<SslBundles> sslBundles;
    private final SecureRandom random = new SecureRandom();
    /** SHA-256 of a key → the key and the session its welcome offered it to; removed at its attach or the session's end. */
    private final Map<String, Offered> offered = new ConcurrentHashMap<>();
    private final Counter framesIn;
    private final Counter framesOut;
    private final Counter protocolErrors;
    private volatile EventLoopGroup group;
    private volatile Channel listening;
    private volatile SSLContext ssl;

    public DataChannelServer(EasgdProperties props, AgentListener listener, ServerProperties server,
                             ObjectProvider<SslBundles> sslBundles, MeterRegistry meters) {
        this.settings = props.data();
        this.outboundLimit = props.agents().outboundBuffer().toBytes();
        this.listener = listener;
        this.server = server;
        this.sslBundles = sslBundles;
        this.framesIn = Counter.builder("easgd.data.frames").tag("direction", "in")
                .description("parameter frames received on the data channel").register(meters);
        this.framesOut = Counter.builder("easgd.data.frames").tag("direction", "out")
                .description("parameter frames sent on the data channel").register(meters);
        this.protocolErrors = Counter.builder("easgd.agent.protocol.errors")
                .description("agent connections closed for a protocol fault").register(meters);
    }

    /**
     * Whether an upload of {@code floats} is applied where it was read: on a data channel event loop,
     * up to {@link #INLINE_APPLY_MAX_FLOATS}.
     */
    public static boolean appliesInline(int floats) {
        return floats <= INLINE_APPLY_MAX_FLOATS && Thread.currentThread() instanceof LoopThread;
    }

    /** The data channel's event-loop threads, told apart from every other by their class. */
    private static final class LoopThread extends FastThreadLocalThread {
        LoopThread(ThreadGroup group, Runnable r, String name) {
            super(group, r, name);
        }
    }

    /** Whether version 2 agents are offered the channel (it is on and listening). */
    public boolean enabled() {
        return settings.enabled() && listening != null;
    }

    /** The port listened on; -1 when off. */
    public int port() {
        Channel c = listening;
        return c == null ? -1 : ((InetSocketAddress) c.localAddress()).getPort();
    }

    /** A fresh one-shot key for {@code session}, and where to use it; null when the channel is off. */
    ToAgent.DataOffer offer(AgentSession session) {
        if (!enabled()) {
            return null;
        }
        byte[] key = new byte[DataChannel.KEY_BYTES];
        random.nextBytes(key);
        String id = digest(key);
        offered.put(id, new Offered(session, key));
        session.dataKeyId(id);
        int advertised = settings.advertisedPort() != 0 ? settings.advertisedPort() : port();
        return new ToAgent.DataOffer(advertised, HexFormat.of().formatHex(key),
                settings.advertisedHost().isEmpty() ? null : settings.advertisedHost());
    }

    /** The session ended: its key, if unused, attaches nothing any more. */
    void forget(AgentSession session) {
        String id = session.dataKeyId();
        if (id != null) {
            offered.computeIfPresent(id, (k, o) -> o.session() == session ? null : o);
        }
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            log.info("data channel off (easgd.data.enabled=false): agents send frames on the WebSocket");
            return;
        }
        ssl = Ssl.isEnabled(server.getSsl())
                ? WebServerSslBundle.get(server.getSsl(), sslBundles.getIfAvailable()).createSslContext() : null;
        EventLoopGroup g = new NioEventLoopGroup(settings.threads(), new DefaultThreadFactory("easgd-data", true) {
            @Override
            protected Thread newThread(Runnable r, String name) {
                return new LoopThread(threadGroup, r, name);
            }
        });
        InetAddress address = server.getAddress();
        InetSocketAddress bind = address != null ? new InetSocketAddress(address, settings.port())
                : new InetSocketAddress(settings.port());
        int high = (int) Math.min(Integer.MAX_VALUE, Math.max(2L * DataChannel.MAX_FRAME_BYTES,
                outboundLimit));
        try {
            listening = new ServerBootstrap().group(g).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // reads of up to 1 MiB (Netty's default stops at 64 KiB): a vector in a few reads
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(
                            4096, 64 * 1024, DataChannel.MAX_FRAME_BYTES))
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (ssl != null) {
                                SSLEngine engine = ssl.createSSLEngine();
                                engine.setUseClientMode(false);
                                ch.pipeline().addLast("tls", new SslHandler(engine));
                            }
                            ch.pipeline().addLast("attach", new Attach());
                        }
                    })
                    .bind(bind).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("easgd.data.port (EASGD_DATA_PORT): cannot listen on " + bind + ": " + e
                    + " (set another port, 0 for a free one, or easgd.data.enabled=false)", e);
        }
        group = g;
        log.info("data channel listening on {}{}", listening.localAddress(), ssl != null ? " (TLS)" : "");
    }

    @Override
    public void stop() {
        Channel c = listening;
        listening = null;
        if (c != null) {
            c.close().syncUninterruptibly();
        }
        EventLoopGroup g = group;
        group = null;
        if (g != null) {
            g.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        offered.clear();
    }

    @Override
    public boolean isRunning() {
        return listening != null;
    }

    /**
     * Started before the HTTP server (its start/stop phase is {@code DEFAULT_PHASE - 2048}), so that no
     * welcome offers a port not yet listened on; stopped after it.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 3072;
    }

    private record Offered(AgentSession session, byte[] key) {
    }

    private static String digest(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counted here before an attach; a session's fault is counted (and recorded) by its socket handler. */
    private void fault(ChannelHandlerContext ctx, AgentSession session, ProtocolException e) {
        if (session == null) {
            protocolErrors.increment();
        }
        log.warn("closing data channel {} ({}): {}", ctx.channel().remoteAddress(),
                session == null ? "before attach" : session.id(), e.reason());
        if (session != null) {
            session.dataFault(e);                         // first: the WebSocket closes with the fault's code
        }
        ctx.close();
    }

    private static ProtocolException protocolFault(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ProtocolException p) {
                return p;
            }
        }
        return null;
    }

    /** The first bytes: the preamble; then this handler is replaced by {@link Frames}. */
    final class Attach extends ByteToMessageDecoder {
        private io.netty.util.concurrent.ScheduledFuture<?> timeout;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            timeout = ctx.executor().schedule(() -> {
                if (ctx.channel().isOpen()) {
                    fault(ctx, null, new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "no attach preamble within "
                            + ATTACH_TIMEOUT_SECONDS + " s"));
                }
            }, ATTACH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        protected void handlerRemoved0(ChannelHandlerContext ctx) {
            timeout.cancel(false);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (in.readableBytes() < DataChannel.PREAMBLE_BYTES) {
                return;
            }
            byte[] preamble = new byte[DataChannel.PREAMBLE_BYTES];
            in.readBytes(preamble);
            byte[] key;
            try {
                key = DataChannel.keyOf(ByteBuffer.wrap(preamble));
            } catch (ProtocolException e) {
                in.skipBytes(in.readableBytes());
                fault(ctx, null, e);
                return;
            }
            // looked up by the key's digest, so that the map's hashing and comparing never touch the key itself
            Offered o = offered.remove(digest(key));
            AgentSession session = o == null ? null : o.session();
            if (o == null || !MessageDigest.isEqual(key, o.key()) || !session.isOpen()) {
                in.skipBytes(in.readableBytes());
                fault(ctx, null, new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR,
                        "data channel attach with an unknown, used or expired key"));
                return;
            }
            Channel ch = ctx.channel();
            DataLink link = new DataLink(ch, framesOut);
            ch.closeFuture().addListener(f -> session.dataClosed(link));
            ch.writeAndFlush(Unpooled.wrappedBuffer(DataChannel.ack()));
            if (!session.attachData(link)) {
                ctx.close();
                return;
            }
            log.info("agent {} attached its data channel from {}", session.id(), ch.remoteAddress());
            ctx.pipeline().replace(this, "frames", new Frames(session));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("data channel {} before attach: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    /**
     * Length-prefixed frames, cumulated into one pooled buffer by Netty and handed over as a view
     * while it lasts (the listener copies the floats out at once, as on the WebSocket).
     */
    final class Frames extends ByteToMessageDecoder {
        private final AgentSession session;

        Frames(AgentSession session) {
            this.session = session;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (in.readableBytes() >= DataChannel.LENGTH_BYTES) {
                int length = DataChannel.checkLength(in.getUnsignedIntLE(in.readerIndex()));
                if (in.readableBytes() < DataChannel.LENGTH_BYTES + length) {
                    // room for the rest of the frame at once: the cumulation is not grown (and copied) read by read
                    in.ensureWritable(DataChannel.LENGTH_BYTES + length - in.readableBytes());
                    return;
                }
                in.skipBytes(DataChannel.LENGTH_BYTES);
                ByteBuffer frame = in.nioBufferCount() == 1 ? in.nioBuffer(in.readerIndex(), length) : copy(in, length);
                in.skipBytes(length);
                ParamFrame header = ParamFrame.decode(frame);
                framesIn.increment();
                listener.onFrame(session, header, frame, DataChannel.LENGTH_BYTES + (long) length);
            }
        }

        private static ByteBuffer copy(ByteBuf in, int length) {
            byte[] b = new byte[length];
            in.getBytes(in.readerIndex(), b);
            return ByteBuffer.wrap(b);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ProtocolException p = protocolFault(cause);
            if (p != null) {
                fault(ctx, session, p);
                return;
            }
            if (!(cause instanceof DecoderException) && cause instanceof java.io.IOException) {
                log.debug("data channel of agent {}: {}", session.id(), cause.toString());
            } else {
                log.warn("data channel of agent {} failed", session.id(), cause);
            }
            ctx.close();
        }
    }
}
