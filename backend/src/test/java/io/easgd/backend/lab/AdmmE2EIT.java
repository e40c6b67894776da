package io.easgd.backend.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ADMM end to end: the backend's parameter server (one u_i = x_i − λ_i per rank) and two worker-agent
 * JVMs over real WebSockets train the MLP on MNIST-10k; b up and x̃ down, N floats each, every τ
 * steps. Runs on the {@link SharedLab}.
 */
@ExtendWith(SharedLab.Extension.class)
class AdmmE2EIT {
    /** MLP 784-256-256-10. */
    private static final int N = 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10;
    private static Lab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = SharedLab.get();
    }

    @Test
    void twoAgentsTrainTheMlpWithAdmmToNinetyPercent() throws Exception {
        // p = 2, τ = 10, η = 0.1, ρ = 1 (the default): in one JVM (easgd-demo) the same spec ends at 91.45 %
        long started = System.nanoTime();
        JsonNode submitted = lab.post("/api/v1/jobs", "{\"name\":\"admm\",\"algorithm\":\"ADMM\",\"workers\":2,"
                + "\"tau\":10,\"eta\":0.1,\"stop\":{\"maxSteps\":1000}}");
        assertThat(submitted.at("/spec/rho").asDouble()).isEqualTo(1.0);
        long id = submitted.get("id").asLong();
        JsonNode job = lab.awaitState(id, Duration.ofMinutes(4), "COMPLETED", "FAILED", "CANCELLED");
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.get("reason").asText()).isEqualTo("reached 1000 steps per worker");
        double accuracy = 1 - job.at("/result/testError").asDouble();
        System.out.printf("E2E ADMM p=2 tau=10 rho=1: center test accuracy %.2f%% in %.1f s%n", 100 * accuracy, seconds);
        assertThat(accuracy).as(job.toString()).isGreaterThanOrEqualTo(0.88);

        // each rank exchanged at t = 0, 10, …, 990: 100 round trips of N floats up and N down
        JsonNode ranks = job.at("/result/ranks");
        assertThat(ranks.size()).isEqualTo(2);
        for (JsonNode rank : ranks) {
            assertThat(rank.get("exchanges").asLong()).as(rank.toString()).isEqualTo(100);
            assertThat(rank.get("steps").asLong()).as(rank.toString()).isEqualTo(1000);
        }
        Map<Integer, Double> payload = lab.lastByWorker(id, "payload_bytes");
        assertThat(payload.keySet()).containsExactly(0, 1);
        for (double bytes : payload.values()) {
            assertThat(Math.round(bytes)).isEqualTo(100L * 8 * N);
        }
    }
}
