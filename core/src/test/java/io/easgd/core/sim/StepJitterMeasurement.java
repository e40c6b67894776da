package io.easgd.core.sim;

import io.easgd.core.data.Dataset;
import io.easgd.core.data.MnistSample;
import io.easgd.core.model.FlatNetwork;
import io.easgd.core.model.MinibatchGradient;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.training.JobModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: the measurement behind {@code Simulate.MEASURED_JITTER}, run on demand. Two threads,
 * like two agents each on one core with OMP_NUM_THREADS=1, each take {@code easgd.jitter.steps} MLP
 * minibatch gradients on MNIST (batch 128) after 30 warm-up steps and time every one; prints the
 * median, the mean and the coefficient of variation (sd / mean) of the per-step times, per thread
 * and pooled, and the same with the slowest 1 % (GC pauses, other processes) left out.
 * <pre>
 * OMP_NUM_THREADS=1 mvn -B -o -pl core test -Dtest=StepJitterMeasurement -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Deasgd.jitter.steps=400
 * </pre>
 */
@EnabledIfSystemProperty(named = "easgd.jitter.steps", matches = "[0-9]+")
class StepJitterMeasurement {

    @Test
    void measure() throws InterruptedException {
        Path cache = Path.of(System.getProperty("easgd.cache-dir", "target/easgd-cache"), "datasets");
        Dataset mnist = Dataset.load(MnistSample.ensure(cache));
        int steps = Integer.parseInt(System.getProperty("easgd.jitter.steps"));
        JobModel model = new JobModel(JobSpec.parse("{\"model\":\"mlp\",\"batchSize\":128}"), mnist);
        double[][] times = new double[2][steps];
        Thread[] threads = new Thread[2];
        for (int r = 0; r < 2; r++) {
            int rank = r;
            threads[r] = new Thread(() -> {
                FlatNetwork net = model.newNetwork();
                MinibatchGradient g = model.gradient(rank, net);
                float[] x = net.initialParams();
                float[] out = new float[x.length];
                for (int i = 0; i < 30; i++) {
                    g.compute(x, out);
                }
                for (int i = 0; i < steps; i++) {
                    long t0 = System.nanoTime();
                    g.compute(x, out);
                    times[rank][i] = (System.nanoTime() - t0) / 1e6;
                }
            });
            threads[r].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int r = 0; r < 2; r++) {
            print("worker " + r, times[r]);
        }
        double[] all = new double[2 * steps];
        System.arraycopy(times[0], 0, all, 0, steps);
        System.arraycopy(times[1], 0, all, steps, steps);
        print("pooled", all);
    }

    private static void print(String what, double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        double[] trimmed = Arrays.copyOf(s, (int) Math.floor(s.length * 0.99));
        System.out.printf(Locale.ROOT, "%s: n=%d median=%.2f ms mean=%.2f ms cv=%.4f; without the slowest 1%%:"
                + " mean=%.2f ms cv=%.4f%n", what, s.length, s[s.length / 2], mean(s), cv(s), mean(trimmed), cv(trimmed));
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double cv(double[] v) {
        double m = mean(v);
        double var = Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1);
        return Math.sqrt(var) / m;
    }
}
