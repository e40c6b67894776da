package io.easgd.core.rules;

/**
 * A worker rule whose communication period τ may change between two local steps (auto-τ:
 * EASGD, EAMSGD, DOWNPOUR and its averaging variants). Call order: {@link WorkerRule#init}, then
 * any number of {@link WorkerRule#step}, with {@link #period(int)} only between two steps — never
 * from another thread while a step runs.
 *
 * <p>A rule exchanges at its first step (t_i = 0) and then whenever τ local steps have passed since
 * its last exchange. While τ stays the same this is exactly the paper's "t_i mod τ == 0"; after a
 * change the next exchange comes τ_new steps after the last one, or at the next step if that point
 * has already passed. Nothing else of the rule's math depends on τ.
 */
public interface Periodic {

    /** τ now, in local steps. */
    int period();

    /** Sets τ (≥ 1) from the next step on; see the class comment for when the next exchange falls. */
    void period(int tau);
}
