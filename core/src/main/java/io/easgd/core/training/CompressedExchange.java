package io.easgd.core.training;

import io.easgd.core.compression.Compression;
import io.easgd.core.compression.ErrorFeedback;
import io.easgd.core.rules.Exchange;

/**
 * A worker's {@link Exchange} with its uploads compressed for the wire: each upload goes through
 * the worker's {@link ErrorFeedback} (u = round(up + r), r carried to the next) and the inner
 * exchange sends u; the worker's own vector is never written. The master rounds its replies itself
 * ({@link io.easgd.core.rules.MasterRule#compression}), so {@code down} passes through. One per
 * worker, made when the worker is (a replacement worker starts with r = 0).
 */
public final class CompressedExchange implements Exchange {
    private final Exchange inner;
    private final ErrorFeedback feedback;

    public CompressedExchange(Exchange inner, Compression compression) {
        this.inner = inner;
        this.feedback = new ErrorFeedback(compression);
    }

    /** {@code inner} itself when {@code compression} is NONE (nothing to round), else a decorator. */
    public static Exchange of(Exchange inner, Compression compression) {
        return compression.lossless() ? inner : new CompressedExchange(inner, compression);
    }

    /**
     * The rounding step alone, for a caller that sends by itself (asynchronously): the vector to
     * send for {@code up}, valid until the next call. See {@link ErrorFeedback#prepare}.
     */
    public float[] prepare(float[] up) {
        return feedback.prepare(up);
    }

    @Override
    public void exchange(float[] up, float[] down) {
        inner.exchange(prepare(up), down);
    }

    /** The overlapped exchange: u is prepared now; the inner exchange may still be sending it after this returns. */
    @Override
    public Pending begin(float[] up, float[] down) {
        return inner.begin(prepare(up), down);
    }

    /** The worker's error feedback (its residual, for tests and diagnostics). */
    public ErrorFeedback feedback() {
        return feedback;
    }
}
