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
