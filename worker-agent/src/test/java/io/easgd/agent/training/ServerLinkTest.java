package io.easgd.agent.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.easgd.agent.connection.Connection;
import io.easgd.agent.connection.FakeSocket;
import io.easgd.agent.connection.RecordingHandler;
import io.easgd.core.protocol.Assembler;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.Messages;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.ParamFrame.Kind;
import io.easgd.core.protocol.ProtocolException;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.rules.Easgd;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's frames through a real {@link Connection} (on a recording socket) and core's codec:
 * the peer here decodes UP with an {@link Assembler}, applies an EASGD master and answers with a
 * {@link Chunker}, on its own thread as a network would.
 */
class ServerLinkTest {
    private static final int N = 2_503;
    private static final int SMALL_FRAMES = 48 + 4 * 100;            // 26 frames per vector
    private final ExecutorService network = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopNetwork() {
        network.shutdownNow();
    }

    /** A scripted parameter server for one worker: applies each new sequence once, replays a repeated one. */
    private final class Peer {
        final Easgd.Master master = new Easgd.Master(0.5f);
        final float[] received = new float[N];
        final Assembler assembler = new Assembler(Kind.UP, 12, 0, received);
        final float[] reply = new float[N];
        final List<Long> upSequences = new ArrayList<>();
        long lastApplied;
        boolean dropAfterNextUp;

        Peer(float[] center) {
            master.init(center);
        }

        /** Attaches this peer to a socket whose connection the link uses. */
        void serve(FakeSocket socket, Connection connection, ServerLink link) {
            socket.onBinarySent = frame -> {
                ParamFrame h = ParamFrame.decode(frame);
                if (h.chunkIndex() == 0) {
                    upSequences.add(h.sequence());
                }
                if (!assembler.accept(h, frame)) {
                    return;
                }
                long seq = assembler.sequence();
                if (seq == lastApplied + 1) {
                    master.exchange(0, received, reply);
                    lastApplied = seq;
                } else if (seq != lastApplied) {
                    throw new AssertionError("sequence " + seq + " after " + lastApplied);
                }
                if (dropAfterNextUp) {
                    dropAfterNextUp = false;
                    network.execute(() -> connection.listener().onClose(socket, 1001, "going away"));
                    return;
                }
                send(socket, connection, Kind.DOWN, seq, reply);
            };
            socket.onTextSent = json -> {
                if (Messages.decodeToServer(json) instanceof ToServer.Ready) {
                    float[] c = new float[N];
                    master.copyCenter(c);
                    send(socket, connection, Kind.CENTER, 0, c);
                }
            };
        }

        void send(FakeSocket socket, Connection connection, Kind kind, long seq, float[] vector) {
            List<ByteBuffer> frames = new ArrayList<>();
            new Chunker(SMALL_FRAMES).send(kind, 12, 0, seq, 0, vector, f -> {
                ByteBuffer copy = ByteBuffer.allocate(f.remaining());
                copy.put(f).flip();
                frames.add(copy);
            });
            network.execute(() -> frames.forEach(f -> connection.listener().onBinary(socket, f, true)));
        }
    }

    private static float[] ramp(float from) {
        float[] v = new float[N];
        for (int i = 0; i < N; i++) {
            v[i] = from + i * 0.001f;
        }
        return v;
    }

    private static Connection connect(FakeSocket socket, ServerLink[] link) {
        return FakeSocket.open(socket, new RecordingHandler() {
            @Override
            public void onFrame(Connection c, ParamFrame header, ByteBuffer frame) {
                link[0].onFrame(c, header, frame);
            }
        });
    }

    @Test
    void readyFetchesTheCenterAndAnExchangeReturnsTheMastersReply() {
        ServerLink[] link = {new ServerLink(12, 0, Duration.ofSeconds(10))};
        FakeSocket socket = new FakeSocket();
        Connection connection = connect(socket, link);
        connection.maxFrameBytes(SMALL_FRAMES);
        Peer peer = new Peer(ramp(0f));
        peer.serve(socket, connection, link[0]);
        link[0].connected(connection);

        float[] center = new float[N];
        link[0].fetchCenter(center);
        assertThat(center).containsExactly(ramp(0f));
        assertThat(socket.texts).containsExactly("{\"type\":\"ready\",\"jobId\":12,\"rank\":0}");

        float[] x = ramp(1f);
        float[] e = new float[N];
        link[0].exchange(1, 0, x, e);

        Easgd.Master reference = new Easgd.Master(0.5f);
        reference.init(ramp(0f));
        float[] expected = new float[N];
        reference.exchange(0, ramp(1f), expected);
        assertThat(e).containsExactly(expected);                      // e = α(x − x̃), bit for bit
        assertThat(socket.binaries).hasSize(26).allSatisfy(f -> assertThat(f.remaining()).isLessThanOrEqualTo(SMALL_FRAMES));
        assertThat(peer.upSequences).containsExactly(1L);
    }

