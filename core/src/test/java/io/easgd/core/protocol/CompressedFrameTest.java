package io.easgd.core.protocol;

import static io.easgd.core.protocol.ParamFrameTest.hex;
import static io.easgd.core.protocol.ParamFrameTest.unhex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.easgd.core.compression.Compression;
import io.easgd.core.protocol.ParamFrame.Kind;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Frames in f16 and int8 blocks: golden bytes, chunk boundaries on blocks, the job's encoding enforced. */
class CompressedFrameTest {
    private static final float[] VALUES = {1.0f, -2.5f, 0.15625f};

    private static ParamFrame up(Compression c) {
        return new ParamFrame(Kind.UP, 12, 1, 34, 340, 0, 1, 0, 3, c);
    }

    @Test
    void theFloat32FrameIsTheFrameOfAlways() {
        assertThat(hex(up(Compression.NONE).encode(VALUES, null))).isEqualTo(Golden.read("frame-up.hex"));
        assertThat(up(Compression.NONE)).isEqualTo(new ParamFrame(Kind.UP, 12, 1, 34, 340, 0, 1, 0, 3));
    }

    @Test
    void compressedUpFramesMatchTheirGoldenBytesAndDecodeBack() {
        for (Compression c : new Compression[] {Compression.FP16, Compression.INT8}) {
            String name = "frame-up-" + c.json() + ".hex";
            ByteBuffer frame = up(c).encode(VALUES, null);
            assertThat(frame.remaining()).isEqualTo(48 + c.encodedBytes(3));
            assertThat(frame.get(2)).isEqualTo((byte) c.wireCode());
            Golden.check(name, hex(frame));
            ByteBuffer golden = unhex(Golden.read(name));
            ParamFrame h = ParamFrame.decode(golden);
            assertThat(h).isEqualTo(up(c));
            float[] v = new float[3];
            h.readValues(golden, v);
            assertThat(v).containsExactly(VALUES);            // these three are exact in both encodings
        }
    }

    @Test
    void int8FramesStartOnBlocksAndHoldTheirExactByteCount() {
        assertThatThrownBy(() -> new ParamFrame(Kind.UP, 1, 0, 1, 0, 1, 2, 33, 1, Compression.INT8))
                .hasMessageContaining("offset must be a multiple of 32 for int8, found 33");
        ByteBuffer frame = new ParamFrame(Kind.UP, 1, 0, 1, 0, 0, 1, 0, 40, Compression.INT8).encode(new float[40], null);
        assertThat(frame.remaining()).isEqualTo(48 + 42);
        ByteBuffer longer = ByteBuffer.allocate(91).put(frame.duplicate());
        longer.clear();                                           // all 91 bytes: one too many
        assertThatThrownBy(() -> ParamFrame.decode(longer)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.reason()).contains("count mismatch").contains("as int8"));
    }

    @Test
    void aRoundedVectorTravelsBitExactlyInChunksOfWholeBlocks() {
        Random rnd = new Random(9);
        float[] v = new float[10_000];
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(6) - 3));
        }
        for (Compression c : Compression.values()) {
            float[] rounded = v.clone();
            c.round(rounded);
            Chunker chunker = new Chunker(48 + 1000);             // int8: 30 blocks = 960 floats a chunk
            assertThat(chunker.floatsPerChunk(c) % c.blockFloats()).isZero();
            float[] back = new float[v.length];
            Assembler a = new Assembler(Kind.UP, 1, 0, back, true, c);
            boolean[] done = {false};
            int[] frames = {0};
            chunker.send(Kind.UP, 1, 0, 1, 0, rounded, c, frame -> {
                frames[0]++;
                assertThat(frame.remaining()).isLessThanOrEqualTo(1048);
                done[0] = a.accept(ParamFrame.decode(frame), frame);
            });
            assertThat(done[0]).isTrue();
            assertThat(frames[0]).isEqualTo(chunker.chunkCount(v.length, c));
            assertThat(a.firstNonFinite()).isEqualTo(-1);
            for (int k = 0; k < v.length; k++) {
                assertThat(Float.floatToRawIntBits(back[k])).as("%s at %d", c, k)
                        .isEqualTo(Float.floatToRawIntBits(rounded[k]));
            }
        }
        assertThat(new Chunker().floatsPerChunk(Compression.INT8)).isEqualTo((1_048_576 - 48) / 33 * 32);
        assertThat(new Chunker().floatsPerChunk(Compression.FP16)).isEqualTo((1_048_576 - 48) / 2);
        assertThatThrownBy(() -> new Chunker(60).floatsPerChunk(Compression.INT8)).hasMessageContaining("block");
    }

    @Test
    void aFrameInAnotherEncodingThanTheJobsIs1002() {
        float[] v = new float[64];
        Assembler a = new Assembler(Kind.UP, 1, 0, new float[64], true, Compression.INT8);
        new Chunker().send(Kind.UP, 1, 0, 1, 0, v, Compression.FP16, frame ->
                assertThatThrownBy(() -> a.accept(ParamFrame.decode(frame), frame))
                        .isInstanceOfSatisfying(ProtocolException.class, e -> {
                            assertThat(e.closeCode()).isEqualTo(1002);
                            assertThat(e.reason()).contains("encoded as fp16").contains("compression is int8");
                        }));
        Assembler plain = new Assembler(Kind.UP, 1, 0, new float[64], true);
        new Chunker().send(Kind.UP, 1, 0, 1, 0, v, Compression.INT8, frame ->
                assertThatThrownBy(() -> plain.accept(ParamFrame.decode(frame), frame))
                        .isInstanceOf(ProtocolException.class));
    }

    @Test
    void theFiniteCheckSeesAnFp16InfinityAndAnInt8NaNBlock() {
        float[] v = new float[100];
        v[70] = 1e6f;                                             // beyond the half range: +Inf in f16
        Assembler half = new Assembler(Kind.UP, 1, 0, new float[100], true, Compression.FP16);
        new Chunker().send(Kind.UP, 1, 0, 1, 0, v, Compression.FP16, frame -> half.accept(ParamFrame.decode(frame), frame));
        assertThat(half.firstNonFinite()).isEqualTo(70);
        v[70] = Float.NaN;
        Assembler int8 = new Assembler(Kind.UP, 1, 0, new float[100], true, Compression.INT8);
        new Chunker().send(Kind.UP, 1, 0, 1, 0, v, Compression.INT8, frame -> int8.accept(ParamFrame.decode(frame), frame));
        assertThat(int8.firstNonFinite()).isEqualTo(64);          // the whole block 64..95 is NaN
    }
}
