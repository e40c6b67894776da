package io.easgd.core.rules;

/**
 * A worker rule in the overlapped mode ({@code "overlap"} on): an exchange begun at step t runs in
 * the background for k local steps and its reply is applied at the start of step t + k, waiting
 * there if it has not arrived — or earlier, when the next exchange falls due first (never more than
 * one in flight, so k ≤ τ in effect). k may change between two steps ({@code "overlap": true}: the
 * worker re-chooses it at each exchange, {@code io.easgd.core.training.AutoOverlap}); an exchange
 * already in flight keeps the step it is due at. Same call order as {@link Periodic}: only between
 * two steps, on the worker's thread.
 */
public interface Overlapped {

    /** k now, in local steps (≥ 1). */
    int overlapSteps();

    /** Sets k ≥ 1 for the exchanges begun from the next step on. */
    void overlapSteps(int k);

    /** Whether an exchange is in flight now (between two steps). */
    boolean exchangeInFlight();
}
