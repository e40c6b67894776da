package io.easgd.backend.faults;

/** What the fault lab can do to a running job (docs/operations.md, "Fault lab"). */
public enum FaultKind {
    /** SIGKILL of the rank's local agent process; the backend's supervision starts a new one. */
    AGENT_KILL(true, false, false),
    /** SIGSTOP of the rank's local agent process for the duration, then SIGCONT. */
    AGENT_PAUSE(true, true, false),
    /** The rank's link pulled at the lab's switch for the duration: every packet lost, connections kept. */
    LINK_CUT(true, true, false),
    /** The rank's link shaped to {@code rate} for the duration, then back to the lab's rate. */
    LINK_SLOW(true, true, true),
    /** SIGTERM to the backend (a graceful stop), which then starts again with the same command line. */
    BACKEND_RESTART(false, false, false),
    /** SIGKILL of the backend, which then starts again with the same command line. */
    BACKEND_KILL(false, false, false),
    /** A fast shutdown of the embedded PostgreSQL; its watchdog starts it again. */
    POSTGRES_RESTART(false, false, false);

    private final boolean takesRank;
    private final boolean takesDuration;
    private final boolean takesRate;

    FaultKind(boolean takesRank, boolean takesDuration, boolean takesRate) {
        this.takesRank = takesRank;
        this.takesDuration = takesDuration;
        this.takesRate = takesRate;
    }

    public boolean takesRank() {
        return takesRank;
    }

    public boolean takesDuration() {
        return takesDuration;
    }

    public boolean takesRate() {
        return takesRate;
    }

    /** Whether the job's whole backend goes away (the fault lab's own process included). */
    boolean stopsBackend() {
        return this == BACKEND_RESTART || this == BACKEND_KILL;
    }

    /** Whether it hits the whole job rather than one rank: no other fault of the job starts while one of these heals. */
    boolean disruptive() {
        return !takesRank;
    }
}
