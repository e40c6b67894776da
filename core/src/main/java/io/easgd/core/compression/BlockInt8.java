package io.easgd.core.compression;

import java.nio.ByteBuffer;

/**
 * 8-bit block floating point, like OCP MX's MXINT8: blocks of {@value #BLOCK} floats (the last
 * block of a vector may be shorter) share one scale byte, a power of two 2^E stored as E + 127
 * (OCP's E8M0), followed by one int8 q ∈ [-127, 127] per float; the float is q · 2^E.
 *
 * <p>E is the smallest exponent with max|x| / 2^E ≤ 127, but not below {@value #MIN_EXP} (the
 * smallest E for which q · 2^E is still exact in float; an all-zero block gets it, byte 0).
 * Because max|x| / 2^E ∈ (63.5, 127], the largest q of a block is in [64, 127], so a block that
 * was already rounded has the same E again and the same q: rounding is idempotent, and encoding a
 * rounded block gives it back bit for bit. q = rint(x / 2^E) and q · 2^E are exact (powers of two).
 *
 * <p>A block holding NaN or ±Inf, or whose max|x| exceeds 127 · 2^{@value #MAX_EXP} ≈ 3.37e38 (its
 * scale would not fit a float), is encoded as scale byte 0xFF and decodes to NaN throughout: it is
 * refused like any non-finite upload.
 */
final class BlockInt8 {
    /** Floats sharing one scale. */
    static final int BLOCK = 32;
    static final int MIN_EXP = -127;
    static final int MAX_EXP = 121;
    private static final int BIAS = 127;
    private static final int NAN = 0xFF;

    private BlockInt8() {
    }

    static int encodedBytes(int count) {
        return count + (count + BLOCK - 1) / BLOCK;
    }

    /** The scale byte of {@code v[from, to)}. */
    static int scaleByte(float[] v, int from, int to) {
        float max = 0;
        for (int k = from; k < to; k++) {
            float a = Math.abs(v[k]);
            if (!(a <= max)) {                              // also catches NaN
                if (!Float.isFinite(a)) {
                    return NAN;
                }
                max = a;
            }
        }
        if (max == 0) {
            return MIN_EXP + BIAS;
        }
        int e = Math.getExponent(max) - 6;                  // max / 2^e ∈ [64, 128)
        if (max > 127.0 * Math.scalb(1.0, e)) {
            e++;
        }
        e = Math.max(e, MIN_EXP);
        return e > MAX_EXP ? NAN : e + BIAS;
    }

    private static int quantise(float x, int scaleByte) {
        return (int) Math.rint(Math.scalb((double) x, BIAS - scaleByte));
    }

    private static float value(int q, int scaleByte) {
        return scaleByte == NAN ? Float.NaN : q * Math.scalb(1f, scaleByte - BIAS);
    }

    static void round(float[] v, int off, int count) {
        for (int from = off; from < off + count; from += BLOCK) {
            int to = Math.min(from + BLOCK, off + count);
            int s = scaleByte(v, from, to);
            for (int k = from; k < to; k++) {
                v[k] = value(s == NAN ? 0 : quantise(v[k], s), s);
            }
        }
    }

    static void encode(float[] v, int off, int count, ByteBuffer out) {
        for (int from = off; from < off + count; from += BLOCK) {
            int to = Math.min(from + BLOCK, off + count);
            int s = scaleByte(v, from, to);
            out.put((byte) s);
            for (int k = from; k < to; k++) {
                out.put((byte) (s == NAN ? 0 : quantise(v[k], s)));
            }
        }
    }

    /** Any scale byte above 127 + {@value #MAX_EXP}, not only 0xFF, decodes to NaN. */
    static void decode(ByteBuffer in, float[] dst, int off, int count) {
        for (int from = off; from < off + count; from += BLOCK) {
            int to = Math.min(from + BLOCK, off + count);
            int s = in.get() & 0xFF;
            if (s > MAX_EXP + BIAS) {
                s = NAN;
            }
            for (int k = from; k < to; k++) {
                dst[k] = value(in.get(), s);
            }
        }
    }
}
