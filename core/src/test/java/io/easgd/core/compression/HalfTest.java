package io.easgd.core.compression;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** binary16 conversion: exhaustive over all 65536 halves, round-to-nearest-even, and known values. */
class HalfTest {

    @Test
    void everyHalfSurvivesTheRoundTripAndNaNStaysNaN() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Half.toFloat((short) h);
            boolean nan = (h & 0x7C00) == 0x7C00 && (h & 0x3FF) != 0;
            if (nan) {
                assertThat(f).as("half %04x", h).isNaN();
                assertThat(Half.toFloat(Half.fromFloat(f))).isNaN();
                assertThat(Half.fromFloat(Half.toFloat(Half.fromFloat(f)))).isEqualTo(Half.fromFloat(f));
            } else {
                assertThat(Half.fromFloat(f) & 0xFFFF).as("half %04x -> %s", h, f).isEqualTo(h);
            }
        }
    }

    @Test
    void everyIntervalBetweenNeighbouringHalvesRoundsToNearestTiesToEven() {
        // h and h + 1 are neighbours for every finite non-negative half h < 0x7BFF; 0x7BFF's upper
        // neighbour is the overflow threshold 65536, written as +Inf (0x7C00)
        for (int h = 0; h < 0x7C00; h++) {
            double lo = Half.toFloat((short) h);
            double hi = h + 1 == 0x7C00 ? 65536.0 : Half.toFloat((short) (h + 1));
            float mid = (float) ((lo + hi) / 2);          // exact: 12 significant bits at most
            int even = (h & 1) == 0 ? h : h + 1;
            for (int sign : new int[] {0, 0x8000}) {
                float s = sign == 0 ? 1f : -1f;
                assertThat(Half.fromFloat(s * mid) & 0xFFFF).as("tie above %04x", h).isEqualTo(even | sign);
                assertThat(Half.fromFloat(s * Math.nextDown(mid)) & 0xFFFF).as("below the tie above %04x", h)
                        .isEqualTo(h | sign);
                assertThat(Half.fromFloat(s * Math.nextUp(mid)) & 0xFFFF).as("above the tie above %04x", h)
                        .isEqualTo((h + 1) | sign);
            }
        }
    }

    @Test
    void knownValues() {
        assertThat(Half.fromFloat(1f)).isEqualTo((short) 0x3C00);
        assertThat(Half.fromFloat(-2f)).isEqualTo((short) 0xC000);
        assertThat(Half.fromFloat(0.5f)).isEqualTo((short) 0x3800);
        assertThat(Half.fromFloat(65504f)).isEqualTo((short) 0x7BFF);            // the largest half
        assertThat(Half.fromFloat(65519.996f)).isEqualTo((short) 0x7BFF);        // just below the tie
        assertThat(Half.fromFloat(65520f)).isEqualTo((short) 0x7C00);            // the tie rounds to +Inf
        assertThat(Half.fromFloat(1e6f)).isEqualTo((short) 0x7C00);
        assertThat(Half.fromFloat(-1e6f)).isEqualTo((short) 0xFC00);
        assertThat(Half.fromFloat(Float.POSITIVE_INFINITY)).isEqualTo((short) 0x7C00);
        assertThat(Half.fromFloat(0x1p-14f)).isEqualTo((short) 0x0400);          // smallest normal
        assertThat(Half.fromFloat(0x1p-24f)).isEqualTo((short) 0x0001);          // smallest subnormal
        assertThat(Half.fromFloat(0x1p-25f)).isEqualTo((short) 0x0000);          // tie to even: 0
        assertThat(Half.fromFloat(Math.nextUp(0x1p-25f))).isEqualTo((short) 0x0001);
        assertThat(Half.fromFloat(0x1.8p-24f)).isEqualTo((short) 0x0002);        // 1.5 units: tie to even 2
        assertThat(Half.fromFloat(-0f)).isEqualTo((short) 0x8000);
        assertThat(Half.fromFloat(1e-30f)).isEqualTo((short) 0x0000);
        assertThat(Half.fromFloat(0.1f)).isEqualTo((short) 0x2E66);              // 0.0999755859375
        assertThat(Half.fromFloat(1f / 3)).isEqualTo((short) 0x3555);
        assertThat(Half.fromFloat(1.0009766f)).isEqualTo((short) 0x3C01);        // 1 + 2^-10
        assertThat(Half.fromFloat(1.00048828125f)).isEqualTo((short) 0x3C00);   // 1 + 2^-11: tie to even
        assertThat(Half.fromFloat(1.00146484375f)).isEqualTo((short) 0x3C02);   // 1 + 3·2^-11: tie to even
        assertThat(Half.toFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(Half.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(Half.toFloat((short) 0x2E66)).isEqualTo(0.0999755859375f);
        assertThat(Half.toFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(Half.fromFloat(Float.NaN) & 0x7C00).isEqualTo(0x7C00);
        assertThat(Half.toFloat(Half.fromFloat(Float.NaN))).isNaN();
    }
}
