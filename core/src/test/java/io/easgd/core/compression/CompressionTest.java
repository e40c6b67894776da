package io.easgd.core.compression;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The codec's invariant: a rounded vector is exactly what the wire carries, and rounding is idempotent. */
class CompressionTest {

    /** Vectors of every kind: gaussian at many scales, tiny and huge magnitudes, zeros, mixed blocks. */
    private static float[] sample(Random rnd, int trial) {
        int n = 1 + rnd.nextInt(200);
        float[] v = new float[n];
        double scale = Math.pow(2, rnd.nextInt(120) - 70);
        for (int k = 0; k < n; k++) {
            v[k] = switch (trial % 5) {
                case 0 -> (float) (rnd.nextGaussian() * scale);
                case 1 -> (float) (rnd.nextGaussian() * Math.pow(2, rnd.nextInt(60) - 30));   // mixed scales
                case 2 -> rnd.nextInt(4) == 0 ? 0f : (float) (rnd.nextGaussian() * 1e-40);    // subnormals
                case 3 -> Float.intBitsToFloat(rnd.nextInt() & 0x7F7FFFFF) * (rnd.nextBoolean() ? 1 : -1);
                default -> rnd.nextInt(3) == 0 ? 0f : (float) (rnd.nextDouble() * 200 - 100);
            };
        }
        if (trial % 7 == 0) {
            java.util.Arrays.fill(v, 0, Math.min(n, 32), 0f);                                  // an all-zero block
        }
        return v;
    }

    @Test
    void encodingARoundedVectorAndDecodingItGivesItBackBitForBit() {
        Random rnd = new Random(7);
        for (Compression c : Compression.values()) {
            for (int trial = 0; trial < 3000; trial++) {
                float[] v = sample(rnd, trial);
                float[] rounded = v.clone();
                c.round(rounded);
                float[] twice = rounded.clone();
                c.round(twice);
                assertBits(twice, rounded, c + " round is idempotent, trial " + trial);

                ByteBuffer buf = ByteBuffer.allocate(c.encodedBytes(v.length) + 3);
                buf.position(3);
                c.encode(rounded, 0, v.length, buf);
                assertThat(buf.position()).isEqualTo(3 + c.encodedBytes(v.length));
                float[] back = new float[v.length];
                buf.position(3);
                c.decode(buf, back, 0, v.length);
                assertThat(buf.position()).isEqualTo(3 + c.encodedBytes(v.length));
                assertBits(back, rounded, c + " decode(encode(round v)) == round v, trial " + trial);

                float[] direct = new float[v.length];                    // encode rounds on its own too
                ByteBuffer raw = ByteBuffer.allocate(c.encodedBytes(v.length));
                c.encode(v, 0, v.length, raw);
                raw.flip();
                c.decode(raw, direct, 0, v.length);
                assertBits(direct, rounded, c + " decode(encode v) == round v, trial " + trial);
            }
        }
    }

