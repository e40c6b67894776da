package io.easgd.core.rules;

/**
 * A worker rule that may run its exchange in the background for k local steps ({@link Overlapped}):
 * EASGD, EAMSGD and DOWNPOUR. Holds whether it overlaps and its {@link InFlight}, and answers the
 * overlap questions once for the three; each rule's step decides when to begin and apply.
 */
abstract class OverlappableWorker extends BaseWorker implements Overlapped {
    protected final boolean overlap;
    protected final InFlight inFlight;

    /** @param overlapSteps 0 for the paper's blocking exchange, else k ≥ 1 */
    protected OverlappableWorker(int overlapSteps) {
        if (overlapSteps < 0) {
            throw new IllegalArgumentException("overlapSteps must be >= 0, found " + overlapSteps);
        }
        this.overlap = overlapSteps > 0;
        this.inFlight = new InFlight(Math.max(1, overlapSteps));
    }

    /** Whether the exchange is overlapped. */
    public boolean overlapped() {
        return overlap;
    }

    @Override
    public int overlapSteps() {
        return overlap ? inFlight.depth() : 0;
    }

    @Override
    public void overlapSteps(int k) {
        InFlight.requireOverlapped(overlap);
        inFlight.depth(k);
    }

    @Override
    public boolean exchangeInFlight() {
        return inFlight.active();
    }
}
