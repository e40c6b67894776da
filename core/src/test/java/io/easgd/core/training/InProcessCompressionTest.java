package io.easgd.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.core.data.Dataset;
import io.easgd.core.data.MnistSample;
import io.easgd.core.spec.JobSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compressed exchanges train as well as float32 ones: EAMSGD, p = 2, τ = 10, η = 0.1, δ = 0.9, the MLP on the
 * real MNIST sample (8,000 training and 2,000 test digits: one digit is 0.05 points), {@value #STEPS} steps per
 * worker, each seed of {@link #SEEDS} trained with none, fp16 and int8, and each codec compared with float32
 * <em>on the same seed</em>. The runs are {@link LockstepRun}s: both workers on one thread in an interleaving
 * drawn from the seed, so a seed gives the same run bit for bit ({@link #aSeedTrainsTheSameBitForBit()}) and
 * the difference between two codecs on one seed is the codec's, not the threads'.
 *
 * <p><b>Measured</b> ({@link CompressionSpreadMeasurement}, seeds 1–5, 2 cores shared with other builds),
 * final test error of the center in %, and cost = codec − none on the same seed, in points:
 * <pre>
 * lockstep, 500 steps                 seed 1     2     3     4     5 | cost per seed                  mean
 *   none                                5.10  5.25  5.05  4.95  4.95 |
 *   fp16                                5.15  5.10  5.10  5.15  4.75 | +0.05 −0.15 +0.05 +0.20 −0.20  −0.01
 *   int8                                5.15  5.15  5.15  5.25  4.55 | +0.05 −0.10 +0.10 +0.30 −0.40  −0.01
 *   q ∈ [−7, 7] (4 bits), no feedback   5.15  5.00  5.05  5.35  4.85 | +0.05 −0.25  0.00 +0.40 −0.10  +0.02
 *   q ∈ [−3, 3] (3 bits), no feedback   5.45  5.35  5.20  5.45  5.25 | +0.35 +0.10 +0.15 +0.50 +0.30  +0.28
 *   q ∈ [−2, 2], 128-float blocks, no feedback
 *                                       5.95  5.95  5.85  5.95  5.75 | +0.85 +0.70 +0.80 +1.00 +0.80  +0.83
 *   q ∈ [−1, 1] (2 bits), no feedback  10.05  9.20 15.55  8.70  8.95 | +4.95 +3.95 +10.5 +3.75 +4.00  +5.43
 * threads (InProcessRunner, as this test ran before: the interleaving of the moment), 1,500 steps
 *   none                                4.05  4.05  4.25  3.95  4.10 |
 *   fp16                                3.75  4.15  4.20  3.75  4.35 | −0.30 +0.10 −0.05 −0.20 +0.25  −0.04
 *   int8                                3.60  4.35  4.00  4.00  4.15 | −0.45 +0.30 −0.25 +0.05 +0.05  −0.06
 * </pre>
 * (the coarse codecs are {@link CoarseBlockUplink}; seed 42 with threads once gave 3.85 / 4.05 / 4.05 and
 * once 4.65 / 3.90 / 3.70.) So fp16 and int8 cost nothing measurable; on one seed a harmless codec moves the
 * error by up to ±0.4 points (sd ≈ 0.2 per seed, ≈ 0.14 for a mean over two seeds).
 *
 * <p><b>The bound</b>: over seeds 1 and 2 the mean cost is at most {@value #MEAN_MARGIN_POINTS} points (about
 * three of those standard deviations above a cost of zero) and neither seed's cost exceeds
 * {@value #SEED_MARGIN_POINTS} points (a codec that fails on one seed only); better is allowed. The mean of a
 * codec costing 0.9 points sits 3.5 standard deviations above {@value #MEAN_MARGIN_POINTS}:
 * {@link #aCodecCostingAboutAPointFailsTheSameBound()} runs one (q ∈ [−2, 2] in 128-float blocks, no error
 * feedback; +0.85 and +0.70 points on seeds 1 and 2, +0.83 over five seeds) through the same seeds and
 * criterion and asserts that it fails. What the bound does not catch is a cost of about 0.3 points (the 3-bit codec above passes it). At
 * 400 steps the same bad codec cost only +0.05 to +1.15 points (none 5.20–5.60 %): fewer steps do not separate
 * it; 500 is the shortest measured run that does. Two seeds rather than three keep the test's work at the
 * old one's (8 runs of 2 × 500 worker steps, two at a time, against 3 runs of 2 × 1,500).
 *
 * <p>The bytes are counted by {@link InProcessRunner} itself (its threads, a short run): 2× and 3.88× fewer.
 */
class InProcessCompressionTest {
    static final long STEPS = 500;
    static final long[] SEEDS = {1, 2};
    static final double MEAN_MARGIN_POINTS = 0.4;
    static final double SEED_MARGIN_POINTS = 0.75;
    /** The test-only bad codec: {@link CoarseBlockUplink} with q ∈ [−BAD_Q, BAD_Q]. */
    static final int BAD_Q = 2;
    /** … in blocks of this many floats sharing a scale. */
    static final int BAD_BLOCK = 128;
    private static final int N = 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10;
    private static Dataset mnist;
    /** Test error per codec ("none", "fp16", "int8", "bad"), one per seed of {@link #SEEDS}. */
    private static final Map<String, double[]> ERRORS = new LinkedHashMap<>();

    static JobSpec spec(String compression, long seed, long steps) {
        return JobSpec.parse("{\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":10,\"eta\":0.1,\"delta\":0.9,"
                + "\"model\":\"mlp\",\"seed\":" + seed + ",\"compression\":\"" + compression
                + "\",\"stop\":{\"maxSteps\":" + steps + "}}");
    }

    /** Trains every (codec, seed) once, two runs at a time (each run is one thread: the machine has two cores). */
    @BeforeAll
    static void train() throws Exception {
        Path cache = Path.of(System.getProperty("easgd.cache-dir", "target/easgd-cache"), "datasets");
        mnist = Dataset.load(MnistSample.ensure(cache));
        Map<String, List<Future<LockstepRun.Result>>> runs = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (String codec : List.of("none", "fp16", "int8", "bad")) {
                List<Future<LockstepRun.Result>> perSeed = new ArrayList<>();
                for (long seed : SEEDS) {
                    boolean bad = codec.equals("bad");
                    JobModel model = new JobModel(spec(bad ? "none" : codec, seed, STEPS), mnist);
                    LockstepRun.Uplink uplink = bad ? CoarseBlockUplink.of(BAD_Q, BAD_BLOCK) : LockstepRun.AS_IS;
                    perSeed.add(pool.submit(() -> LockstepRun.run(model, STEPS, uplink)));
                }
                runs.put(codec, perSeed);
            }
            for (Map.Entry<String, List<Future<LockstepRun.Result>>> e : runs.entrySet()) {
                double[] errors = new double[SEEDS.length];
                for (int s = 0; s < SEEDS.length; s++) {
                    LockstepRun.Result r = e.getValue().get(s).get();
                    assertThat(r.exchanges()).isEqualTo(2 * STEPS / 10);
                    errors[s] = r.testError();
                }
                ERRORS.put(e.getKey(), errors);
                System.out.printf(Locale.ROOT, "EAMSGD p=2 tau=10 lockstep %d steps, %s: errors %s%n", STEPS,
                        e.getKey(), java.util.Arrays.toString(errors));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Per seed, in points: codec − none (positive: the codec is worse). */
    static double[] costs(double[] codec, double[] none) {
        double[] d = new double[none.length];
        for (int s = 0; s < none.length; s++) {
            d[s] = 100 * (codec[s] - none[s]);
        }
        return d;
    }

    /** The criterion: mean cost ≤ {@link #MEAN_MARGIN_POINTS} and every seed's ≤ {@link #SEED_MARGIN_POINTS}. */
    static boolean withinBound(double[] costs) {
        double sum = 0;
        for (double c : costs) {
            if (c > SEED_MARGIN_POINTS + 1e-9) {
                return false;
            }
            sum += c;
        }
        return sum / costs.length <= MEAN_MARGIN_POINTS + 1e-9;
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    @Test
    void fp16AndInt8CostAtMostFourTenthsOfAPointOnTheSameSeeds() {
        double[] none = ERRORS.get("none");
        for (double e : none) {
            assertThat(e).as("float32 trains").isLessThan(0.06);
        }
        for (String codec : List.of("fp16", "int8")) {
            double[] cost = costs(ERRORS.get(codec), none);
            for (double c : cost) {
                assertThat(c).as(codec + ": cost in points on one seed").isLessThanOrEqualTo(SEED_MARGIN_POINTS + 1e-9);
            }
            assertThat(mean(cost)).as(codec + ": mean cost in points").isLessThanOrEqualTo(MEAN_MARGIN_POINTS + 1e-9);
            assertThat(withinBound(cost)).isTrue();
        }
    }

    @Test
    void aCodecCostingAboutAPointFailsTheSameBound() {
        double[] cost = costs(ERRORS.get("bad"), ERRORS.get("none"));
        assertThat(mean(cost)).as("the bad codec's mean cost in points").isBetween(0.6, 1.2);
        assertThat(withinBound(cost)).as("the criterion rejects it").isFalse();
    }

    @Test
    void theCriterionRejectsAPointAndToleratesTheMeasuredSpread() {
        assertThat(withinBound(new double[] {0.9, 0.9})).isFalse();
        assertThat(withinBound(new double[] {0.45, 0.45})).isFalse();         // the mean
        assertThat(withinBound(new double[] {0.8, -0.4})).isFalse();          // one seed
        assertThat(withinBound(new double[] {0.4, 0.4})).isTrue();
        assertThat(withinBound(new double[] {0.3, -0.4})).isTrue();           // the measured spread
        assertThat(withinBound(new double[] {-1.0, -0.5})).isTrue();          // better is allowed
    }

    @Test
    void aSeedTrainsTheSameBitForBit() {
        JobModel model = new JobModel(spec("int8", SEEDS[0], 60), mnist);
        LockstepRun.Result a = LockstepRun.run(model, 60, LockstepRun.AS_IS);
        LockstepRun.Result b = LockstepRun.run(model, 60, LockstepRun.AS_IS);
        assertThat(b.centerHash()).isEqualTo(a.centerHash());
        assertThat(b.testError()).isEqualTo(a.testError());
        LockstepRun.Result otherSeed = LockstepRun.run(new JobModel(spec("int8", SEEDS[1], 60), mnist), 60,
                LockstepRun.AS_IS);
        assertThat(otherSeed.centerHash()).isNotEqualTo(a.centerHash());
    }

    @Test
    void theInProcessRunnerSendsAHalfAndAQuarterOfTheBytes() {
        int steps = 40;
        long exchanges = 2L * steps / 10;
        Map<String, RunReport> reports = new LinkedHashMap<>();
        for (String codec : List.of("none", "fp16", "int8")) {
            RunReport r = new InProcessRunner(new JobModel(spec(codec, 42, steps), mnist), steps,
                    new InProcessRunner.Listener() {
                    }).run();
            assertThat(r.outcome()).isEqualTo(RunReport.Outcome.COMPLETED);
            assertThat(r.exchanges()).isEqualTo(exchanges);
            reports.put(codec, r);
        }
        RunReport none = reports.get("none");
        RunReport int8 = reports.get("int8");
        assertThat(none.payloadBytesUp()).isEqualTo(exchanges * 4L * N);
        assertThat(reports.get("fp16").payloadBytesUp()).isEqualTo(exchanges * 2L * N);
        assertThat(int8.payloadBytesUp()).isEqualTo(exchanges * (N + (N + 31) / 32));
        assertThat(int8.payloadBytesDown()).isEqualTo(int8.payloadBytesUp());
        assertThat((double) none.payloadBytesUp() / int8.payloadBytesUp()).isBetween(3.87, 3.88);
    }
}
