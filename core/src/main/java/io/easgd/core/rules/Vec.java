package io.easgd.core.rules;

/** The few vector operations the rules need, on flat float arrays, allocation-free. */
public final class Vec {
    private Vec() {
    }

    /** y ← y + a·x */
    public static void axpy(float a, float[] x, float[] y) {
        for (int k = 0; k < y.length; k++) {
            y[k] += a * x[k];
        }
    }

    /** ‖a − b‖₂ */
    public static double distance(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            double d = (double) a[k] - b[k];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /**
     * The elastic distance's square as the asynchronous elastic master measures it:
     * Σ<sub>k</sub> (double) d<sub>k</sub>², d<sub>k</sub> = a[k] − b[k] in float (the same difference the
     * update uses), summed in eight interleaved double lanes — lane j holds the indices k ≡ j (mod 8), in
     * order — combined as ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)). A fixed order, so the result
     * is deterministic for given vectors; eight independent sums instead of one because a single running
     * sum waits one floating-point add per element (here: 150 µs instead of 300 for 350k floats). The
     * result is non-finite exactly when some difference is (the squares are taken in double, which holds
     * the square of any float): when either vector holds NaN or ±Inf, or two finite floats' difference
     * overflows the float range.
     */
    public static double squaredDistanceLanes(float[] a, float[] b) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int n = a.length;
        int k = 0;
        for (; k + 7 < n; k += 8) {
            float d0 = a[k] - b[k];
            float d1 = a[k + 1] - b[k + 1];
            float d2 = a[k + 2] - b[k + 2];
            float d3 = a[k + 3] - b[k + 3];
            float d4 = a[k + 4] - b[k + 4];
            float d5 = a[k + 5] - b[k + 5];
            float d6 = a[k + 6] - b[k + 6];
            float d7 = a[k + 7] - b[k + 7];
            s0 += (double) d0 * d0;
            s1 += (double) d1 * d1;
            s2 += (double) d2 * d2;
            s3 += (double) d3 * d3;
            s4 += (double) d4 * d4;
            s5 += (double) d5 * d5;
            s6 += (double) d6 * d6;
            s7 += (double) d7 * d7;
        }
        for (int j = 0; k < n; k++, j++) {               // the last n mod 8 end lanes 0 … 6, in turn
            float d = a[k] - b[k];
            double sq = (double) d * d;
            switch (j) {
                case 0 -> s0 += sq;
                case 1 -> s1 += sq;
                case 2 -> s2 += sq;
                case 3 -> s3 += sq;
                case 4 -> s4 += sq;
                case 5 -> s5 += sq;
                default -> s6 += sq;
            }
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** ‖a‖₂ */
    public static double norm(float[] a) {
        double s = 0;
        for (float v : a) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    /** Throws {@link NonFiniteUploadException} at the first NaN or ±Inf. */
    public static void requireFinite(float[] x, int worker) {
        for (int k = 0; k < x.length; k++) {
            if (!Float.isFinite(x[k])) {
                throw new NonFiniteUploadException(worker, k, x[k]);
            }
        }
    }

    /** True when every element is finite. */
    public static boolean allFinite(float[] x) {
        for (float v : x) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
