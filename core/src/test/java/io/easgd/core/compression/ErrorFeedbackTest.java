package io.easgd.core.compression;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Error feedback: nothing is lost over time, and the residual stays within half a quantum. */
class ErrorFeedbackTest {

    @Test
    void sentPlusResidualEqualsEverythingUploadedAndTheResidualIsWithinHalfAQuantum() {
        for (Compression c : new Compression[] {Compression.FP16, Compression.INT8}) {
            Random rnd = new Random(5);
            int n = 100;
            ErrorFeedback feedback = new ErrorFeedback(c);
            double[] inputs = new double[n];
            double[] sent = new double[n];
            for (int round = 0; round < 500; round++) {
                float[] up = new float[n];
                for (int k = 0; k < n; k++) {
                    up[k] = (float) (rnd.nextGaussian() * 1e-3);   // small updates, as DOWNPOUR's v_i
                    inputs[k] += up[k];
                }
                float[] before = up.clone();
                float[] u = feedback.prepare(up);
                assertThat(up).as("the worker's vector is untouched").containsExactly(before);
                float[] onWire = u.clone();
                c.round(onWire);
                assertThat(onWire).as("u is already on the wire's grid").containsExactly(u);
                for (int k = 0; k < n; k++) {
                    sent[k] += u[k];
                }
                float[] r = feedback.residual();
                for (int from = 0; from < n; from += 32) {            // |r| ≤ half a quantum of u's block
                    int to = Math.min(n, from + 32);
                    for (int k = from; k < to; k++) {
                        assertThat((double) Math.abs(r[k])).as("%s residual at %d", c, k)
                                .isLessThanOrEqualTo(halfQuantum(c, u, from, to, k));
                    }
                }
            }
            float[] r = feedback.residual();
            for (int k = 0; k < n; k++) {
                assertThat(sent[k] + r[k]).as("%s: Σ sent + r at %d", c, k).isCloseTo(inputs[k],
                        org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    /** Half the spacing of the grid u[k] was rounded to (the input's grid: its block's scale, or its half ulp). */
    private static double halfQuantum(Compression c, float[] u, int from, int to, int k) {
        if (c == Compression.FP16) {
            float x = u[k];
            return Math.max(Math.ulp(Half.toFloat(Half.fromFloat(Math.abs(x)))) * 8192.0, 0x1p-24) / 2 * 1.0001;
        }
        float[] block = java.util.Arrays.copyOfRange(u, from, to);
        ByteBuffer b = ByteBuffer.allocate(block.length + 1);
        c.encode(block, 0, block.length, b);
        int e = (b.get(0) & 0xFF) - 127;
        return Math.scalb(1.0, e) / 2 * 1.0001;
    }

    @Test
    void losslessSendsTheUploadItselfAndResetForgets() {
        float[] up = {1f, 2f};
        assertThat(new ErrorFeedback(Compression.NONE).prepare(up)).isSameAs(up);
        ErrorFeedback f = new ErrorFeedback(Compression.INT8);
        f.prepare(new float[] {1f, 0.001f});
        assertThat(f.residual()[1]).isNotZero();
        f.reset();
        assertThat(f.residual()).isNull();
    }
}
