package io.easgd.core.training;

import io.easgd.core.data.Dataset;
import io.easgd.core.data.Images;
import io.easgd.core.data.Sampler;
import io.easgd.core.model.FlatNetwork;
import io.easgd.core.model.MinibatchGradient;
import io.easgd.core.model.Models;
import io.easgd.core.spec.JobSpec;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/** A job spec bound to its dataset: the network's input shape, fresh networks, per-worker gradients. */
public final class JobModel {
    private final JobSpec spec;
    private final Dataset dataset;
    private final int[] input;
    private final String configurationJson;

    public JobModel(JobSpec spec, Dataset dataset) {
        this.spec = spec;
        this.dataset = dataset;
        Images train = dataset.train();
        this.input = Models.inputShape(spec.model(), train.channels(), train.height(), train.width());
        this.configurationJson = Models.configuration(spec, input, train.classes()).toJson();
    }

    public JobSpec spec() {
        return spec;
    }

    public Dataset dataset() {
        return dataset;
    }

    /** {c, h, w} the network takes. */
    public int[] input() {
        return input.clone();
    }

    public int featureSize() {
        return input[0] * input[1] * input[2];
    }

    /** A new network (parameters initialised from the spec's seed); one per thread. */
    public FlatNetwork newNetwork() {
        return new FlatNetwork(MultiLayerConfiguration.fromJson(configurationJson), featureSize(),
                dataset.train().classes());
    }

    /** Worker {@code rank}'s gradient oracle: its own network and a sampler seeded for it. */
    public MinibatchGradient gradient(int rank, FlatNetwork network) {
        Sampler sampler = new Sampler(dataset.train(), spec.batchSize(), input[1], input[2], spec.workerSeed(rank));
        return new MinibatchGradient(network, sampler, spec.weightDecay());
    }

    /** Evaluates {@code params} on the test set. */
    public FlatNetwork.Score evaluate(FlatNetwork network, float[] params) {
        return network.evaluate(params, dataset.test(), input);
    }
}
