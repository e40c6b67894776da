package io.easgd.core.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The master of a synchronous rule (SYNC_EASGD, SYNC_EAMSGD, DILOCO): all p workers meet at a
 * barrier once per round, and the round is computed when the last of them arrives. The barrier is
 * here, once; a rule says only what a round does with the uploads it has ({@link #completeRound})
 * and what each of those workers gets back ({@link #writeReply}).
 *
 * <p>No thread waits: {@link #submit} records rank i's upload for the current round and returns;
 * when the p-th distinct rank arrives the round is computed (old values on every side),
 * {@code updates} grows by p, {@code rounds} by 1, and all p replies are called, outside the lock,
 * on the thread of that last arrival, each with its own distance. A second upload of a rank within
 * one round is refused ({@link DuplicateArrivalException}) and changes nothing. {@link #close}
 * fails the replies still waiting.
 *
 * <p>Round deadline (the spec's {@code roundDeadlineMs}, docs/algorithms.md "Round deadline"): the
 * caller's timer may close the round early with {@link #closeRoundIfOlderThan} once its first upload
 * is older than the deadline; the round is then computed over the p' &lt; p ranks that arrived, only
 * they are answered, {@code updates} grows by p' and {@code rounds} by 1. A rank that was not there
 * is not told anything: its upload, when it comes, is an arrival of the round open then, applied
 * there once, like any other.
 *
 * <pre>
 * submit(i, up_i):
 *     refuse if rank i already arrived in this round
 *     keep up_i; arrivals_i += 1; openedAt ← now if it is the round's first upload
 *     if all p ranks arrived: finish(all p)
 *
 * closeRoundIfOlderThan(d):                   # the deadline timer
 *     if at least one rank arrived and now − openedAt &gt; d: finish(the ranks that arrived)
 *
 * finish(A):                                  # A: the arrived ranks, in rank order
 *     completeRound(up, A)                    # the rule: moves x̃ (and its own state) over A only
 *     down_j ← writeReply(j) for every j in A
 *     rounds += 1; updates += |A|
 *     reply to every j in A
 * </pre>
 *
 * <p>State: x̃, the rule's own vectors, the counter {@value #ROUNDS} and one counter
 * {@code arrivals.<i>} per rank: the uploads of rank i applied in completed rounds, each in exactly
 * one round. So {@code arrivals.<i> <= rounds}, {@code updates} = Σ_i {@code arrivals.<i>}, and
 * without a deadline (every round complete) {@code arrivals.<i> = rounds} for every i. A snapshot
 * taken in the middle of a round holds the state after the last completed round: the uploads
 * waiting in the current round are not part of it (their workers send them again after a resume).
 * {@link #init} and {@link #restore} are refused while uploads wait.
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
    /** {@link #clock} time of the current round's first upload (meaningful while {@code arrived > 0}). */
    private long openedAt;
    private LongSupplier clock = System::nanoTime;
    /** 0 … p−1: the ranks of a complete round. */
    private final int[] everyRank;

    protected RoundMaster(int p) {
        if (p < 1) {
            throw new IllegalArgumentException("p must be >= 1, found " + p);
        }
        this.p = p;
        this.everyRank = new int[p];
        for (int i = 0; i < p; i++) {
            everyRank[i] = i;
        }
    }

    /**
     * The clock, in nanoseconds, that dates a round's first upload for {@link #closeRoundIfOlderThan};
     * {@link System#nanoTime} unless set (a test sets a fake one).
     */
    public synchronized void clock(LongSupplier nanos) {
        clock = Objects.requireNonNull(nanos, "clock");
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
     * Under the lock, the round's uploads: {@code ranks} are the ranks that arrived, ascending (all p
     * of them unless the round was closed at its deadline), and {@code ups[j]} is rank j's upload for
     * each j in {@code ranks} (the other rows are stale: never read them). Moves x̃ and the rule's own
     * state over those ranks only and sets {@code distances[j]} (NaN where the rule has none) for
     * each j in {@code ranks}.
     */
    protected abstract void completeRound(float[][] ups, int[] ranks, double[] distances);

    /**
     * Under the lock, right after {@link #completeRound}: rank {@code worker}'s reply into {@code down};
     * called for the ranks of the round only.
     */
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
     * that waits in the current round: the number of its next upload, less one. Without a round
     * deadline it is also the round that upload belongs to; with one, a rank that missed rounds
     * has fewer than {@link #rounds}.
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
        Finished done = null;
        synchronized (this) {
            requireReady();
            if (waiting[worker] != null) {
                throw new DuplicateArrivalException(worker, round);
            }
            checkPayload(worker, up, down);
            System.arraycopy(up, 0, ups[worker], 0, up.length);
            if (arrived == 0) {
                openedAt = clock.getAsLong();
            }
            waiting[worker] = reply;
            waitingDown[worker] = down;
            arrivals[worker]++;
            arrived++;
            if (arrived == p) {
                done = finish(everyRank);
            }
        }
        if (done != null) {
            answer(done.replies, done.distances);
        }
    }

    /**
     * A round closed at its deadline: {@code round} is its number (0-based, as {@link #rounds} was
     * before it), {@code arrived} the ranks it was computed over and {@code missing} the others.
     */
    public record ClosedRound(long round, int[] arrived, int[] missing) {
    }

    /**
     * The round deadline: when at least one upload waits in the current round and the first of them
     * came more than {@code deadlineNanos} ago (on {@link #clock}), computes the round over the ranks
     * that arrived and answers them, on this thread, outside the lock; the others' uploads will be
     * arrivals of the next round. A round that all p ranks reached is never closed here: it
     * completed on its last arrival.
     *
     * @return the round it closed, or empty when none was due (none waiting, or not old enough, or
     *     the master is closed)
     */
    public Optional<ClosedRound> closeRoundIfOlderThan(long deadlineNanos) {
        if (deadlineNanos < 0) {
            throw new IllegalArgumentException("deadlineNanos must be >= 0, found " + deadlineNanos);
        }
        Finished done;
        ClosedRound closed;
        synchronized (this) {
            if (isClosed() || center == null || arrived == 0 || clock.getAsLong() - openedAt <= deadlineNanos) {
                return Optional.empty();
            }
            int[] in = new int[arrived];
            int[] out = new int[p - arrived];
            for (int i = 0, a = 0, m = 0; i < p; i++) {
                if (waiting[i] != null) {
                    in[a++] = i;
                } else {
                    out[m++] = i;
                }
            }
            closed = new ClosedRound(round, in.clone(), out);
            done = finish(in);
        }
        answer(done.replies, done.distances);
        return Optional.of(closed);
    }

    /** The replies of a finished round, to call outside the lock. */
    private record Finished(Reply[] replies, double[] distances) {
    }

    /** Under the lock: computes the round over {@code ranks} (those that arrived) and clears it. */
    private Finished finish(int[] ranks) {
        completeRound(ups, ranks, distances);
        Reply[] replies = new Reply[ranks.length];
        double[] replyDistances = new double[ranks.length];
        for (int n = 0; n < ranks.length; n++) {
            int j = ranks[n];
            writeReply(j, waitingDown[j]);
            replies[n] = waiting[j];
            replyDistances[n] = distances[j];
        }
        Arrays.fill(waiting, null);
        Arrays.fill(waitingDown, null);
        arrived = 0;
        round++;
        countUpdates(ranks.length);
        return new Finished(replies, replyDistances);
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

    /** Not used: a round is applied by {@link #submit} once all p uploads are there, or at its deadline. */
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
            if (a > rounds) {
                throw new IllegalArgumentException(name() + ": counter '" + ARRIVALS + i + "' is " + a
                        + ", more than '" + ROUNDS + "' (" + rounds + "): a rank takes part in a round at most once");
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
