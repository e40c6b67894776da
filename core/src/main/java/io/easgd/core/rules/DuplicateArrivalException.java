package io.easgd.core.rules;

/**
 * A synchronous round already holds an upload of this rank: the second one is refused and changes
 * nothing (a replayed or repeated upload must not complete a round in another rank's place).
 */
public class DuplicateArrivalException extends IllegalStateException {
    private final int worker;
    private final long round;

    public DuplicateArrivalException(int worker, long round) {
        super("worker " + worker + " already arrived at the barrier of round " + round
                + ": a second upload in the same round is refused");
        this.worker = worker;
        this.round = round;
    }

    public int worker() {
        return worker;
    }

    /** The round (0-based count of rounds completed before it) that already holds the upload. */
    public long round() {
        return round;
    }
}
