package io.easgd.core.model;

import io.easgd.core.data.Images;
import io.easgd.core.data.Sampler;
import java.io.IOException;
import java.io.OutputStream;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J network seen as a function of one flat float vector: read its parameters, write them, and
 * take the gradient of the minibatch loss at an arbitrary point (the paper's rules need gradients at
 * x before the elastic move and at Nesterov's look-ahead point x + δv). Parameters and gradients are
 * copied straight between the network's native buffers and the caller's arrays, no temporaries.
 * One instance per thread.
 */
public final class FlatNetwork {
    private final MultiLayerNetwork net;
    private final INDArray params;
    private final int size;
    private final int featureSize;
    private final int classes;
    /** The minibatch's features and one-hot labels, native arrays reused step after step. */
    private INDArray input;
    private INDArray oneHot;
    private float[] oneHotRows;

    public FlatNetwork(MultiLayerConfiguration conf, int featureSize, int classes) {
        MultiLayerNetwork built = new MultiLayerNetwork(conf);
        try {
            built.init();
        } catch (RuntimeException e) {
            throw new InvalidModelException("the model cannot be built: " + Models.firstLine(e.getMessage()), e);
        }
        this.net = built;
        this.params = net.params();
        if (params.dataType() != DataType.FLOAT) {
            throw new InvalidModelException("the model's data type must be FLOAT, found " + params.dataType());
        }
        this.size = Math.toIntExact(params.length());
        this.featureSize = featureSize;
        this.classes = classes;
        checkFits();
    }

    private void checkFits() {
        try {
            INDArray out = net.output(Nd4j.zeros(DataType.FLOAT, 1, featureSize), false);
            if (out.size(1) != classes) {
                throw new InvalidModelException("the model has " + out.size(1) + " outputs but the dataset has "
                        + classes + " classes");
            }
        } catch (InvalidModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidModelException("the model does not take inputs of " + featureSize + " features: "
                    + Models.firstLine(e.getMessage()), e);
        }
    }

    /** N, the number of parameters. */
    public int size() {
        return size;
    }

    public int featureSize() {
        return featureSize;
    }

    public MultiLayerNetwork network() {
        return net;
    }

    /** Copies the network's parameters into {@code dst}. */
    public void read(float[] dst) {
        pointer(params).get(dst, 0, size);
    }

    /** The parameters DL4J initialised from the model's seed: the center's x̃₀. */
    public float[] initialParams() {
        float[] x = new float[size];
        read(x);
        return x;
    }

    /** Sets the network's parameters to {@code src}. */
    public void write(float[] src) {
        if (src.length != size) {
            throw new IllegalArgumentException("expected " + size + " parameters, found " + src.length);
        }
        pointer(params).put(src, 0, size);
    }

    /**
     * g(at) = ∇ mean-loss(at; batch) + λ·at, written into {@code out}.
     *
     * @return the minibatch's mean loss at {@code at} (without the λ term)
     */
    public double gradient(float[] at, float[] features, int[] labels, int batch, double weightDecay, float[] out) {
        write(at);
        net.setInput(input(features, batch));
        net.setLabels(oneHot(labels, batch));
        net.computeGradientAndScore();
        pointer(net.getFlattenedGradients()).get(out, 0, size);
        // DL4J's backprop sums over the minibatch; its updater divides by the batch size. We skip the updater.
        float inv = 1f / batch;
        float wd = (float) weightDecay;
        for (int k = 0; k < size; k++) {
            out[k] = out[k] * inv + wd * at[k];
        }
        return net.score();
    }

    /** Test loss and error of the network at {@code at} on {@code test}, center-cropped to {@code input}. */
    public Score evaluate(float[] at, Images test, int[] input) {
        write(at);
        int chunk = 500;
        float[] features = new float[chunk * featureSize];
        double lossSum = 0;
        int wrong = 0;
        for (int start = 0; start < test.count(); start += chunk) {
            int n = Math.min(chunk, test.count() - start);
            for (int b = 0; b < n; b++) {
                Sampler.centerCrop(test, start + b, input[1], input[2], features, b * featureSize);
            }
            INDArray x = Nd4j.create(features, new long[] {chunk, featureSize}, 'c');
            INDArray probs = net.output(n == chunk ? x : x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n)), false);
            float[] p = probs.castTo(DataType.FLOAT).dup('c').data().asFloat();
            for (int b = 0; b < n; b++) {
                int label = test.labels()[start + b];
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (p[b * classes + c] > p[b * classes + best]) {
                        best = c;
                    }
                }
                if (best != label) {
                    wrong++;
                }
                lossSum -= Math.log(Math.max(p[b * classes + label], 1e-12f));
            }
        }
        return new Score(lossSum / test.count(), (double) wrong / test.count(), test.count());
    }

    /** Writes the network with parameters {@code at} as a DL4J ModelSerializer zip. */
    public void writeModel(float[] at, OutputStream out) throws IOException {
        write(at);
        ModelSerializer.writeModel(net, out, false);
    }

    /** {@code features} copied into the reused batch × featureSize input array (no allocation per step). */
    private INDArray input(float[] features, int batch) {
        if (input == null || input.size(0) != batch) {
            input = Nd4j.create(DataType.FLOAT, new long[] {batch, featureSize}, 'c');
        }
        pointer(input).put(features, 0, batch * featureSize);
        return input;
    }

    /** The labels one-hot in the reused batch × classes array. */
    private INDArray oneHot(int[] labels, int batch) {
        if (oneHot == null || oneHot.size(0) != batch) {
            oneHot = Nd4j.create(DataType.FLOAT, new long[] {batch, classes}, 'c');
            oneHotRows = new float[batch * classes];
        }
        java.util.Arrays.fill(oneHotRows, 0f);
        for (int b = 0; b < batch; b++) {
            oneHotRows[b * classes + labels[b]] = 1f;
        }
        pointer(oneHot).put(oneHotRows, 0, batch * classes);
        return oneHot;
    }

    private static FloatPointer pointer(INDArray a) {
        if (a.dataType() != DataType.FLOAT || a.elementWiseStride() != 1) {
            throw new IllegalStateException("expected a contiguous float array, found " + a.shapeInfoToString());
        }
        return new FloatPointer(a.data().addressPointer()).position(a.offset());
    }

    /** Mean cross-entropy and error rate over {@code examples} test examples. */
    public record Score(double loss, double error, int examples) {
        public double accuracy() {
            return 1 - error;
        }
    }
}
