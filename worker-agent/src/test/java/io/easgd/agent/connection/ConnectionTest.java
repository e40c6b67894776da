package io.easgd.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.easgd.core.protocol.Assembler;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.Messages;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.ParamFrame.Kind;
import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.protocol.ToServer;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConnectionTest {
    private final FakeSocket socket = new FakeSocket();
    private final RecordingHandler handler = new RecordingHandler();
    private final Connection connection = FakeSocket.open(socket, handler);

    @Test
    void textFragmentsAreJoinedDecodedAndEachPartIsRequestedOneAtATime() {
        assertThat(socket.requested).isEqualTo(1);                       // onOpen asks for the first part only
        String json = Messages.encode(ToAgent.Welcome.of("a-1", false));
        connection.listener().onText(socket, json.substring(0, 10), false);
        assertThat(handler.messages).isEmpty();
        assertThat(socket.requested).isEqualTo(2);
        connection.listener().onText(socket, json.substring(10), true);
        assertThat(handler.messages).containsExactly(ToAgent.Welcome.of("a-1", false));
        assertThat(socket.requested).isEqualTo(3);
    }

    @Test
    void binaryFragmentsAreJoinedIntoOneDecodedFrame() {
        float[] v = {1f, 2f, 3f, 4f, 5f};
        ByteBuffer frame = new ParamFrame(Kind.DOWN, 12, 0, 3, 30, 0, 1, 0, 5).encode(v, null);
        ByteBuffer a = frame.duplicate().limit(20);
        ByteBuffer b = frame.duplicate().position(20).limit(50);
        ByteBuffer c = frame.duplicate().position(50);
        connection.listener().onBinary(socket, a, false);
        connection.listener().onBinary(socket, b, false);
        assertThat(handler.headers).isEmpty();
        connection.listener().onBinary(socket, c, true);
        assertThat(handler.headers).containsExactly(new ParamFrame(Kind.DOWN, 12, 0, 3, 30, 0, 1, 0, 5));
        float[] out = new float[5];
        handler.headers.get(0).readValues(handler.frames.get(0), out);
        assertThat(out).containsExactly(v);
        assertThat(socket.requested).isEqualTo(4);
    }

    @Test
    void aTextMessageOverTheLimitClosesWith1009AndStopsReceiving() {
        connection.listener().onText(socket, "x".repeat(Protocol.MAX_TEXT_BYTES), false);
        connection.listener().onText(socket, "x", true);
        assertThat(socket.closeCode).isEqualTo(1009);
        assertThat(handler.closes).containsExactly(new Connection.Closed(1009, "text message longer than 262144 bytes"));
        assertThat(socket.requested).isEqualTo(2);                       // nothing more is asked for
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void aBinaryFrameOverTheLimitClosesWith1009() {
        connection.listener().onBinary(socket, ByteBuffer.allocate(Protocol.MAX_FRAME_BYTES), false);
        connection.listener().onBinary(socket, ByteBuffer.allocate(1), true);
        assertThat(socket.closeCode).isEqualTo(1009);
        assertThat(handler.headers).isEmpty();
    }

    @Test
    void malformedInputClosesWithTheProtocolsCode() {
        connection.listener().onText(socket, "{\"type\":\"reboot\"}", true);
        assertThat(socket.closeCode).isEqualTo(1008);
        assertThat(socket.closeReason).isEqualTo("unknown message type \"reboot\"");

        FakeSocket s2 = new FakeSocket();
        RecordingHandler h2 = new RecordingHandler();
        Connection c2 = FakeSocket.open(s2, h2);
        ByteBuffer bad = new ParamFrame(Kind.DOWN, 1, 0, 1, 0, 0, 1, 0, 1).encode(new float[1], null);
        bad.put(0, (byte) 9);
        c2.listener().onBinary(s2, bad, true);
        assertThat(s2.closeCode).isEqualTo(1002);
        assertThat(h2.closes.get(0).reason()).contains("frame version 9");
        assertThat(h2.headers).isEmpty();
    }

    @Test
    void aVectorGoesOutInFramesTheCodecReassemblesBitExactly() {
        connection.maxFrameBytes(48 + 4 * 1000);
        float[] v = new float[123_457];
        Random r = new Random(1);
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.intBitsToFloat(r.nextInt());
        }
        connection.sendVector(Kind.UP, 12, 1, 7, 70, v);

        float[] got = new float[v.length];
        Assembler assembler = new Assembler(Kind.UP, 12, 1, got);
        boolean complete = false;
        for (ByteBuffer frame : socket.binaries) {
            assertThat(frame.remaining()).isLessThanOrEqualTo(48 + 4 * 1000);
            complete = assembler.accept(ParamFrame.decode(frame), frame);
        }
        assertThat(complete).isTrue();
        assertThat(socket.binaries).hasSize(new Chunker(48 + 4 * 1000).chunkCount(v.length));
        for (int i = 0; i < v.length; i++) {
            assertThat(Float.floatToRawIntBits(got[i])).isEqualTo(Float.floatToRawIntBits(v[i]));
        }
    }

    @Test
    void controlMessagesGoOutAsJsonAndSendingOnAClosedConnectionThrows() {
        connection.send(new ToServer.Heartbeat(3));
        assertThat(socket.texts).containsExactly("{\"type\":\"heartbeat\",\"seq\":3}");
        connection.listener().onClose(socket, 1000, "bye");
        assertThat(handler.closes).containsExactly(new Connection.Closed(1000, "bye"));
        assertThatThrownBy(() -> connection.send(new ToServer.Heartbeat(4))).isInstanceOf(ConnectionLost.class);
        assertThatThrownBy(() -> connection.sendVector(Kind.UP, 1, 0, 1, 0, new float[3]))
                .isInstanceOf(ConnectionLost.class);
    }

    @Test
    void theHandlerHearsOfTheCloseOnceAndInboundTrafficCountsAsLife() throws Exception {
        long before = connection.lastInboundNanos();
        Thread.sleep(2);
        connection.listener().onPong(socket, ByteBuffer.allocate(0));
        assertThat(connection.lastInboundNanos()).isGreaterThan(before);
        connection.abort("test");
        connection.listener().onError(socket, new java.io.IOException("reset"));
        assertThat(handler.closes).containsExactly(new Connection.Closed(1006, "test"));
        assertThat(socket.aborted).isTrue();
    }
}
