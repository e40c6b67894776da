package io.easgd.core.model;

import io.easgd.core.data.Sampler;
import io.easgd.core.rules.Gradient;

/** g_i(x) of one worker: a fresh minibatch from its own seeded sampler, through its own network. */
public final class MinibatchGradient implements Gradient {
    private final FlatNetwork network;
    private final Sampler sampler;
    private final double weightDecay;
    private final float[] features;
    private final int[] labels;

    public MinibatchGradient(FlatNetwork network, Sampler sampler, double weightDecay) {
        this.network = network;
        this.sampler = sampler;
        this.weightDecay = weightDecay;
        this.features = new float[sampler.batchSize() * sampler.featureSize()];
        this.labels = new int[sampler.batchSize()];
    }

    @Override
    public double compute(float[] at, float[] out) {
        sampler.next(features, labels);
        return network.gradient(at, features, labels, sampler.batchSize(), weightDecay, out);
    }

    public Sampler sampler() {
        return sampler;
    }
}
