package io.easgd.backend.bench.platform;

import io.easgd.core.data.Dataset;
import io.easgd.core.data.MnistSample;
import io.easgd.core.data.Sampler;
import io.easgd.core.model.FlatNetwork;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.training.JobModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.L2Regularization;

/**
 * The baselines of P3 and P4, each in its own JVM (the runner starts it with the OMP setting under
 * test): plain DL4J on the job's model preset, the same init (the preset's seed), the same minibatches
 * ({@link Sampler}, seed of worker 0), DL4J's own Nesterov updater with the job's η and δ, and L2
 * weight decay λ.
 *
 * <ul>
 *   <li>{@code fit}: {@code MultiLayerNetwork.fit(DataSet)} one minibatch at a time.</li>
 *   <li>{@code pw}: DL4J {@code ParallelWrapper}, {@code --workers} trainers, parameter averaging every
 *       {@code --averaging} minibatches, fed in chunks of {@code --chunk} minibatches.</li>
 * </ul>
 *
 * <p>Time-to-accuracy mode (default): trains until the test error is at most {@code --target} or
 * {@code --max-seconds} of training went by. Every {@code --eval-every} seconds of training the
 * clock stops, the parameters are evaluated on the 2,000 test digits with the platform's own
 * evaluation code ({@link JobModel#evaluate}), and the clock goes on: the printed times are
 * training time only (favouring the baseline; the platform evaluates concurrently on its backend).
 * Steps mode ({@code --steps N}): times N minibatches after {@code --warmup} and prints steps/s.
 *
 * <p>Output: lines {@code BENCH {json}} on stdout, read by {@link BaselineProcess}.
 */
public final class BaselineTrainer {
    private BaselineTrainer() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = options(argv);
        String mode = a.getOrDefault("mode", "fit");
        String model = a.getOrDefault("model", "cnn");
        double eta = Double.parseDouble(a.getOrDefault("eta", "0.05"));
        double delta = Double.parseDouble(a.getOrDefault("delta", "0.9"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "128"));
        long seed = Long.parseLong(a.getOrDefault("seed", "42"));
        double weightDecay = Double.parseDouble(a.getOrDefault("weight-decay", "1e-4"));
        double maxSeconds = Double.parseDouble(a.getOrDefault("max-seconds", "240"));
        double target = Double.parseDouble(a.getOrDefault("target", "0.03"));
        double evalEvery = Double.parseDouble(a.getOrDefault("eval-every", "1"));
        int workers = Integer.parseInt(a.getOrDefault("workers", "2"));
        int averaging = Integer.parseInt(a.getOrDefault("averaging", "5"));
        int chunk = Integer.parseInt(a.getOrDefault("chunk", "10"));
        int steps = Integer.parseInt(a.getOrDefault("steps", "0"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "10"));
        Path data = Path.of(a.getOrDefault("data", "target/bench/datasets"));

        Dataset dataset = Dataset.load(MnistSample.ensure(data));
        JobSpec spec = JobSpec.parse(String.format(Locale.ROOT,
                "{\"algorithm\":\"MSGD\",\"workers\":1,\"model\":\"%s\",\"eta\":%s,\"delta\":%s,\"batchSize\":%d,"
                        + "\"seed\":%d,\"weightDecay\":%s}", model, eta, delta, batch, seed, weightDecay));
        JobModel jobModel = new JobModel(spec, dataset);
        FlatNetwork evalNet = jobModel.newNetwork();
        MultiLayerNetwork net = new MultiLayerNetwork(withNesterov(evalNet.network().getLayerWiseConfigurations(),
                eta, delta, weightDecay));
        net.init();
        int[] input = jobModel.input();
        Sampler sampler = new Sampler(dataset.train(), batch, input[1], input[2], spec.workerSeed(0));
        int classes = dataset.train().classes();
        emit("{\"event\":\"start\",\"mode\":\"%s\",\"model\":\"%s\",\"params\":%d,\"omp\":\"%s\",\"workers\":%d}",
                mode, model, net.numParams(), System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
                "pw".equals(mode) ? workers : 1);

