package io.easgd.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.easgd.core.compression.Compression;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous elastic master's two passes (issue #20): the distance in eight lanes, which also
 * refuses a non-finite upload before the center moves, then the update — bit for bit the update of
 * the single fused loop it replaced.
 */
class ElasticMasterPassesTest {

    @Test
    void theDistanceIsSummedInEightInterleavedLanesInTheDocumentedOrder() {
        // differences 1 … 11: lanes k mod 8 = {1+81, 4+100, 9+121, 16, 25, 36, 49, 64}
        float[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        float[] b = new float[11];
        assertThat(Vec.squaredDistanceLanes(a, b))
                .isEqualTo(((82.0 + 104.0) + (130.0 + 16.0)) + ((25.0 + 36.0) + (49.0 + 64.0)));
        assertThat(Vec.squaredDistanceLanes(new float[] {3}, new float[] {1})).isEqualTo(4.0);
        assertThat(Vec.squaredDistanceLanes(new float[0], new float[0])).isZero();
    }

    @Test
    void theLaneSumAgreesWithTheSerialSumToRoundingAndIsDeterministic() {
        SplittableRandom random = new SplittableRandom(20);
        int n = 100_003;
        float[] a = new float[n];
        float[] b = new float[n];
        double serial = 0;
        for (int k = 0; k < n; k++) {
            a[k] = (float) random.nextGaussian();
            b[k] = (float) random.nextGaussian();
            float d = a[k] - b[k];
            serial += (double) d * d;
        }
        double lanes = Vec.squaredDistanceLanes(a, b);
        assertThat(lanes).isCloseTo(serial, within(serial * 1e-12));
        assertThat(Vec.squaredDistanceLanes(a, b)).isEqualTo(lanes);
    }

    @Test
    void theUpdateIsBitForBitTheFusedLoopAndTheMoveEqualAndOpposite() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 1_001;
        float alpha = 0.45f;
        float[] center = new float[n];
        float[] up = new float[n];
        for (int k = 0; k < n; k++) {
            center[k] = (float) random.nextGaussian();
            up[k] = (float) random.nextGaussian();
        }
        float[] expectedCenter = center.clone();
        float[] expectedE = new float[n];
        for (int k = 0; k < n; k++) {                      // the loop of before, written out
            float diff = up[k] - expectedCenter[k];
            float e = alpha * diff;
            expectedCenter[k] += e;
            expectedE[k] = e;
        }
        Easgd.Master master = new Easgd.Master(alpha);
        master.init(center);
        float[] down = new float[n];
        double distance = master.exchange(0, up, down);
        float[] c = new float[n];
        master.copyCenter(c);
        assertThat(down).containsExactly(expectedE);
        assertThat(c).containsExactly(expectedCenter);
        assertThat(distance).isEqualTo(Math.sqrt(Vec.squaredDistanceLanes(up, center)));
    }

    @Test
    void aNonFiniteUploadIsRefusedByTheMastersOwnPassNamingTheFirstBadIndex() {
        Easgd.Master master = new Easgd.Master(0.5f);
        assertThat(master.checksUploads()).isTrue();
        master.init(new float[] {1f, 1f, 1f, 1f, 1f});
        RecordingReply reply = new RecordingReply();
        float[] down = {9f, 9f, 9f, 9f, 9f};
        assertThatThrownBy(() -> master.submit(2, new float[] {0f, 0f, 0f, Float.NEGATIVE_INFINITY, Float.NaN},
                down, reply))
                .isInstanceOf(NonFiniteUploadException.class).hasMessageContaining("worker 2")
                .hasMessageContaining("index 3");
        float[] c = new float[5];
        master.copyCenter(c);
        assertThat(c).containsExactly(1f, 1f, 1f, 1f, 1f);
        assertThat(down).containsExactly(9f, 9f, 9f, 9f, 9f);
        assertThat(reply.answered()).isFalse();
        assertThat(master.updates()).isZero();
    }

    @Test
    void theRoundedMasterRefusesANonFiniteUploadToo() {
        Easgd.Master master = new Easgd.Master(0.5f);
        master.compression(Compression.INT8);
        master.init(new float[] {1f, 1f});
        assertThatThrownBy(() -> master.exchange(0, new float[] {Float.NaN, 0f}, new float[2]))
                .isInstanceOf(NonFiniteUploadException.class).hasMessageContaining("index 0");
        assertThat(master.updates()).isZero();
    }

    @Test
    void aFiniteUploadWhoseDifferenceOverflowsIsAppliedAsBeforeWithAnInfiniteDistance() {
        Easgd.Master master = new Easgd.Master(0.5f);
        master.init(new float[] {-3e38f});
        float[] down = new float[1];
        double distance = master.exchange(0, new float[] {3e38f}, down);
        assertThat(distance).isInfinite();
        assertThat(down[0]).isInfinite();                 // α·(+Inf): what the single loop did as well
        assertThat(master.updates()).isEqualTo(1);
    }

    @Test
    void otherMastersLeaveTheCheckToSubmit() {
        assertThat(new Downpour.Master().checksUploads()).isFalse();
        assertThat(new SyncEasgd.Master(0.45f, 2).checksUploads()).isFalse();
    }
}
