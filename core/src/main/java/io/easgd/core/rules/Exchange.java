package io.easgd.core.rules;

/**
 * One round trip with the master: sends {@code up}, receives the master's reply into {@code down}.
 * The call completes before it returns and keeps no reference to either array. {@code down} has
 * length 0 for rules whose master sends nothing back (the single-worker baselines publish only).
 */
@FunctionalInterface
public interface Exchange {
    void exchange(float[] up, float[] down);
}
