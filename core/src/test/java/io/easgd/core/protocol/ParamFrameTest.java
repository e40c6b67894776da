package io.easgd.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.easgd.core.protocol.ParamFrame.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ParamFrameTest {
    private static final ParamFrame UP = new ParamFrame(Kind.UP, 12, 1, 34, 340, 0, 1, 0, 3);
    private static final float[] VALUES = {1.0f, -2.5f, 0.15625f};

    /** 16 bytes a line, lowercase hex, so that a layout change shows as a readable diff. */
    static String hex(ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.duplicate().get(bytes);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length; i += 16) {
            out.append(HexFormat.ofDelimiter(" ").formatHex(bytes, i, Math.min(bytes.length, i + 16))).append('\n');
        }
        return out.toString();
    }

    static ByteBuffer unhex(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex.replaceAll("\\s+", "")));
    }

    @Test
    void anUpFrameMatchesItsGoldenBytes() {
        ByteBuffer frame = UP.encode(VALUES, null);
        Golden.check("frame-up.hex", hex(frame));
        assertThat(frame.remaining()).isEqualTo(48 + 12);
    }

    @Test
    void theGoldenFrameDecodesToItsHeaderAndValues() {
        ByteBuffer frame = unhex(Golden.read("frame-up.hex"));
        ParamFrame h = ParamFrame.decode(frame);
        assertThat(h).isEqualTo(UP);
        float[] v = new float[3];
        h.readValues(frame, v);
        assertThat(v).containsExactly(VALUES);
        assertThat(frame.position()).isZero();
    }

    @Test
    void theHeaderIsLittleEndianAtTheDocumentedOffsets() {
        ByteBuffer b = new ParamFrame(Kind.DOWN, 0x0102030405060708L, 9, 10, 11, 2, 5, 524_264, 1).encode(new float[524_265], null)
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.get(0)).isEqualTo((byte) 1);
        assertThat(b.get(1)).isEqualTo((byte) 2);
        assertThat(b.getShort(2)).isZero();
        assertThat(b.get(4)).isEqualTo((byte) 0x08);                  // least significant byte first
        assertThat(b.getLong(4)).isEqualTo(0x0102030405060708L);
        assertThat(b.getInt(12)).isEqualTo(9);
        assertThat(b.getLong(16)).isEqualTo(10);
        assertThat(b.getLong(24)).isEqualTo(11);
        assertThat(b.getInt(32)).isEqualTo(2);
        assertThat(b.getInt(36)).isEqualTo(5);
        assertThat(b.getInt(40)).isEqualTo(524_264);
        assertThat(b.getInt(44)).isEqualTo(1);
    }

    @Test
    void roundTripsEveryKindAndReusesABigEnoughBuffer() {
        ByteBuffer reuse = ByteBuffer.allocate(1024);
        for (Kind kind : Kind.values()) {
            ParamFrame h = new ParamFrame(kind, 7, 3, kind == Kind.CENTER ? 0 : 5, 50, 1, 3, 2, 2);
            float[] vector = {9f, 9f, Float.intBitsToFloat(0x7fc00123), -0.0f, 9f};
            ByteBuffer frame = h.encode(vector, reuse);
            assertThat(frame).isSameAs(reuse);
            ParamFrame back = ParamFrame.decode(frame);
            assertThat(back).isEqualTo(h);
            float[] out = new float[5];
            back.readValues(frame, out);
            assertThat(Float.floatToRawIntBits(out[2])).isEqualTo(0x7fc00123);   // NaN payload kept bit for bit
            assertThat(Float.floatToRawIntBits(out[3])).isEqualTo(Float.floatToRawIntBits(-0.0f));
            assertThat(out[0]).isZero();
        }
        assertThat(new ParamFrame(Kind.DOWN, 1, 0, 1, 0, 0, 1, 0, 0).encode(new float[0], null).remaining()).isEqualTo(48);
    }

    @Test
    void decodingLeavesTheBufferAsItWasAndHonoursItsPosition() {
        ByteBuffer frame = UP.encode(VALUES, null);
        ByteBuffer shifted = ByteBuffer.allocate(frame.remaining() + 5);
        shifted.position(5);
        shifted.put(frame.duplicate()).position(5);
        assertThat(ParamFrame.decode(shifted)).isEqualTo(UP);
        assertThat(shifted.position()).isEqualTo(5);
        assertThat(shifted.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
    }

    @Test
    void aTruncatedHeaderIs1002() {
        ByteBuffer frame = UP.encode(VALUES, null);
        frame.limit(47);
        assertFault(frame, 1002, "truncated header");
        assertFault(ByteBuffer.allocate(0), 1002, "truncated header");
    }

    @Test
    void aBadVersionIs1002() {
        assertFault(patched(b -> b.put(0, (byte) 2)), 1002, "frame version 2 is not supported");
    }

    @Test
    void aBadKindIs1002() {
        assertFault(patched(b -> b.put(1, (byte) 4)), 1002, "frame kind 4 is unknown");
        assertFault(patched(b -> b.put(1, (byte) 0)), 1002, "frame kind 0 is unknown");
    }

    @Test
    void aNonZeroReservedFieldIs1002() {
        assertFault(patched(b -> b.put(3, (byte) 1)), 1002, "reserved");   // byte 2 is the encoding now
    }

    @Test
    void anUnknownEncodingIs1002() {
        assertFault(patched(b -> b.put(2, (byte) 3)), 1002, "frame encoding 3 is unknown");
    }

    @Test
    void aCountThatDisagreesWithTheLengthIs1002() {
        assertFault(patched(b -> b.putInt(44, 4)), 1002, "count mismatch: the header announces 4 floats");
        assertFault(patched(b -> b.putInt(44, 2)), 1002, "count mismatch");
        assertFault(patched(b -> b.putInt(44, -1)), 1002, "count must be in");
    }

    @Test
    void inconsistentChunkFieldsAre1002() {
        assertFault(patched(b -> b.putInt(32, 1)), 1002, "chunk index 1 is outside [0, 1)");
        assertFault(patched(b -> b.putInt(36, 0)), 1002, "chunk count must be >= 1");
        assertFault(patched(b -> b.putInt(40, -3)), 1002, "offset must be >= 0");
        assertFault(patched(b -> b.putInt(40, Integer.MAX_VALUE - 1)), 1002, "overflows");
        assertFault(patched(b -> b.putLong(16, 0)), 1002, "UP frames have a sequence >= 1");
        assertFault(patched(b -> b.put(1, (byte) 3)), 1002, "a CENTER frame has sequence 0");
        assertFault(patched(b -> b.putInt(12, -1)), 1002, "rank must be >= 0");
    }

    @Test
    void aFrameOverTheLimitIs1009() {
        assertFault(ByteBuffer.allocate(Protocol.MAX_FRAME_BYTES + 1), 1009, "exceeds 1048576");
    }

    @Test
    void theEncoderRefusesWhatTheDecoderWouldRefuse() {
        assertThatThrownBy(() -> new ParamFrame(Kind.UP, 1, 0, 0, 0, 0, 1, 0, 1)).hasMessageContaining("sequence >= 1");
        assertThatThrownBy(() -> new ParamFrame(Kind.UP, 1, 0, 1, 0, 1, 1, 0, 1)).hasMessageContaining("chunk index");
        assertThatThrownBy(() -> new ParamFrame(Kind.UP, 1, 0, 1, 0, 0, 1, 0, Protocol.FLOATS_PER_CHUNK + 1))
                .hasMessageContaining("count must be in [0, 262132]");
        assertThatThrownBy(() -> UP.encode(new float[2], null)).hasMessageContaining("outside a vector of 2 floats");
    }

    @Test
    void theLimitsAreTheDocumentedNumbers() {
        assertThat(Protocol.FLOATS_PER_CHUNK).isEqualTo(262_132);
        assertThat(Protocol.HEADER_BYTES).isEqualTo(48);
        assertThat(Protocol.MAX_FRAME_BYTES).isEqualTo(1_048_576);
        assertThat(new ParamFrame(Kind.UP, 1, 0, 1, 0, 0, 1, 0, Protocol.FLOATS_PER_CHUNK).frameBytes())
                .isLessThanOrEqualTo(Protocol.MAX_FRAME_BYTES);
    }

    private static ByteBuffer patched(Consumer<ByteBuffer> patch) {
        ByteBuffer frame = UP.encode(VALUES, null).order(ByteOrder.LITTLE_ENDIAN);
        patch.accept(frame);
        return frame;
    }

    private static void assertFault(ByteBuffer frame, int code, String reasonPart) {
        assertThatThrownBy(() -> ParamFrame.decode(frame)).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.closeCode()).as("close code of: %s", e.getMessage()).isEqualTo(code);
            assertThat(e.reason()).contains(reasonPart);
        });
    }
}