        ParallelWrapper pw = "pw".equals(mode) ? new ParallelWrapper.Builder<>(net).workers(workers)
                .prefetchBuffer(2).averagingFrequency(averaging).reportScoreAfterAveraging(false)
                .trainingMode(ParallelWrapper.TrainingMode.AVERAGING).build() : null;
        int perCall = pw != null ? chunk : 1;

        if (steps > 0) {
            train(net, pw, sampler, classes, warmup, perCall);
            long t0 = System.nanoTime();
            long done = train(net, pw, sampler, classes, steps, perCall);
            double s = (System.nanoTime() - t0) / 1e9;
            emit("{\"event\":\"steps\",\"steps\":%d,\"seconds\":%.4f,\"stepsPerSecond\":%.4f}", done, s, done / s);
        } else {
            double trained = 0;
            double nextEval = evalEvery;
            long step = 0;
            Double reachedAt = null;
            while (trained < maxSeconds) {
                long t0 = System.nanoTime();
                step += train(net, pw, sampler, classes, perCall, perCall);
                trained += (System.nanoTime() - t0) / 1e9;
                if (trained >= nextEval) {
                    nextEval = trained + evalEvery;
                    FlatNetwork.Score score = jobModel.evaluate(evalNet, net.params().dup().data().asFloat());
                    emit("{\"event\":\"eval\",\"t\":%.4f,\"step\":%d,\"error\":%.6f,\"loss\":%.6f}", trained, step,
                            score.error(), score.loss());
                    if (score.error() <= target) {
                        reachedAt = trained;
                        break;
                    }
                }
            }
            emit("{\"event\":\"end\",\"reachedAt\":%s,\"trainedSeconds\":%.4f,\"steps\":%d}",
                    reachedAt == null ? "null" : String.format(Locale.ROOT, "%.4f", reachedAt), trained, step);
        }
        if (pw != null) {
            pw.shutdown();
        }
        System.exit(0);
    }

    /** Trains {@code n} minibatches ({@code perCall} at a time through ParallelWrapper); returns n. */
    private static long train(MultiLayerNetwork net, ParallelWrapper pw, Sampler sampler, int classes, int n,
                              int perCall) {
        float[] x = new float[sampler.batchSize() * sampler.featureSize()];
        int[] labels = new int[sampler.batchSize()];
        for (int done = 0; done < n; ) {
            int k = Math.min(perCall, n - done);
            List<DataSet> batches = new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                sampler.next(x, labels);
                float[] y = new float[labels.length * classes];
                for (int b = 0; b < labels.length; b++) {
                    y[b * classes + labels[b]] = 1f;
                }
                batches.add(new DataSet(Nd4j.create(x.clone(), new long[] {labels.length, sampler.featureSize()}, 'c'),
                        Nd4j.create(y, new long[] {labels.length, classes}, 'c')));
            }
            if (pw != null) {
                pw.fit(new ExistingDataSetIterator(batches));
            } else {
                net.fit(batches.get(0));
            }
            done += k;
        }
        return n;
    }

    /** The preset's configuration with DL4J's Nesterov updater (η, δ) and L2 λ on every layer with parameters. */
    static MultiLayerConfiguration withNesterov(MultiLayerConfiguration preset, double eta, double delta, double l2) {
        MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(preset.toJson());
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            if (layerConf.getLayer() instanceof BaseLayer layer) {
                layer.setIUpdater(new Nesterovs(eta, delta));
                layer.setBiasUpdater(new Nesterovs(eta, delta));
                layer.setRegularization(List.of(new L2Regularization(l2)));
                layer.setRegularizationBias(List.of(new L2Regularization(l2)));
            }
        }
        conf.setDataType(DataType.FLOAT);
        return conf;
    }

    private static void emit(String format, Object... args) {
        System.out.println("BENCH " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    private static Map<String, String> options(String[] argv) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, found " + argv[i]);
            }
            out.put(argv[i].substring(2), argv[i + 1]);
        }
        return out;
    }
}
