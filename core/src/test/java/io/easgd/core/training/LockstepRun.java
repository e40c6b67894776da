package io.easgd.core.training;

import io.easgd.core.compression.Compression;
import io.easgd.core.model.FlatNetwork;
import io.easgd.core.model.MinibatchGradient;
import io.easgd.core.rules.Exchange;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.rules.WorkerRule;
import io.easgd.core.spec.JobSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A job spec's p workers and its master trained on ONE thread, in an interleaving drawn from the
 * spec's seed, so a seed gives the same run bit for bit (test harness; the product trains on
 * {@link InProcessRunner}'s threads or agents). Each round every worker takes one local step, the
 * workers of a round in an order shuffled by {@code new Random(seed)}: no worker is ever more than one
 * step ahead of another, and which one reaches the master first changes from exchange to exchange as
 * it does between threads. Everything else is the product's: {@link Rules#worker}, {@link Rules#master}
 * (which rounds its replies to the spec's {@code compression}), {@link CompressedExchange} for the
 * uploads, {@link JobModel}'s networks and samplers.
 *
 * <p>{@code uplink} may degrade each worker's uploads after the product's codec — a test-only worse
 * "codec", to show that a comparison can fail; {@link #AS_IS} for the product alone.
 */
final class LockstepRun {

    /** A test-only stage between a worker's (already compressed) exchange and the master. */
    @FunctionalInterface
    interface Uplink {
        Exchange wrap(int rank, Exchange toMaster);
    }

    static final Uplink AS_IS = (rank, toMaster) -> toMaster;

    /**
     * The center's test error after {@code steps} per worker, a hash of its bits
     * ({@link Arrays#hashCode(float[])}), and how many exchanges and upload floats travelled.
     */
    record Result(double testError, int centerHash, long exchanges, long floatsUp) {
    }

    private LockstepRun() {
    }

    static Result run(JobModel model, long steps, Uplink uplink) {
        JobSpec spec = model.spec();
        int p = spec.workers();
        FlatNetwork evalNet = model.newNetwork();
        float[] center0 = evalNet.initialParams();
        MasterRule master = Rules.master(spec);
        master.init(center0);
        Compression compression = spec.compression();
        long[] exchanges = {0};
        long[] floatsUp = {0};
        List<WorkerRule> workers = new ArrayList<>();
        List<MinibatchGradient> gradients = new ArrayList<>();
        List<Exchange> links = new ArrayList<>();
        for (int rank = 0; rank < p; rank++) {
            int r = rank;
            WorkerRule worker = Rules.worker(spec);
            worker.init(center0);
            workers.add(worker);
            gradients.add(model.gradient(r, model.newNetwork()));
            Exchange toMaster = uplink.wrap(r, (u, d) -> {
                master.exchange(r, u, d);
                exchanges[0]++;
                floatsUp[0] += u.length;
            });
            links.add(CompressedExchange.of(toMaster, compression));
        }
        Random schedule = new Random(spec.seed());
        List<Integer> order = new ArrayList<>();
        for (int rank = 0; rank < p; rank++) {
            order.add(rank);
        }
        for (long t = 0; t < steps; t++) {
            Collections.shuffle(order, schedule);
            for (int r : order) {
                double loss = workers.get(r).step(gradients.get(r), links.get(r));
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("worker " + r + " diverged at step " + t + ": loss " + loss);
                }
            }
        }
        for (WorkerRule w : workers) {
            w.settle();
        }
        float[] evaluated = new float[evalNet.size()];
        master.copyEvaluated(evaluated);
        return new Result(model.evaluate(evalNet, evaluated).error(), Arrays.hashCode(evaluated), exchanges[0],
                floatsUp[0]);
    }
}
