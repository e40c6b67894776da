package io.easgd.core.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The master of a synchronous rule (SYNC_EASGD, SYNC_EAMSGD, DILOCO): all p workers meet at a
 * barrier once per round, and the round is computed when the last of them arrives. The barrier is
 * here, once; a rule says only what a complete round does ({@link #completeRound}) and what each
 * worker gets back ({@link #writeReply}).
 *
 * <p>No thread waits: {@link #submit} records rank i's upload for the current round and returns;
 * when the p-th distinct rank arrives the round is computed (old values on every side),
 * {@code updates} grows by p, {@code rounds} by 1, and all p replies are called, outside the lock,
 * on the thread of that last arrival, each with its own distance. A second upload of a rank within
 * one round is refused ({@link DuplicateArrivalException}) and changes nothing. {@link #close}
 * fails the replies still waiting.
 *
 * <pre>
 * submit(i, up_i):
 *     refuse if rank i already arrived in this round
 *     keep up_i; arrivals_i += 1
 *     if all p ranks arrived:
 *         completeRound(up_1 … up_p)          # the rule: moves x̃ (and its own state)
 *         down_j ← writeReply(j) for every j
 *         rounds += 1; updates += p
 *         reply to every j
 * </pre>
 *
 * <p>State: x̃, the rule's own vectors, the counter {@value #ROUNDS} and one counter
 * {@code arrivals.<i>} per rank. A snapshot taken in the middle of a round holds the state after
 * the last completed round: the uploads waiting in the current round are not part of it (their
 * workers send them again after a resume), so every {@code arrivals.<i>} of a snapshot equals
 * {@code rounds}, and {@code rounds} is what counts. {@link #init} and {@link #restore} are refused
 * while uploads wait.
 */
public abstract class RoundMaster extends MasterRule {
    /** Counter: rounds completed. */
    public static final String ROUNDS = "rounds";
    /** Counter prefix: {@code arrivals.<i>}, uploads of rank i applied in completed rounds. */
    public static final String ARRIVALS = "arrivals.";

    /** p, the number of workers that meet at every round. */
    protected final int p;
    private float[][] ups;
    private double[] distances;
    private Reply[] waiting;
    private float[][] waitingDown;
    private long[] arrivals;
    private int arrived;
    private long round;

    protected RoundMaster(int p) {
        if (p < 1) {
            throw new IllegalArgumentException("p must be >= 1, found " + p);
        }
        this.p = p;
    }

    @Override
    protected final void onInit() {
        allocate();
        round = 0;
        onRoundInit();
    }

    /** Hook under the lock after {@link #init}: the rule's own state (x̃ is set). */
    protected void onRoundInit() {
    }

    private void allocate() {
        ups = new float[p][upFloats()];
        distances = new double[p];
        waiting = new Reply[p];
        waitingDown = new float[p][];
        arrivals = new long[p];
        arrived = 0;
    }

    /**
     * Under the lock, all p uploads in {@code ups} (rank order): moves x̃ and the rule's own state
     * and sets each rank's distance (NaN where the rule has none) for its reply.
     */
    protected abstract void completeRound(float[][] ups, double[] distances);

    /** Under the lock, right after {@link #completeRound}: rank {@code worker}'s reply into {@code down}. */
    protected abstract void writeReply(int worker, float[] down);

    @Override
    protected final void beforeReset() {
        if (arrived > 0) {
            throw new IllegalStateException(arrived + " of " + p + " workers wait at the barrier of round "
                    + round + ": close the master, or let the round complete, before init or restore");
        }
    }

    /** Rounds completed so far (since init, or restored). */
    public synchronized long rounds() {
        return round;
    }

    /**
     * Uploads accepted from {@code worker} since init (or restored with the state), including one
     * that waits in the current round: the round its next upload belongs to.
     */
    public synchronized long arrivals(int worker) {
        checkRank(worker);
        return arrivals[worker];
    }

    private void checkRank(int worker) {
        if (worker < 0 || worker >= p) {
            throw new IllegalArgumentException("worker must be in [0, " + p + "), found " + worker);
        }
    }

    @Override
    public final void submit(int worker, float[] up, float[] down, Reply reply) {
        Objects.requireNonNull(reply, "reply");
        checkRank(worker);
        requireOpen();
        Vec.requireFinite(up, worker);
        submitFinite(worker, up, down, reply);
    }

    @Override
    public final void submitFinite(int worker, float[] up, float[] down, Reply reply) {
        Objects.requireNonNull(reply, "reply");
        checkRank(worker);
        requireOpen();
        Reply[] replies = null;
        double[] replyDistances = null;
        synchronized (this) {
            requireReady();
            if (waiting[worker] != null) {
                throw new DuplicateArrivalException(worker, round);
            }
            checkPayload(worker, up, down);
            System.arraycopy(up, 0, ups[worker], 0, up.length);
            waiting[worker] = reply;
            waitingDown[worker] = down;
            arrivals[worker]++;
            arrived++;
            if (arrived == p) {
                completeRound(ups, distances);
                for (int i = 0; i < p; i++) {
                    writeReply(i, waitingDown[i]);
                }
                replies = waiting.clone();
                replyDistances = distances.clone();
                Arrays.fill(waiting, null);
                Arrays.fill(waitingDown, null);
                arrived = 0;
                round++;
                countUpdates(p);
            }
        }
        if (replies != null) {
            answer(replies, replyDistances);
        }
    }

    /** Calls every reply even when one throws; the first exception then goes to the submitter. */
    private static void answer(Reply[] replies, double[] replyDistances) {
        RuntimeException first = null;
        for (int i = 0; i < replies.length; i++) {
            try {
                replies[i].done(replyDistances[i]);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Not used: a round is applied by {@link #submit} once all p uploads are there. */
    @Override
    protected final double apply(int worker, float[] up, float[] down) {
        throw new UnsupportedOperationException("a synchronous round is applied by submit");
    }

    @Override
    protected final List<Runnable> onClose() {
        if (waiting == null) {
            return List.of();
        }
        List<Runnable> failures = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            Reply r = waiting[i];
            if (r != null) {
                IllegalStateException e = new IllegalStateException("the job ended while worker " + i
                        + " waited at the barrier of round " + round);
                failures.add(() -> r.failed(e));
                waiting[i] = null;
                waitingDown[i] = null;
                arrivals[i]--;                         // never applied
            }
        }
        arrived = 0;
        return failures;
    }

    @Override
    protected final void stateNames(List<String> vectors, List<String> counters) {
        roundStateNames(vectors);
        counters.add(ROUNDS);
        for (int i = 0; i < p; i++) {
            counters.add(ARRIVALS + i);
        }
    }

    /** The names of the rule's own vectors (besides x̃), in the order {@link #writeRoundState} writes them. */
    protected void roundStateNames(List<String> vectors) {
    }

    /** The state after the last completed round: uploads waiting in this one are left out. */
    @Override
    protected final void writeState(Map<String, float[]> vectors, Map<String, Long> counters) {
        writeRoundState(vectors);
        counters.put(ROUNDS, round);
        for (int i = 0; i < p; i++) {
            counters.put(ARRIVALS + i, arrivals[i] - (waiting[i] != null ? 1 : 0));
        }
    }

    /** Under the lock: adds the rule's own vectors, deep-copied. */
    protected void writeRoundState(Map<String, float[]> vectors) {
    }

    @Override
    protected final void checkState(MasterRule.State s) {
        long rounds = s.counters().get(ROUNDS);
        for (int i = 0; i < p; i++) {
            long a = s.counters().get(ARRIVALS + i);
            if (a != rounds) {
                throw new IllegalArgumentException(name() + ": counter '" + ARRIVALS + i + "' is " + a
                        + ", expected " + rounds + " (= '" + ROUNDS + "'): a synchronous state holds whole rounds");
            }
        }
    }

    @Override
    protected final void readState(MasterRule.State s) {
        allocate();
        round = s.counters().get(ROUNDS);
        for (int i = 0; i < p; i++) {
            arrivals[i] = s.counters().get(ARRIVALS + i);
        }
        readRoundState(s);
    }

    /** Under the lock, after x̃ and the counters were restored: the rule's own vectors (copy them). */
    protected void readRoundState(MasterRule.State s) {
    }
}
