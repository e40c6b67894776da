package io.easgd.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.easgd.core.protocol.Assembler;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.DataChannel;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ProtocolException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The agent's end of the data channel against a plain server socket that plays the backend's part. */
class DataSocketTest {
    private static final byte[] KEY = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    /** Accepts one connection, checks the preamble, then runs {@code server}. */
    private static CompletableFuture<Void> serve(ServerSocket listening, boolean ack, IoConsumer server) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = listening.accept()) {
                byte[] preamble = new byte[DataChannel.PREAMBLE_BYTES];
                new DataInputStream(s.getInputStream()).readFully(preamble);
                assertThat(DataChannel.keyOf(ByteBuffer.wrap(preamble))).isEqualTo(KEY);
                if (ack) {
                    s.getOutputStream().write(DataChannel.ack().array());
                }
                server.accept(s);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    interface IoConsumer {
        void accept(Socket s) throws IOException;
    }

    @Test
    void anUpVectorGoesAsLengthPrefixedFramesAndADownVectorReadAByteAtATimeIsReassembled() throws Exception {
        int n = 300_000;                                     // two chunks
        float[] up = new float[n];
        for (int i = 0; i < n; i++) {
            up[i] = i * 0.5f;
        }
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            float[] received = new float[n];
            CompletableFuture<Void> server = serve(listening, true, s -> {
                DataInputStream in = new DataInputStream(s.getInputStream());
                for (int vector = 0; vector < 2; vector++) {       // the second reuses the buffer of a shorter chunk
                Assembler a = new Assembler(ParamFrame.Kind.UP, 7, 1, received);
                boolean done = false;
                int frames = 0;
                while (!done) {
                    byte[] len = new byte[4];
                    in.readFully(len);
                    int bytes = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt();
                    byte[] frame = new byte[bytes];
                    in.readFully(frame);
                    done = a.accept(ParamFrame.decode(ByteBuffer.wrap(frame)), ByteBuffer.wrap(frame));
                    frames++;
                }
                assertThat(frames).isEqualTo(2);
                }
                // the DOWN: the same vector back, written one byte at a time
                OutputStream out = s.getOutputStream();
                new Chunker().send(ParamFrame.Kind.DOWN, 7, 1, 3, 30, received, f -> {
                    ByteBuffer b = ByteBuffer.allocate(4 + f.remaining()).order(ByteOrder.LITTLE_ENDIAN);
                    b.putInt(f.remaining()).put(f);
                    for (byte x : b.array()) {
                        out.write(x);
                    }
                    out.flush();
                });
            });
            try (DataSocket d = DataSocket.attach("127.0.0.1", listening.getLocalPort(), KEY, null, Duration.ofSeconds(5))) {
                long wire = d.sendVector(new Chunker(), ParamFrame.Kind.UP, 7, 1, 3, 30, up,
                        io.easgd.core.compression.Compression.NONE);
                assertThat(wire).isEqualTo(2 * (4 + 48) + 4L * n);
                assertThat(d.sendVector(new Chunker(), ParamFrame.Kind.UP, 7, 1, 4, 31, up,
                        io.easgd.core.compression.Compression.NONE)).isEqualTo(wire);
                float[] down = new float[n];
                Assembler a = new Assembler(ParamFrame.Kind.DOWN, 7, 1, down);
                boolean done = false;
                while (!done) {
                    ByteBuffer f = d.read();
                    done = a.accept(ParamFrame.decode(f), f);
                }
                assertThat(down).isEqualTo(up);
                server.get();
            }
        }
    }

    @Test
    void anOversizeLengthIsAProtocolError1009() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> server = serve(listening, true, s -> {
                s.getOutputStream().write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(Protocol.MAX_FRAME_BYTES + 1).array());
                s.getInputStream().read();                   // until the agent closes
            });
            try (DataSocket d = DataSocket.attach("127.0.0.1", listening.getLocalPort(), KEY, null, Duration.ofSeconds(5))) {
                assertThatThrownBy(d::read).isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.closeCode()).isEqualTo(Protocol.CLOSE_TOO_BIG));
            }
            server.get();
        }
    }

    @Test
    void noAcknowledgementWithinTheTimeoutOrAClosedPortFailsTheAttach() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> server = serve(listening, false, s -> s.getInputStream().read());
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> DataSocket.attach("127.0.0.1", listening.getLocalPort(), KEY, null,
                    Duration.ofMillis(300))).isInstanceOf(IOException.class).hasMessageContaining("no attach acknowledgement");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            server.get();
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> DataSocket.attach("127.0.0.1", closedPort, KEY, null, Duration.ofSeconds(1)))
                .isInstanceOf(IOException.class);
    }
}
