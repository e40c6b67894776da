package io.easgd.backend.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.agents.DataChannelServer;
import io.easgd.core.protocol.DataChannel;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Protocol version 2's data channel against the real backend of the {@link SharedLab}, from a
 * scripted agent (a {@link FuzzAgent} on the WebSocket, a plain socket on the data port): what the
 * welcome offers to each version, the attach (right key, wrong key, a key used twice), framing that
 * arrives a byte at a time, an oversize length, and the two connections closing together.
 */
@ExtendWith(SharedLab.Extension.class)
class DataChannelIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Lab lab;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        lab = SharedLab.get();
    }

    private static int dataPort() {
        return lab.backend().getBean(DataChannelServer.class).port();
    }

    private static double protocolErrors() {
        return lab.backend().getBean(MeterRegistry.class).get("easgd.agent.protocol.errors").counter().count();
    }

    private static FuzzAgent hello(int protocol, String id) throws Exception {
        FuzzAgent a = FuzzAgent.open(HTTP, lab.port(), true);
        a.text(FuzzAgent.hello(protocol, Lab.AGENT_TOKEN, id, id));
        return a;
    }

    private static Socket attach(String keyHex) throws IOException {
        Socket s = new Socket("127.0.0.1", dataPort());
        s.setSoTimeout((int) WAIT.toMillis());
        s.getOutputStream().write(DataChannel.attach(HexFormat.of().parseHex(keyHex)).array());
        s.getOutputStream().flush();
        return s;
    }

    /** Reads until the server closes; returns the bytes it sent before. */
    private static byte[] readToEnd(Socket s) throws IOException {
        return s.getInputStream().readAllBytes();
    }

    @Test
    void aVersion1HelloGetsAVersion1WelcomeAndAVersion2HelloTheDataChannel() throws Exception {
        try (FuzzAgent v1 = hello(1, "dc-v1"); FuzzAgent v2 = hello(2, "dc-v2")) {
            JsonNode w1 = v1.awaitText("welcome", WAIT);
            assertThat(w1.get("protocol").asInt()).isEqualTo(1);
            assertThat(w1.has("data")).as(w1.toString()).isFalse();
            JsonNode w2 = v2.awaitText("welcome", WAIT);
            assertThat(w2.get("protocol").asInt()).isEqualTo(2);
            assertThat(w2.at("/data/port").asInt()).isEqualTo(dataPort()).isPositive().isNotEqualTo(lab.port());
            assertThat(w2.at("/data/key").asText()).matches("[0-9a-f]{32}");
        }
        try (FuzzAgent v3 = hello(3, "dc-v3")) {
            assertThat(v3.awaitClose(WAIT).code()).isEqualTo(Protocol.CLOSE_BAD_VERSION);
        }
    }

    @Test
    void theRightKeyAttachesOnceAndAWrongOrReusedKeyIsClosedAtOnceAsAProtocolFault() throws Exception {
        try (FuzzAgent a = hello(2, "dc-attach")) {
            String key = a.awaitText("welcome", WAIT).at("/data/key").asText();
            double faults = protocolErrors();
            String wrong = (key.charAt(0) == '0' ? "1" : "0") + key.substring(1);
            try (Socket s = attach(wrong)) {
                assertThat(readToEnd(s)).as("nothing but the close").isEmpty();
            }
            assertThat(protocolErrors()).isEqualTo(faults + 1);

            try (Socket s = attach(key)) {
                byte[] ack = new byte[DataChannel.ACK_BYTES];
                new DataInputStream(s.getInputStream()).readFully(ack);
                assertThat(ack).isEqualTo(DataChannel.ack().array());
                try (Socket again = attach(key)) {
                    assertThat(readToEnd(again)).as("a key attaches once").isEmpty();
                }
                assertThat(protocolErrors()).isEqualTo(faults + 2);
                assertThat(a.isClosed()).as("the session is not harmed by a stranger's attempt").isFalse();
                assertThat(s.getInputStream().available()).isZero();
            }
            // the attached channel closed: its WebSocket follows
            FuzzAgent.Closed closed = a.awaitClose(WAIT);
            assertThat(closed.code()).isEqualTo(Protocol.CLOSE_NORMAL);
            assertThat(closed.reason()).contains("data channel closed");
        }
    }

    @Test
    void aFrameThatArrivesAByteAtATimeIsReadWholeAndAnOversizeLengthClosesTheSessionWith1009() throws Exception {
        try (FuzzAgent a = hello(2, "dc-split"); Socket s = attach(a.awaitText("welcome", WAIT).at("/data/key").asText())) {
            new DataInputStream(s.getInputStream()).readFully(new byte[DataChannel.ACK_BYTES]);
            // a well-formed UP frame of a job this agent does not hold: read whole, then refused as not its own
            byte[] frame = FuzzAgent.frame(ParamFrame.Kind.UP, 987_654, 0, 1, 0, 0, 1, 0, 100, null, 0);
            ByteBuffer prefixed = ByteBuffer.allocate(4 + frame.length).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(frame.length).put(frame);
            OutputStream out = s.getOutputStream();
            s.setTcpNoDelay(true);
            for (byte b : prefixed.array()) {
                out.write(b);
                out.flush();
            }
            FuzzAgent.Closed closed = a.awaitClose(WAIT);
            assertThat(closed.code()).isEqualTo(Protocol.CLOSE_PROTOCOL_ERROR);
            assertThat(closed.reason()).as("the whole frame was decoded").contains("job 987654");
            assertThat(readToEnd(s)).isEmpty();
        }
        try (FuzzAgent a = hello(2, "dc-oversize"); Socket s = attach(a.awaitText("welcome", WAIT).at("/data/key").asText())) {
            InputStream in = s.getInputStream();
            new DataInputStream(in).readFully(new byte[DataChannel.ACK_BYTES]);
            s.getOutputStream().write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(Protocol.MAX_FRAME_BYTES + 1).array());
            s.getOutputStream().flush();
            FuzzAgent.Closed closed = a.awaitClose(WAIT);
            assertThat(closed.code()).isEqualTo(Protocol.CLOSE_TOO_BIG);
            assertThat(readToEnd(s)).isEmpty();
        }
    }

    @Test
    void theWebSocketClosingClosesItsDataChannel() throws Exception {
        FuzzAgent a = hello(2, "dc-ws-closes");
        try (Socket s = attach(a.awaitText("welcome", WAIT).at("/data/key").asText())) {
            new DataInputStream(s.getInputStream()).readFully(new byte[DataChannel.ACK_BYTES]);
            a.close();
            assertThat(readToEnd(s)).isEmpty();                // EOF, not the read timeout
        }
    }
}
