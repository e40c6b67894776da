package io.easgd.core.compression;

/**
 * IEEE 754 binary16 ("half") ⇄ binary32 conversions, round-to-nearest-even, written out because
 * the compile target, Java 17, has no {@code Float.floatToFloat16} (Java 20). A float beyond the
 * half range (|x| ≥ 65520 after rounding) becomes ±Inf; NaN stays NaN (quiet, the top 9 payload
 * bits kept); halves 5.96e-8 … 6.1e-5 are subnormal, smaller magnitudes round to ±0.
 */
final class Half {
    private Half() {
    }

    /** The half nearest to {@code f} (ties to the even one), as its 16 bits. */
    static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xFF;
        int mant = bits & 0x7FFFFF;
        if (exp == 0xFF) {                                  // ±Inf, NaN (kept quiet)
            return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;                             // the half's biased exponent
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);                 // beyond 65504 + half an ulp: ±Inf
        }
        if (e <= 0) {                                       // a subnormal half, or zero
            if (e < -10) {
                return (short) sign;                        // |f| < 2^-25: rounds to ±0
            }
            int m = mant | 0x800000;                        // the implicit leading 1
            int shift = 14 - e;                             // in [14, 24]: units of 2^-24
            int h = m >>> shift;
            int rem = m & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rem > halfway || (rem == halfway && (h & 1) != 0)) {
                h++;                                        // may carry into the smallest normal: right
            }
            return (short) (sign | h);
        }
        int h = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1FFF;
        if (rem > 0x1000 || (rem == 0x1000 && (h & 1) != 0)) {
            h++;                                            // may carry into the exponent, up to ±Inf: right
        }
        return (short) (sign | h);
    }

    /** The float a half stands for (exact: every half is a float). */
    static float toFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {                                     // ±0 or subnormal: mant · 2^-24, exact
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }
}
