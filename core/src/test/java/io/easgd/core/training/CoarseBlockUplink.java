package io.easgd.core.training;

import io.easgd.core.rules.Exchange;

/**
 * A deliberately bad codec for tests: blocks of floats sharing a power-of-two scale like
 * {@code int8}'s, but each float an integer q ∈ [−qMax, qMax] (qMax = 127 with 32-float blocks is int8's
 * grid, 7 a 4-bit one, 1 a ternary one) and blocks of any size (a larger block is coarser),
 * and no error feedback (what rounding cuts off an upload is lost). Applied to each worker's upload on its way
 * to the master, whose reply stays exact: the elastic move is still applied to both sides alike, only
 * the point the center is pulled toward is off — the kind of loss a codec bug would cause, and one that
 * a comparison with float32 must see. Not thread-safe: one per worker.
 */
final class CoarseBlockUplink implements Exchange {
    private final Exchange inner;
    private final int qMax;
    private final int block;
    private float[] sent;

    CoarseBlockUplink(Exchange inner, int qMax, int block) {
        if (qMax < 1 || qMax > 127) {
            throw new IllegalArgumentException("qMax must be in [1, 127], found " + qMax);
        }
        if (block < 1) {
            throw new IllegalArgumentException("block must be >= 1, found " + block);
        }
        this.inner = inner;
        this.qMax = qMax;
        this.block = block;
    }

    /** Each worker's uploads rounded to q ∈ [−qMax, qMax], {@code block} floats sharing a scale. */
    static LockstepRun.Uplink of(int qMax, int block) {
        return (rank, toMaster) -> new CoarseBlockUplink(toMaster, qMax, block);
    }

    @Override
    public void exchange(float[] up, float[] down) {
        if (sent == null || sent.length != up.length) {
            sent = new float[up.length];
        }
        System.arraycopy(up, 0, sent, 0, up.length);
        round(sent, qMax, block);
        inner.exchange(sent, down);
    }

    /**
     * Rounds {@code v} in place to q · 2^E, E per {@code block} floats the smallest with
     * max|x| / 2^E ≤ qMax.
     */
    static void round(float[] v, int qMax, int block) {
        for (int from = 0; from < v.length; from += block) {
            int to = Math.min(v.length, from + block);
            float max = 0;
            for (int k = from; k < to; k++) {
                max = Math.max(max, Math.abs(v[k]));
            }
            if (max == 0) {
                continue;
            }
            int e = Math.getExponent(max) - Math.getExponent((float) qMax);
            while (max > qMax * Math.scalb(1.0, e)) {
                e++;
            }
            while (max <= qMax * Math.scalb(1.0, e - 1)) {
                e--;
            }
            for (int k = from; k < to; k++) {
                int q = (int) Math.rint(Math.scalb((double) v[k], -e));
                v[k] = q * Math.scalb(1f, e);
            }
        }
    }
}