    @Test
    void anExchangeCutByADisconnectIsSentAgainWithTheSameSequenceAndAppliedOnce() throws Exception {
        ServerLink[] link = {new ServerLink(12, 0, Duration.ofSeconds(10))};
        FakeSocket first = new FakeSocket();
        Connection c1 = connect(first, link);
        Peer peer = new Peer(ramp(0f));
        peer.serve(first, c1, link[0]);
        peer.dropAfterNextUp = true;                                  // the UP arrives, the reply is lost
        link[0].connected(c1);

        float[] e = new float[N];
        CompletableFuture<Void> exchange = CompletableFuture.runAsync(() -> link[0].exchange(1, 0, ramp(1f), e));
        c1.closed().get(5, TimeUnit.SECONDS);
        link[0].disconnected(c1);
        assertThat(exchange).isNotDone();

        FakeSocket second = new FakeSocket();                         // the agent reconnected and was resumed
        Connection c2 = connect(second, link);
        peer.serve(second, c2, link[0]);
        link[0].connected(c2);
        exchange.get(5, TimeUnit.SECONDS);

        assertThat(peer.upSequences).containsExactly(1L, 1L);
        assertThat(peer.master.updates()).isEqualTo(1);               // the replayed reply, not a second move
        Easgd.Master reference = new Easgd.Master(0.5f);
        reference.init(ramp(0f));
        float[] expected = new float[N];
        reference.exchange(0, ramp(1f), expected);
        assertThat(e).containsExactly(expected);
    }

    @Test
    void anOverlappedExchangeReturnsBeforeItsUploadIsSentAndAwaitBringsTheReply() throws Exception {
        ServerLink[] link = {new ServerLink(12, 0, Duration.ofSeconds(10))};
        FakeSocket socket = new FakeSocket();
        Connection connection = connect(socket, link);
        connection.maxFrameBytes(SMALL_FRAMES);
        Peer peer = new Peer(ramp(0f));
        peer.serve(socket, connection, link[0]);
        java.util.function.Consumer<ByteBuffer> serve = socket.onBinarySent;
        java.util.concurrent.CountDownLatch wire = new java.util.concurrent.CountDownLatch(1);
        List<String> senders = java.util.Collections.synchronizedList(new ArrayList<>());
        socket.onBinarySent = frame -> {                              // a slow wire: nothing leaves until opened
            senders.add(Thread.currentThread().getName());
            try {
                wire.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            serve.accept(frame);
        };
        link[0].connected(connection);

        float[] e = new float[N];
        io.easgd.core.rules.Exchange.Pending pending = link[0].begin(1, 0, ramp(1f), e);
        assertThat(peer.master.updates()).isZero();                   // begin did not wait for the wire
        assertThat(e).containsOnly(0f);
        assertThat(pending.arrived()).isFalse();                      // nothing sent, nothing back
        wire.countDown();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!pending.arrived() && System.nanoTime() < until) {     // the reply lands without an await
            Thread.sleep(5);
        }
        assertThat(pending.arrived()).isTrue();
        assertThat(e).containsOnly(0f);                               // only await puts it in place
        pending.await();

        Easgd.Master reference = new Easgd.Master(0.5f);
        reference.init(ramp(0f));
        float[] expected = new float[N];
        reference.exchange(0, ramp(1f), expected);
        assertThat(e).containsExactly(expected);
        assertThat(peer.upSequences).containsExactly(1L);
        assertThat(senders).hasSize(26).allSatisfy(name -> assertThat(name).isEqualTo("job-12-rank-0-upload"));

        // the next one, blocking, on the job thread: the same wire as ever
        float[] e2 = new float[N];
        link[0].exchange(2, 1, ramp(2f), e2);
        assertThat(peer.upSequences).containsExactly(1L, 2L);
        assertThat(peer.master.updates()).isEqualTo(2);
    }

