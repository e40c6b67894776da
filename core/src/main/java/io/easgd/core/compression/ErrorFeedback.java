package io.easgd.core.compression;

/**
 * Error feedback for one worker's uploads: what rounding for the wire cuts off one exchange is
 * added to the next, so nothing is lost over time.
 *
 * <pre>
 * u ← round(up + r)       # what is sent, exactly what the wire carries
 * r ← up + r − u          # the rounding residual, carried to the next upload
 * </pre>
 * For DOWNPOUR's pushed sum of updates (a difference) this makes the sum of everything sent equal
 * the sum of every update minus the current residual, which is at most half a quantum per float.
 * For EASGD's x_i upload the time average of the uploads tracks x_i. Start (and restart, for a
 * replacement worker) with r = 0: a new instance or {@link #reset}. Not thread-safe: one per worker.
 */
public final class ErrorFeedback {
    private final Compression compression;
    private float[] residual;
    private float[] sent;

    public ErrorFeedback(Compression compression) {
        this.compression = compression;
    }

    public Compression compression() {
        return compression;
    }

    /**
     * The vector to send for {@code up}: {@code up} itself when the compression is lossless,
     * else u = round(up + r) in a buffer of this object (reused by the next call, so send it before
     * then), with r updated. {@code up} is never written.
     */
    public float[] prepare(float[] up) {
        if (compression.lossless()) {
            return up;
        }
        if (residual == null || residual.length != up.length) {
            residual = new float[up.length];               // a new upload size: nothing to carry
            sent = new float[up.length];
        }
        for (int k = 0; k < up.length; k++) {
            sent[k] = up[k] + residual[k];
        }
        compression.round(sent);
        for (int k = 0; k < up.length; k++) {
            float r = up[k] + residual[k] - sent[k];
            residual[k] = Float.isFinite(r) ? r : 0f;      // a non-finite upload is refused anyway: carry nothing
        }
        return sent;
    }

    /** r ← 0 (a replacement worker starts afresh). */
    public void reset() {
        residual = null;
        sent = null;
    }

    /** The residual r carried into the next upload (live; null before the first). */
    public float[] residual() {
        return residual;
    }
}
