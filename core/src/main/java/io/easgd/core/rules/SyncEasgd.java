package io.easgd.core.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Synchronous EASGD and EAMSGD (the paper's eq. 3–4): every τ steps all p workers meet at a
 * barrier, then, with the old values on both sides,
 * <pre>
 * x_i ← x_i − α (x_i − x̃)              for each i
 * x̃  ← x̃ + β (mean_i x_i − x̃),  β = pα
 * </pre>
 * The workers are {@link Easgd.Worker} (EASGD) or {@link Eamsgd.Worker} (EAMSGD): each sends x_i
 * and receives e_i = α(x_i − x̃_old). The master's move β(mean x_i − x̃) equals Σ_i e_i.
 */
public final class SyncEasgd {
    private SyncEasgd() {
    }

    /**
     * The barrier, without a waiting thread: {@link #submit} records rank i's upload for the current
     * round and returns; when the p-th distinct rank arrives the round is computed (old values on
     * both sides), {@code updates} grows by p, {@code rounds} by 1, and all p replies are called,
     * outside the lock, on the thread of that last arrival, each with its own e_i and ‖x_i − x̃_old‖.
     * A second upload of a rank within one round is refused ({@link DuplicateArrivalException}) and
     * changes nothing. {@link #close} fails the replies still waiting.
     *
     * <pre>
     * submit(i, x_i):
     *     refuse if rank i already arrived in this round
     *     keep x_i; arrivals_i += 1
     *     if all p ranks arrived:
     *         e_j ← α (x_j − x̃)  for every j      # x̃ as it was before the round
     *         x̃ ← x̃ + Σ_j e_j                    # = x̃ + β (mean_j x_j − x̃)
     *         rounds += 1; updates += p
     *         reply e_j to every j
     * </pre>
     *
     * <p>State: x̃, the counter {@value #ROUNDS} and one counter {@code arrivals.<i>} per rank. A
     * snapshot taken in the middle of a round holds the state after the last completed round: the
     * uploads waiting in the current round are not part of it (their workers send them again after a
     * resume), so every {@code arrivals.<i>} of a snapshot equals {@code rounds}, and {@code rounds}
     * is what counts. {@link #init} and {@link #restore} are refused while uploads wait.
     */
    public static final class Master extends MasterRule {
        /** Counter: rounds completed. */
        public static final String ROUNDS = "rounds";
        /** Counter prefix: {@code arrivals.<i>}, uploads of rank i applied in completed rounds. */
        public static final String ARRIVALS = "arrivals.";

        private final float alpha;
        private final int p;
        private float[][] ups;
        private float[][] downs;
        private double[] distances;
        private Reply[] waiting;
        private float[][] waitingDown;
        private long[] arrivals;
        private int arrived;
        private long round;

        public Master(float alpha, int p) {
            if (p < 1) {
                throw new IllegalArgumentException("p must be >= 1, found " + p);
            }
            this.alpha = alpha;
            this.p = p;
        }

        /** "sync-easgd" (also the master of synchronous EAMSGD). */
        @Override
        public String name() {
            return "sync-easgd";
        }

        @Override
        protected void onInit() {
            allocate();
            round = 0;
        }

        private void allocate() {
            ups = new float[p][center.length];
            downs = new float[p][center.length];
            distances = new double[p];
            waiting = new Reply[p];
            waitingDown = new float[p][];
            arrivals = new long[p];
            arrived = 0;
        }

        @Override
        protected void beforeReset() {
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
        public void submit(int worker, float[] up, float[] down, Reply reply) {
            Objects.requireNonNull(reply, "reply");
            checkRank(worker);
            requireOpen();
            Vec.requireFinite(up, worker);
            submitFinite(worker, up, down, reply);
        }

        @Override
        public void submitFinite(int worker, float[] up, float[] down, Reply reply) {
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
                    completeRound();
                    replies = waiting.clone();
                    replyDistances = distances.clone();
                    for (int i = 0; i < p; i++) {
                        System.arraycopy(downs[i], 0, waitingDown[i], 0, waitingDown[i].length);
                    }
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

        /** Under the lock, all p uploads in {@code ups}: e_i into {@code downs}, x̃ moved. */
        private void completeRound() {
            for (int i = 0; i < p; i++) {
                double sq = 0;
                for (int k = 0; k < center.length; k++) {
                    float diff = ups[i][k] - center[k];
                    sq += (double) diff * diff;
                    downs[i][k] = alpha * diff;            // e_i = α(x_i − x̃_old)
                }
                distances[i] = Math.sqrt(sq);
                roundReply(downs[i]);                      // what worker i decodes, and what x̃ gets
            }
            for (int i = 0; i < p; i++) {
                Vec.axpy(1f, downs[i], center);           // x̃ ← x̃ + Σ e_i = x̃ + β(mean x_i − x̃)
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
        protected double apply(int worker, float[] up, float[] down) {
            throw new UnsupportedOperationException("a synchronous round is applied by submit");
        }

        @Override
        protected List<Runnable> onClose() {
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
        protected void stateNames(List<String> vectors, List<String> counters) {
            counters.add(ROUNDS);
            for (int i = 0; i < p; i++) {
                counters.add(ARRIVALS + i);
            }
        }

        /** The state after the last completed round: uploads waiting in this one are left out. */
        @Override
        protected void writeState(Map<String, float[]> vectors, Map<String, Long> counters) {
            counters.put(ROUNDS, round);
            for (int i = 0; i < p; i++) {
                counters.put(ARRIVALS + i, arrivals[i] - (waiting[i] != null ? 1 : 0));
            }
        }

        @Override
        protected void checkState(MasterRule.State s) {
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
        protected void readState(MasterRule.State s) {
            allocate();
            round = s.counters().get(ROUNDS);
            for (int i = 0; i < p; i++) {
                arrivals[i] = s.counters().get(ARRIVALS + i);
            }
        }
    }
}