    @Test
    void chunksAtBlockMultiplesEncodeLikeTheWholeVector() {
        Random rnd = new Random(3);
        float[] v = new float[1000];
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) rnd.nextGaussian() * (k < 500 ? 1e-3f : 10f);
        }
        for (Compression c : Compression.values()) {
            float[] rounded = v.clone();
            c.round(rounded);
            float[] back = new float[v.length];
            for (int off = 0; off < v.length; off += 96) {                // 96 = 3 blocks of 32
                int count = Math.min(96, v.length - off);
                ByteBuffer b = ByteBuffer.allocate(c.encodedBytes(count));
                c.encode(rounded, off, count, b);
                b.flip();
                c.decode(b, back, off, count);
            }
            assertBits(back, rounded, c + " in chunks");
        }
    }

    @Test
    void int8BlockHasTheSmallestPowerOfTwoScaleAndItsQuantisedValues() {
        float[] v = new float[33];
        v[0] = 1f;                                   // max 1: 1/2^-6 = 64 ≤ 127 but 1/2^-7 = 128 > 127, so s = 2^-6
        v[1] = 0.3f;                                 // 0.3 · 64 = 19.2 → 19 · 2^-6
        v[2] = -0.5078125f;                          // 32.5 → 32 (ties to even)
        v[3] = 0.00390625f;                          // 2^-8 = 0.25 units → 0
        v[32] = 127f * 3;                            // second block, alone: 381 → s = 4, q = 95.25 → 95
        Compression.INT8.round(v);
        assertThat(v[0]).isEqualTo(1f);
        assertThat(v[1]).isEqualTo(19 / 64f);
        assertThat(v[2]).isEqualTo(-0.5f);
        assertThat(v[3]).isEqualTo(0f);
        assertThat(v[32]).isEqualTo(380f);

        ByteBuffer b = ByteBuffer.allocate(Compression.INT8.encodedBytes(33));
        Compression.INT8.encode(v, 0, 33, b);
        assertThat(b.get(0) & 0xFF).isEqualTo(127 - 6);                          // E = -6, biased
        assertThat(b.get(1)).isEqualTo((byte) 64);
        assertThat(b.get(2)).isEqualTo((byte) 19);
        assertThat(b.get(3)).isEqualTo((byte) -32);
        assertThat(b.get(33) & 0xFF).isEqualTo(127 + 2);                         // second block: E = 2
        assertThat(b.get(34)).isEqualTo((byte) 95);
    }

    @Test
    void int8RoundedBlockReencodesToTheSameExponentAndBytes() {
        // after rounding, max|q| ∈ [64, 127]: the same exponent is the smallest again
        Random rnd = new Random(11);
        for (int trial = 0; trial < 2000; trial++) {
            float[] v = new float[32];
            double scale = Math.pow(2, rnd.nextInt(200) - 130);
            for (int k = 0; k < 32; k++) {
                v[k] = (float) (rnd.nextGaussian() * scale);
            }
            ByteBuffer first = ByteBuffer.allocate(33);
            Compression.INT8.encode(v, 0, 32, first);
            float[] rounded = v.clone();
            Compression.INT8.round(rounded);
            ByteBuffer again = ByteBuffer.allocate(33);
            Compression.INT8.encode(rounded, 0, 32, again);
            assertThat(again.array()).as("trial %d", trial).isEqualTo(first.array());
            int maxQ = 0;
            for (int k = 1; k < 33; k++) {
                maxQ = Math.max(maxQ, Math.abs(first.get(k)));
            }
            if ((first.get(0) & 0xFF) > 0) {                                      // not clamped at E = -127
                assertThat(maxQ).isBetween(64, 127);
            }
        }
    }

    @Test
    void int8EdgeBlocks() {
        float[] zeros = new float[40];
        ByteBuffer b = ByteBuffer.allocate(Compression.INT8.encodedBytes(40));
        Compression.INT8.encode(zeros, 0, 40, b);
        assertThat(b.array()).containsOnly((byte) 0);                            // fixed exponent byte 0, zeros
        assertThat(Compression.INT8.encodedBytes(40)).isEqualTo(42);             // a short last block

        float[] bad = {1f, Float.NaN, 2f};
        Compression.INT8.round(bad);
        assertThat(bad).containsOnly(Float.NaN);                                 // refused later as non-finite
        float[] huge = {Float.MAX_VALUE, 1f};
        Compression.INT8.round(huge);
        assertThat(huge[0]).isNaN();
        float[] big = {127f * 0x1p121f, -1f};                                    // the largest scale that fits
        Compression.INT8.round(big);
        assertThat(big[0]).isEqualTo(127f * 0x1p121f);
        assertThat(big[1]).isEqualTo(0f);
        float[] tiny = {0x1p-127f * 3, 0x1p-128f, Float.MIN_VALUE};               // E clamps at -127
        Compression.INT8.round(tiny);
        assertThat(tiny).containsExactly(0x1p-127f * 3, 0f, 0f);                 // half a unit ties to 0
    }

    @Test
    void fp16BeyondTheHalfRangeBecomesInfinite() {
        float[] v = {70000f, -1e9f, 65504f};
        Compression.FP16.round(v);
        assertThat(v).containsExactly(Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 65504f);
    }

    @Test
    void bytesPerFloat() {
        assertThat(Compression.NONE.encodedBytes(1000)).isEqualTo(4000);
        assertThat(Compression.FP16.encodedBytes(1000)).isEqualTo(2000);
        assertThat(Compression.INT8.encodedBytes(1024)).isEqualTo(1056);        // 33 per 32: 3.88× below f32
        assertThat(Compression.INT8.maxFloats(1056)).isEqualTo(1024);
        assertThat(Compression.INT8.maxFloats(1055)).isEqualTo(992);
        assertThat(Compression.FP16.maxFloats(7)).isEqualTo(3);
    }

    @Test
    void jsonNamesAndWireCodes() {
        for (Compression c : Compression.values()) {
            assertThat(Compression.ofWireCode(c.wireCode())).isSameAs(c);
            assertThat(Compression.ofJson(c.json())).isSameAs(c);
        }
        assertThat(Compression.NONE.wireCode()).isZero();
        assertThat(Compression.ofWireCode(3)).isNull();
        assertThat(Compression.ofJson("int4")).isNull();
    }

    private static void assertBits(float[] actual, float[] expected, String what) {
        for (int k = 0; k < expected.length; k++) {
            assertThat(Float.floatToRawIntBits(actual[k])).as("%s at %d: %s vs %s", what, k, actual[k], expected[k])
                    .isEqualTo(Float.floatToRawIntBits(expected[k]));
        }
    }
}
