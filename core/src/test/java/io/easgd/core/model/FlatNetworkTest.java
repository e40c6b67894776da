package io.easgd.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.easgd.core.spec.JobSpec;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class FlatNetworkTest {

    private static MultiLayerConfiguration tiny() {
        return new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).updater(new NoOp()).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int k = 0; k < n; k++) {
            x[k] = (float) r.nextGaussian() * 0.5f;
        }
        return x;
    }

    @Test
    void writesAndReadsParametersExactly() {
        FlatNetwork net = new FlatNetwork(tiny(), 4, 2);
        assertThat(net.size()).isEqualTo(4 * 3 + 3 + 3 * 2 + 2);
        float[] x = random(net.size(), 1);
        net.write(x);
        float[] back = new float[net.size()];
        net.read(back);
        assertThat(back).containsExactly(x);
        assertThat(net.network().params().getFloat(5)).isEqualTo(x[5]);
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheMeanLoss() {
        FlatNetwork net = new FlatNetwork(tiny(), 4, 2);
        float[] x = random(net.size(), 2);
        float[] features = random(3 * 4, 4);
        int[] labels = {0, 1, 1};
        float[] g = new float[net.size()];
        net.gradient(x, features, labels, 3, 0, g);
        float[] scratch = new float[net.size()];
        for (int k = 0; k < net.size(); k++) {
            float[] plus = x.clone();
            float[] minus = x.clone();
            float h = 1e-2f;
            plus[k] += h;
            minus[k] -= h;
            double lp = net.gradient(plus, features, labels, 3, 0, scratch);
            double lm = net.gradient(minus, features, labels, 3, 0, scratch);
            assertThat((double) g[k]).as("dL/dx[%d]", k).isCloseTo((lp - lm) / (2 * h), within(2e-3));
        }
    }

    @Test
    void aNetworkReusedStepAfterStepGivesBitwiseTheGradientOfAFreshOne() {
        MultiLayerConfiguration cnn = Models.cnn(new int[] {1, 28, 28}, 10, 42);
        FlatNetwork reused = new FlatNetwork(cnn, 784, 10);
        float[] g = new float[reused.size()];
        float[] fresh = new float[reused.size()];
        for (int step = 0; step < 3; step++) {
            float[] x = random(reused.size(), 10 + step);
            float[] features = random(16 * 784, 20 + step);
            int[] labels = new int[16];
            for (int b = 0; b < labels.length; b++) {
                labels[b] = (b * 7 + step) % 10;
            }
            double loss = reused.gradient(x, features, labels, 16, 1e-4, g);
            double freshLoss = new FlatNetwork(cnn, 784, 10).gradient(x, features, labels, 16, 1e-4, fresh);
            assertThat(g).as("step %d", step).containsExactly(fresh);
            assertThat(loss).isEqualTo(freshLoss);
        }
    }

    @Test
    void gradientIsAMeanOverTheBatchPlusWeightDecayTimesX() {
        FlatNetwork net = new FlatNetwork(tiny(), 4, 2);
        float[] x = random(net.size(), 5);
        float[] one = random(4, 6);
        float[] twice = new float[8];
        System.arraycopy(one, 0, twice, 0, 4);
        System.arraycopy(one, 0, twice, 4, 4);
        float[] g1 = new float[net.size()];
        float[] g2 = new float[net.size()];
        float[] gd = new float[net.size()];
        net.gradient(x, one, new int[] {1}, 1, 0, g1);
        net.gradient(x, twice, new int[] {1, 1}, 2, 0, g2);
        net.gradient(x, one, new int[] {1}, 1, 0.01, gd);
        for (int k = 0; k < net.size(); k++) {
            assertThat(g2[k]).isCloseTo(g1[k], within(1e-6f));
            assertThat(gd[k] - g1[k]).isCloseTo(0.01f * x[k], within(1e-6f));
        }
    }

    @Test
    void thePapersCifarNetHasAboutAThirdOfAMillionParameters() {
        JobSpec spec = JobSpec.parse("{\"model\":\"cifar-convnet\",\"dataset\":\"cifar10\"}");
        int[] input = Models.inputShape("cifar-convnet", 3, 32, 32);
        assertThat(input).containsExactly(3, 28, 28);
        FlatNetwork net = new FlatNetwork(Models.configuration(spec, input, 10), 3 * 28 * 28, 10);
        // conv5×5×64 4,864 + conv5×5×128 204,928 + conv3×3×64 73,792 + fc256 65,792 + softmax 2,570
        assertThat(net.size()).isEqualTo(351_946);
    }

    @Test
    void aCustomConfigurationIsTakenFromItsJsonAndCheckedAgainstTheData() {
        String json = tiny().toJson();
        assertThat(new FlatNetwork(Models.custom(json), 4, 2).size()).isEqualTo(23);
        assertThatThrownBy(() -> new FlatNetwork(Models.custom(json), 4, 10))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("2 outputs but the dataset has 10 classes");
        assertThatThrownBy(() -> new FlatNetwork(Models.custom(json), 784, 2))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("784 features");
        assertThatThrownBy(() -> Models.custom("{\"not\":\"a network\"}"))
                .isInstanceOf(InvalidModelException.class).hasMessageStartingWith("modelJson is not");
    }
}
