package io.easgd.core.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.core.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process paper benchmark at a smoke size (30 steps per worker), so the command in
 * docs/benchmarks.md keeps working: every configuration runs and the three files are written.
 * The figures themselves are the benchmark's business, not this test's.
 */
class PaperBenchmarkSmokeTest {
    @Test
    void writesEveryRunAtASmokeSize(@TempDir Path out) throws Exception {
        PaperBenchmark.main(new String[] {"30", out.toString()});

        JsonNode json = Json.MAPPER.readTree(out.resolve("paper-mnist.json").toFile());
        assertThat(json.get("stepsPerWorker").asInt()).isEqualTo(30);
        assertThat(json.get("runs")).hasSize(7);
        assertThat(json.get("runs").get(1).get("payloadBytes").asLong()).as("EASGD p=2 exchanges").isPositive();
        for (JsonNode run : json.get("runs")) {
            assertThat(run.get("outcome").asText()).as(run.get("run").asText()).isEqualTo("COMPLETED");
            assertThat(run.get("bestTestError").asDouble()).isBetween(0.0, 1.0);
            assertThat(run.get("payloadBytes").asLong()).isNotNegative();
        }
        assertThat(Files.size(out.resolve("paper-mnist.png"))).isGreaterThan(1000);
        assertThat(Files.readAllLines(out.resolve("paper-mnist.csv")).get(0))
                .isEqualTo("run,seconds,step,payload_bytes,test_error,test_loss");
    }
}
