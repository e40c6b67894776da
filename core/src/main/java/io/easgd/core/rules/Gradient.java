package io.easgd.core.rules;

/** The stochastic gradient oracle g_i(x) of one worker: each call draws a fresh minibatch. */
@FunctionalInterface
public interface Gradient {
    /**
     * Computes g_i(at) on a fresh minibatch into {@code out} (same length as {@code at}).
     *
     * @return the minibatch training loss at {@code at}
     */
    double compute(float[] at, float[] out);
}