    @Test
    void anOverlappedExchangeCutByADisconnectIsSentAgainAtTheAwaitWithTheSameSequence() throws Exception {
        ServerLink[] link = {new ServerLink(12, 0, Duration.ofSeconds(10))};
        FakeSocket first = new FakeSocket();
        Connection c1 = connect(first, link);
        Peer peer = new Peer(ramp(0f));
        peer.serve(first, c1, link[0]);
        peer.dropAfterNextUp = true;                                  // the UP arrives, the reply is lost
        link[0].connected(c1);

        float[] e = new float[N];
        io.easgd.core.rules.Exchange.Pending pending = link[0].begin(1, 0, ramp(1f), e);
        c1.closed().get(5, TimeUnit.SECONDS);                         // while the worker computes
        link[0].disconnected(c1);
        CompletableFuture<Void> awaited = CompletableFuture.runAsync(pending::await);
        assertThat(awaited).isNotDone();

        FakeSocket second = new FakeSocket();                         // the agent reconnected and was resumed
        Connection c2 = connect(second, link);
        peer.serve(second, c2, link[0]);
        link[0].connected(c2);
        awaited.get(5, TimeUnit.SECONDS);

        assertThat(peer.upSequences).containsExactly(1L, 1L);
        assertThat(peer.master.updates()).isEqualTo(1);               // the replayed reply, not a second move
        Easgd.Master reference = new Easgd.Master(0.5f);
        reference.init(ramp(0f));
        float[] expected = new float[N];
        reference.exchange(0, ramp(1f), expected);
        assertThat(e).containsExactly(expected);
    }

    @Test
    void anOverlappedExchangeBegunWithoutAConnectionIsSentWhenAwaitedAndOneIsUp() throws Exception {
        ServerLink[] link = {new ServerLink(12, 0, Duration.ofSeconds(10))};
        float[] e = new float[N];
        io.easgd.core.rules.Exchange.Pending pending = link[0].begin(1, 0, ramp(1f), e);
        CompletableFuture<Void> awaited = CompletableFuture.runAsync(pending::await);
        FakeSocket socket = new FakeSocket();
        Connection c = connect(socket, link);
        Peer peer = new Peer(ramp(0f));
        peer.serve(socket, c, link[0]);
        link[0].connected(c);
        awaited.get(5, TimeUnit.SECONDS);
        assertThat(peer.upSequences).containsExactly(1L);
        assertThat(peer.master.updates()).isEqualTo(1);
    }

    @Test
    void aStopWakesAnOverlappedAwait() {
        ServerLink link = new ServerLink(12, 0, Duration.ofSeconds(10));
        io.easgd.core.rules.Exchange.Pending pending = link.begin(1, 0, new float[3], new float[3]);
        link.cancel("CANCELLED by the user");
        assertThatThrownBy(pending::await).isInstanceOf(Stopped.class).hasMessage("CANCELLED by the user");
    }

    @Test
    void noReplyWithinTheTimeoutAbortsTheConnectionToReconnect() throws Exception {
        ServerLink link = new ServerLink(12, 0, Duration.ofMillis(200));
        FakeSocket silent = new FakeSocket();
        RecordingHandler handler = new RecordingHandler();
        Connection c = FakeSocket.open(silent, handler);
        link.connected(c);
        CompletableFuture<Void> exchange = CompletableFuture.runAsync(() -> link.exchange(1, 0, new float[3], new float[3]));
        // the closed future completes before the handler hears of it: read the reason from the future
        assertThat(c.closed().get(5, TimeUnit.SECONDS).reason()).contains("no DOWN reply to exchange 1 within 0.2 s");
        assertThat(silent.aborted).isTrue();
        link.cancel("test over");
        assertThatThrownBy(() -> exchange.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(Stopped.class);
    }

    @Test
    void aStopWakesAnExchangeWaitingForAConnection() {
        ServerLink link = new ServerLink(12, 0, Duration.ofSeconds(10));
        CompletableFuture<Void> exchange = CompletableFuture.runAsync(() -> link.exchange(1, 0, new float[3], new float[3]));
        link.cancel("CANCELLED by the user");
        assertThatThrownBy(() -> exchange.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(Stopped.class).hasMessage("CANCELLED by the user");
    }

    @Test
    void aFrameNobodyWaitsForIs1003() {
        ServerLink link = new ServerLink(12, 0, Duration.ofSeconds(10));
        FakeSocket socket = new FakeSocket();
        Connection c = FakeSocket.open(socket, new RecordingHandler());
        ByteBuffer frame = new ParamFrame(Kind.DOWN, 12, 0, 1, 0, 0, 1, 0, 1).encode(new float[1], null);
        assertThatThrownBy(() -> link.onFrame(c, ParamFrame.decode(frame), frame))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.closeCode()).isEqualTo(1003));
    }
}
