package io.easgd.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The master rules under contention: many plain threads released together by a start gate, each
 * calling the blocking {@link MasterRule#exchange} as fast as it can. No sleeps: a thread either
 * finishes its exchanges or the test fails on its error or on the join timeout.
 */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int EXCHANGES = 2_000;

    @Test
    void downpourAddsEveryPushExactlyOnceAndRepliesOnlyWithCentersThatExisted() throws Exception {
        // Integer-valued updates of a few units: every partial sum stays far below 2^24, so float
        // addition is exact whatever the order, and the final center must equal the initial one
        // plus the sum of all pushes exactly (0 tolerance).
        // Coordinate 0: every push adds exactly 1, so the master's centers after its 16,000 updates
        //   hold 0 + 1, 0 + 2, …, 16,000 there, each exactly once: the replies' element 0, over all
        //   threads, must be that set (a lost or doubled update, or a reply copied before/after
        //   another thread's update, breaks it).
        // Coordinate 2: every push adds −1, so in every center that existed c[0] + c[2] = 0 + 100;
        //   a reply torn across two updates breaks the invariant.
        // Coordinate 1: thread-dependent integers in [−3, 3], to check the plain sum.
        Downpour.Master master = new Downpour.Master();
        float[] initial = {0f, 50f, 100f, 7f};
        master.init(initial);
        int[][] firsts = new int[THREADS][EXCHANGES];
        long[] pushedSum1 = new long[THREADS];
        long[] pushedSum3 = new long[THREADS];
        List<String> bad = java.util.Collections.synchronizedList(new ArrayList<>());

        runTogether(rank -> {
            float[] up = new float[4];
            float[] down = new float[4];
            for (int n = 0; n < EXCHANGES; n++) {
                int second = (rank + n) % 7 - 3;
                int fourth = (n % 3 == 0) ? rank : -1;
                up[0] = 1f;
                up[1] = second;
                up[2] = -1f;
                up[3] = fourth;
                master.exchange(rank, up, down);
                pushedSum1[rank] += second;
                pushedSum3[rank] += fourth;
                if (down[0] != Math.rint(down[0]) || down[0] < 1 || down[0] > THREADS * EXCHANGES) {
                    bad.add("reply element 0 = " + down[0]);
                }
                if (down[0] + down[2] != 100f) {
                    bad.add("torn reply " + Arrays.toString(down));
                }
                firsts[rank][n] = (int) down[0];
            }
        });

        assertThat(bad).isEmpty();
        int[] all = Arrays.stream(firsts).flatMapToInt(Arrays::stream).sorted().toArray();
        int[] expected = new int[THREADS * EXCHANGES];
        Arrays.setAll(expected, i -> i + 1);
        assertThat(all).containsExactly(expected);
        // each thread's own replies were centers it saw in increasing order
        for (int[] mine : firsts) {
            for (int n = 1; n < mine.length; n++) {
                assertThat(mine[n]).isGreaterThan(mine[n - 1]);
            }
        }
        float[] center = new float[4];
        master.copyCenter(center);
        assertThat(center).containsExactly(
                (float) THREADS * EXCHANGES,
                50f + Arrays.stream(pushedSum1).sum(),
                100f - THREADS * EXCHANGES,
                7f + Arrays.stream(pushedSum3).sum());
        assertThat(master.updates()).isEqualTo((long) THREADS * EXCHANGES);
    }

    @Test
    void easgdConservesTheSumOfAllVariablesUnderContention() throws Exception {
        // p threads, each holding its own x_i; before each exchange it moves x_i halfway to its own
        // target (±1 per coordinate, by rank parity, flipping every 100 exchanges) so that the workers
        // stay apart from the center and the elastic moves e = α(x_i − x̃) stay sizeable, and it records
        // the exact change of that local move in double. The exchange itself must conserve Σ_i x_i + x̃:
        //     Σ_i x_i + x̃ = initial sum + Σ local moves, up to float rounding of the exchanges.
        //
        // The bound asserted, per coordinate (absolute, on values of size ≤ 1): every value stays in
        // [−1, 1] (all moves are convex combinations of values in [−1, 1], and rounding to nearest
        // keeps that), so each float addition rounds by at most half an ulp of a result in [−1, 1],
        // ≤ 2^−24. An exchange has two roundings that do not cancel, x̃ + e at the master and x_i − e
        // at the worker (e itself is the same float on both sides, so its own rounding cancels).
        // Over M = 8 · 2,000 exchanges: |error| ≤ M · 2 · 2^−24 = M · 2^−23 ≈ 1.9e−3. It is a worst
        // case that cannot fail by bad luck; the observed error is 3e−7 to 6e−7. The local moves are
        // accounted for in double (the difference of two floats is exact in double here).
        // A lost update (two threads reading the same x̃, one write overwriting the other) leaves an
        // error of one |e|, which averages 0.02 here (Σ|e| ≈ 5,000 over 256,000 values), ten times
        // the bound; in practice there are many.
        //
        // Checked by hand: a copy of Easgd.Master's apply() loop in a plain class whose exchange is
        // not synchronized (same arithmetic, no lock), substituted for the master here, failed this
        // test on 5 of 5 runs, with errors of 0.27 to 13 on the first coordinate reported; with the
        // real master the test passed on 5 of 5 runs.
        float alpha = 0.15f;
        int n = 16;
        Easgd.Master master = new Easgd.Master(alpha);
        float[] initialCenter = new float[n];
        for (int k = 0; k < n; k++) {
            initialCenter[k] = (k % 5) * 0.2f - 0.4f;
        }
        master.init(initialCenter);
        float[][] x = new float[THREADS][n];
        double[][] localMoves = new double[THREADS][n];
        double[] moved = new double[THREADS];
        double[] initialSum = new double[n];
        for (int k = 0; k < n; k++) {
            initialSum[k] = initialCenter[k];
        }
        for (int i = 0; i < THREADS; i++) {
            for (int k = 0; k < n; k++) {
                x[i][k] = ((i + k) % 3 - 1) * 0.5f;
                initialSum[k] += x[i][k];
            }
        }

        runTogether(rank -> {
            float[] mine = x[rank];
            float[] e = new float[n];
            for (int s = 0; s < EXCHANGES; s++) {
                for (int k = 0; k < n; k++) {
                    float target = ((rank + k + s / 100) % 2 == 0) ? 1f : -1f;
                    float before = mine[k];
                    mine[k] = before + 0.5f * (target - before);
                    localMoves[rank][k] += (double) mine[k] - (double) before;
                }
                master.exchange(rank, mine, e);            // e = α(x_i − x̃); x̃ += e
                for (int k = 0; k < n; k++) {
                    mine[k] -= e[k];                       // x_i ← x_i − e
                    moved[rank] += Math.abs(e[k]);
                }
            }
        });

        float[] center = new float[n];
        master.copyCenter(center);
        double bound = (double) THREADS * EXCHANGES * Math.scalb(1.0, -23);
        double worst = 0;
        for (int k = 0; k < n; k++) {
            double now = center[k];
            double expected = initialSum[k];
            for (int i = 0; i < THREADS; i++) {
                now += x[i][k];
                expected += localMoves[i][k];
            }
            worst = Math.max(worst, Math.abs(now - expected));
            assertThat(Math.abs(now - expected)).as("coordinate %s: %s vs %s", k, now, expected)
                    .isLessThanOrEqualTo(bound);
        }
        assertThat(bound).isLessThan(2e-3);
        assertThat(master.updates()).isEqualTo((long) THREADS * EXCHANGES);
        // the exchanges really moved things: Σ|e| over all exchanges and coordinates is large
        assertThat(Arrays.stream(moved).sum()).isGreaterThan(1000 * bound);
        assertThat(worst).isLessThan(bound);
    }

    /** Runs {@code body(rank)} on {@link #THREADS} plain threads released together; rethrows the first failure. */
    private static void runTogether(java.util.function.IntConsumer body) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            int rank = i;
            threads[i] = new Thread(() -> {
                try {
                    start.await();
                    body.accept(rank);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "concurrency-test-" + i);
            threads[i].start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(120_000);
            assertThat(t.isAlive()).as("%s still running", t.getName()).isFalse();
        }
        if (failure.get() != null) {
            throw new AssertionError("a worker thread failed", failure.get());
        }
    }
}
