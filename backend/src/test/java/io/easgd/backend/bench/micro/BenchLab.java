package io.easgd.backend.bench.micro;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.backend.lab.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The real backend in this JVM ({@link Lab}: embedded PostgreSQL, HTTP and WebSocket on loopback)
 * with evaluation and checkpoints pushed out of the measurement (every hour), and EASGD jobs
 * (τ = 1, a 784-h-10 model of about the asked N) to measure exchanges on.
 */
final class BenchLab implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    final Lab lab;
    private final Path dir;

    BenchLab() throws Exception {
        dir = Files.createTempDirectory("easgd-microbench-");
        lab = new Lab(dir, "--easgd.eval.interval=1h", "--easgd.eval.checkpoint-interval=1h");
    }

    int port() {
        return lab.port();
    }

    /** Parameters of the 784-h-10 model closest to {@code n}: 795h + 10. */
    static int parameters(int n) {
        return 795 * hidden(n) + 10;
    }

    private static int hidden(int n) {
        return Math.max(1, Math.round((n - 10) / 795f));
    }

    /** Submits an EASGD job with p workers, τ = 1, about n parameters and no end in sight; returns its id. */
    long submit(String name, int workers, int n) throws Exception {
        String model = new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER).updater(new NoOp()).list()
                .layer(new DenseLayer.Builder().nOut(hidden(n)).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(784)).build().toJson();
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("algorithm", "EASGD");
        body.put("workers", workers);
        body.put("tau", 1);
        body.put("eta", 0.01);
        body.put("model", "custom");
        body.put("modelJson", model);
        body.put("seed", 1);
        body.putObject("stop").put("maxSteps", 1_000_000_000L);
        return lab.post("/api/v1/jobs", JSON.writeValueAsString(body)).get("id").asLong();
    }

    void awaitRunning(long job) throws Exception {
        lab.awaitState(job, Duration.ofSeconds(120), "RUNNING");
    }

    void cancel(long job) {
        try {
            lab.post("/api/v1/jobs/" + job + "/cancel", "{}");
        } catch (Exception e) {
            System.err.println("cancelling job " + job + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        lab.close();
    }
}
