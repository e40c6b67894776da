package io.easgd.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.easgd.core.spec.Json;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Version 2: hello and welcome (golden files in {@code v2/}), the data channel's preamble and length prefix. */
class ProtocolV2Test {
    private static final String V2 = "io/easgd/core/protocol/v2/";
    private static final ObjectWriter PRETTY = Json.MAPPER.writerWithDefaultPrettyPrinter();
    private static final String KEY = "00112233445566778899aabbccddeeff";

    static ToServer.Hello hello() {
        return ToServer.Hello.of(Protocol.VERSION_2, "agent-token-1", "a1b2c3d4", "host-1", Samples.CPU, null);
    }

    static ToAgent.Welcome welcome() {
        return new ToAgent.Welcome(2, "a1b2c3d4", 5, Protocol.MAX_FRAME_BYTES, false, new ToAgent.DataOffer(7071, KEY));
    }

    private static String pretty(String json) throws Exception {
        return PRETTY.writeValueAsString(Json.MAPPER.readTree(json)) + "\n";
    }

    @Test
    void aVersion2HelloAndWelcomeMatchTheirGoldenFilesAndDecodeBackToThemselves() throws Exception {
        String h = Messages.encode(hello());
        Golden.check(V2, "hello.json", pretty(h));
        assertThat(Messages.decodeToServer(Golden.read(V2, "hello.json"))).isEqualTo(hello());
        assertThat(h).startsWith("{\"type\":\"hello\",\"protocol\":2,");
        String w = Messages.encode(welcome());
        Golden.check(V2, "welcome.json", pretty(w));
        assertThat(Messages.decodeToAgent(Golden.read(V2, "welcome.json"))).isEqualTo(welcome());
        assertThat(w).contains("\"data\":{\"port\":7071,\"key\":\"" + KEY + "\"}");
    }

    @Test
    void aWelcomeWithoutDataLeavesTheFieldOutAndVersion1NeverCarriesIt() {
        String w = Messages.encode(new ToAgent.Welcome(2, "a1", 5, Protocol.MAX_FRAME_BYTES, true));
        assertThat(w).doesNotContain("data").contains("\"protocol\":2");
        assertThat(Messages.encode(ToAgent.Welcome.of("a1", false))).doesNotContain("data").contains("\"protocol\":1");
        assertThatThrownBy(() -> new ToAgent.Welcome(1, "a1", 5, Protocol.MAX_FRAME_BYTES, false,
                new ToAgent.DataOffer(7071, KEY))).hasMessageContaining("data is only sent in protocol version 2");
    }

    @Test
    void aBadDataOfferIsRefusedNamingTheField() {
        String json = Messages.encode(welcome());
        assertThatThrownBy(() -> Messages.decodeToAgent(json.replace(KEY, KEY.toUpperCase())))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.closeCode()).isEqualTo(Protocol.CLOSE_BAD_MESSAGE);
                    assertThat(e.reason()).contains("data.key must be 32 lowercase hex digits");
                });
        assertThatThrownBy(() -> Messages.decodeToAgent(json.replace("7071", "70710")))
                .isInstanceOfSatisfying(ProtocolException.class, e ->
                        assertThat(e.reason()).contains("data.port must be in [1, 65535]"));
        assertThat(welcome().toString()).doesNotContain(KEY);
    }

    @Test
    void aReplicaMayNameItsOwnHostAndTheAgentConnectsThereElseToItsServerHost() {
        ToAgent.Welcome named = new ToAgent.Welcome(2, "a1", 5, Protocol.MAX_FRAME_BYTES, false,
                new ToAgent.DataOffer(7071, KEY, "10.1.2.3"));
        String json = Messages.encode(named);
        assertThat(json).contains("\"data\":{\"port\":7071,\"key\":\"" + KEY + "\",\"host\":\"10.1.2.3\"}");
        assertThat(((ToAgent.Welcome) Messages.decodeToAgent(json)).data().hostOr("backend")).isEqualTo("10.1.2.3");
        assertThat(welcome().data().hostOr("backend")).isEqualTo("backend");
        assertThatThrownBy(() -> Messages.decodeToAgent(json.replace("10.1.2.3", "a b")))
                .isInstanceOfSatisfying(ProtocolException.class, e ->
                        assertThat(e.reason()).contains("data.host must be a host name or an IP address"));
    }

    @Test
    void thePreambleCarriesMagicVersionAndKeyAndAWrongOneIsAProtocolError() {
        byte[] key = HexFormat.of().parseHex(KEY);
        ByteBuffer p = DataChannel.attach(key);
        assertThat(HexFormat.of().formatHex(p.array())).isEqualTo("4541444302000000" + KEY);
        assertThat(DataChannel.keyOf(p)).isEqualTo(key);
        byte[] bad = p.array().clone();
        bad[0] = 'G';
        assertThatThrownBy(() -> DataChannel.keyOf(ByteBuffer.wrap(bad))).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.reason()).contains("bad magic"));
        byte[] v3 = p.array().clone();
        v3[4] = 3;
        assertThatThrownBy(() -> DataChannel.keyOf(ByteBuffer.wrap(v3))).hasMessageContaining("version 3");
        assertThatThrownBy(() -> DataChannel.keyOf(ByteBuffer.wrap(new byte[10]))).hasMessageContaining("10 bytes");
        assertThat(HexFormat.of().formatHex(DataChannel.ack().array())).isEqualTo("4541444302000000");
        assertThat(DataChannel.isAck(DataChannel.ack())).isTrue();
        assertThat(DataChannel.isAck(ByteBuffer.wrap(new byte[8]))).isFalse();
    }

    @Test
    void aLengthPrefixOutsideHeaderAndFrameLimitIsRefused() {
        assertThat(DataChannel.checkLength(Protocol.MAX_FRAME_BYTES)).isEqualTo(Protocol.MAX_FRAME_BYTES);
        assertThat(DataChannel.checkLength(Protocol.HEADER_BYTES)).isEqualTo(Protocol.HEADER_BYTES);
        assertThatThrownBy(() -> DataChannel.checkLength(Protocol.MAX_FRAME_BYTES + 1L))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.closeCode()).isEqualTo(1009));
        assertThatThrownBy(() -> DataChannel.checkLength(0xFFFFFFFFL))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.closeCode()).isEqualTo(1009));
        assertThatThrownBy(() -> DataChannel.checkLength(47))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.closeCode()).isEqualTo(1002));
    }
}
