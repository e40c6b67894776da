package io.easgd.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.core.compression.Compression;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The test-only bad codec rounds as it says: q ∈ [−qMax, qMax] per 32-float block, int8's grid at 127. */
class CoarseBlockUplinkTest {

    @Test
    void aTernaryBlockKeepsOnlyTheSignOfItsLargeValues() {
        float[] v = {0.3f, -1.0f, 0.6f, 0.1f};
        CoarseBlockUplink.round(v, 1, 32);
        assertThat(v).containsExactly(0f, -1f, 1f, 0f);
    }

    @Test
    void aFourBitBlockHasTheSmallestScaleThatHoldsItsMaximum() {
        float[] v = {3.5f, 0.2f, -0.8f};
        CoarseBlockUplink.round(v, 7, 32);                      // 2^E = 0.5: 3.5 = 7 · 0.5
        assertThat(v).containsExactly(3.5f, 0f, -1f);
    }

    @Test
    void at127ItIsTheInt8CodecsGrid() {
        Random random = new Random(7);
        for (int trial = 0; trial < 100; trial++) {
            float[] v = new float[100];
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
            }
            float[] int8 = v.clone();
            Compression.INT8.round(int8);
            CoarseBlockUplink.round(v, 127, 32);
            assertThat(v).containsExactly(int8);
        }
    }

    @Test
    void aLargerBlockSharesOneScale() {
        float[] v = {4f, 1f, 0.5f, 0.25f};
        CoarseBlockUplink.round(v, 1, 2);                   // [4, 1] at 2^2; [0.5, 0.25] at 2^-1, 0.5 ties to even q = 0
        assertThat(v).containsExactly(4f, 0f, 0.5f, 0f);
        float[] w = {4f, 1f, 0.5f, 0.25f};
        CoarseBlockUplink.round(w, 1, 4);                   // all at 2^2
        assertThat(w).containsExactly(4f, 0f, 0f, 0f);
    }

    @Test
    void theUploadIsRoundedAndTheCallersVectorIsNot() {
        float[] up = {0.3f, -1.0f, 0.6f, 0.1f};
        float[][] seen = new float[1][];
        new CoarseBlockUplink((u, d) -> seen[0] = u.clone(), 1, 32).exchange(up, new float[4]);
        assertThat(seen[0]).containsExactly(0f, -1f, 1f, 0f);
        assertThat(up).containsExactly(0.3f, -1.0f, 0.6f, 0.1f);
    }
}
