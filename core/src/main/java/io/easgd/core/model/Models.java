package io.easgd.core.model;

import io.easgd.core.spec.JobSpec;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The networks a job can name. The platform computes gradients with DL4J and applies the paper's
 * rules itself, so every configuration uses DL4J's {@link NoOp} updater and no DL4J regularisation
 * (weight decay is part of the gradient, see {@link FlatNetwork}).
 */
public final class Models {
    /** The paper's CIFAR net takes 28×28 random crops of the 32×32 images. */
    public static final int CIFAR_CROP = 28;

    private Models() {
    }

    /** The input the named model takes from images of {@code channels × height × width}: {c, h, w}. */
    public static int[] inputShape(String model, int channels, int height, int width) {
        if ("cifar-convnet".equals(model)) {
            return new int[] {channels, Math.min(height, CIFAR_CROP), Math.min(width, CIFAR_CROP)};
        }
        return new int[] {channels, height, width};
    }

    /** Builds the configuration of a job's model for inputs {c, h, w} and {@code classes} outputs. */
    public static MultiLayerConfiguration configuration(JobSpec spec, int[] input, int classes) {
        return switch (spec.model()) {
            case "mlp" -> mlp(input, classes, spec.seed());
            case "cnn" -> cnn(input, classes, spec.seed());
            case "cifar-convnet" -> cifarConvnet(input, classes, spec.seed());
            case JobSpec.CUSTOM_MODEL -> custom(spec.modelJson());
            default -> throw new IllegalArgumentException("unknown model " + spec.model());
        };
    }

    /** A user-supplied DL4J {@code MultiLayerConfiguration} in its JSON form. */
    public static MultiLayerConfiguration custom(String json) {
        try {
            return MultiLayerConfiguration.fromJson(json);
        } catch (RuntimeException e) {
            throw new InvalidModelException("modelJson is not a DL4J MultiLayerConfiguration: "
                    + firstLine(e.getMessage()), e);
        }
    }

    /**
     * MLP 784-256-256-10 with ReLU and dropout on the hidden activations (each kept with
     * probability 0.5): ~96.8% on the 10k MNIST sample, where the same net without dropout
     * overfits near 95.5% (BUILD-FACTS).
     */
    public static MultiLayerConfiguration mlp(int[] input, int classes, long seed) {
        return base(seed).list()
                .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).dropOut(0.5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).dropOut(0.5)
                        .nOut(classes).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.feedForward((long) input[0] * input[1] * input[2]))
                .build();
    }

    /** conv5×5×8 – max2 – conv5×5×16 – max2 – dense128 – softmax (~38k parameters on MNIST). */
    public static MultiLayerConfiguration cnn(int[] input, int classes, long seed) {
        return base(seed).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(8).activation(Activation.RELU).build())
                .layer(maxPool())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build())
                .layer(maxPool())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                .layer(output(classes))
                .setInputType(InputType.convolutionalFlat(input[1], input[2], input[0]))
                .build();
    }

    /**
     * The paper's 7-layer CIFAR-10 convnet (§5.1): conv 5×5→64, max-pool 2; conv 5×5→128, max-pool 2;
     * conv 3×3→64; fully connected 256; softmax 10; ReLU; dropout in the fully connected part.
     * On 3×28×28 crops it has 351,946 parameters (the paper: ≈ 0.35M).
     */
    public static MultiLayerConfiguration cifarConvnet(int[] input, int classes, long seed) {
        return base(seed).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(64).activation(Activation.RELU).build())
                .layer(maxPool())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(128).activation(Activation.RELU).build())
                .layer(maxPool())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).dropOut(0.5).build())
                .layer(output(classes))
                .setInputType(InputType.convolutionalFlat(input[1], input[2], input[0]))
                .build();
    }

    private static NeuralNetConfiguration.Builder base(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .updater(new NoOp());
    }

    private static SubsamplingLayer maxPool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }

    private static OutputLayer output(int classes) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(classes).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build();
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
