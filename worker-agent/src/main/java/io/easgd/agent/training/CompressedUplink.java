package io.easgd.agent.training;

import io.easgd.core.compression.Compression;
import io.easgd.core.compression.ErrorFeedback;
import io.easgd.core.protocol.ToServer;

/**
 * The worker's uplink with its uploads compressed: each UP vector goes through the worker's
 * {@link ErrorFeedback} (u = round(up + r), the rounding residual r carried to the next upload) and
 * the inner uplink sends u, which the wire then carries exactly. The rule's own vector is never
 * written. One per assignment, so a replacement worker starts with r = 0; a reconnect keeps it (the
 * same worker goes on, and a re-sent request re-sends the same u).
 */
public final class CompressedUplink implements TrainingSession.Uplink {
    private final TrainingSession.Uplink inner;
    private final ErrorFeedback feedback;

    public CompressedUplink(TrainingSession.Uplink inner, Compression compression) {
        this.inner = inner;
        this.feedback = new ErrorFeedback(compression);
    }

    /** {@code inner} itself when {@code compression} is NONE, else a decorator. */
    public static TrainingSession.Uplink of(TrainingSession.Uplink inner, Compression compression) {
        return compression.lossless() ? inner : new CompressedUplink(inner, compression);
    }

    /** The rounding step alone, for a caller that sends by itself: the vector to send, valid until the next call. */
    public float[] prepare(float[] up) {
        return feedback.prepare(up);
    }

    @Override
    public void exchange(long sequence, long step, float[] up, float[] down) {
        inner.exchange(sequence, step, prepare(up), down);
    }

    /** The overlapped exchange: u is prepared now and sent while the worker computes (one exchange in flight). */
    @Override
    public io.easgd.core.rules.Exchange.Pending begin(long sequence, long step, float[] up, float[] down) {
        return inner.begin(sequence, step, prepare(up), down);
    }

    @Override
    public boolean report(ToServer.Progress progress) {
        return inner.report(progress);
    }
}
