package io.easgd.backend.faults;

/** Where a fault stands. */
public enum FaultState {
    /** Waiting for its time (or for its job to run, or for a disruptive fault of the job to heal). */
    PENDING,
    /** In force: an agent paused, a link cut or slowed; undone at the end of its duration. */
    ACTIVE,
    /** Done or undone; waiting for every rank of the job to exchange again. */
    HEALING,
    /** Every rank exchanged again: {@code healMs} says when. */
    HEALED,
    /** The job ended, or the heal timeout passed, before every rank exchanged again. */
    NOT_HEALED,
    /** It could not be injected ({@code detail} says why). */
    FAILED,
    /** Its schedule was cancelled, or its job ended, before its time. */
    CANCELLED;

    boolean open() {
        return this == PENDING || this == ACTIVE || this == HEALING;
    }
}
