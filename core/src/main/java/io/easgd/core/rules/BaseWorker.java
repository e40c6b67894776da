package io.easgd.core.rules;

/**
 * What every worker rule keeps: its parameters x_i, a gradient buffer and its step counter t_i,
 * with the bookkeeping of {@link WorkerRule}. A rule adds its own state in {@link #onInit()} and
 * writes its step.
 */
abstract class BaseWorker implements WorkerRule {
    protected float[] x;
    protected float[] g;
    protected long t;

    @Override
    public final void init(float[] center) {
        x = center.clone();
        g = new float[x.length];
        t = 0;
        onInit();
    }

    /** Allocates the rule's own state after x, g and t are set. */
    protected void onInit() {
    }

    @Override
    public float[] params() {
        return x;
    }

    @Override
    public long steps() {
        return t;
    }

    /** N up and N down; rules that exchange nothing themselves override this. */
    @Override
    public int[] payloadFloats() {
        return new int[] {x.length, x.length};
    }
}
