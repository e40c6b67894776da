package io.easgd.core.rules;

/**
 * The worker side of an update rule. Call order: {@link #init} once with the center x̃, then
 * {@link #step} once per local step, then {@link #settle} when the worker stops (an overlapped
 * rule may still have an exchange in flight). Not thread-safe: one worker, one thread.
 */
public interface WorkerRule {

    /** x_i ← x̃, local state (momentum, step counter, averages) reset. Copies {@code center}. */
    void init(float[] center);

    /**
     * One local step t_i: exchanges with the master when the rule says so (t_i mod τ == 0 for
     * most rules), takes the gradient at the point the rule prescribes and updates x_i.
     *
     * @return the minibatch training loss of this step
     */
    double step(Gradient gradient, Exchange exchange);

    /**
     * Waits for the exchange still in flight, if any, and applies its reply, so that {@link #params()}
     * (and what a final exchange would upload) hold every update. Only an overlapped rule
     * ({@code "overlap": true}) leaves an exchange in flight at the end of a step; for the others this
     * does nothing. Call it before the worker stops normally or makes a final exchange.
     */
    default void settle() {
    }

    /** x_i, live (not a copy): read it, do not keep it across steps. */
    float[] params();

    /** t_i, the number of local steps taken since {@link #init}. */
    long steps();

    /** Floats this rule sends up and receives down per exchange: {@code [up, down]}. */
    int[] payloadFloats();

    /** A fresh instance with the same hyperparameters and no state. */
    WorkerRule copy();
}
