package io.easgd.backend.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CI smoke of P1, P2 and P9: every benchmark once with tiny sizes (N = 10k, one round, JMH in this
 * JVM with one 100 ms iteration, P9 with 2 agents); each must write its json with a finite,
 * positive median for every ratio. The figures themselves mean nothing at this size.
 */
class MicroBenchSmokeIT {
    @Test
    void everyBenchmarkWritesFinitePositiveRatios() throws Exception {
        Path out = Path.of("target", "bench-smoke");
        List<Path> written = MicroBench.run(Settings.smoke(out));

        assertThat(written).extracting(p -> p.getFileName().toString())
                .containsExactly("p1-exchange.json", "p2-wire.json", "p9-fan-in.json");
        for (Path json : written) {
            JsonNode root = new ObjectMapper().readTree(json.toFile());
            assertThat(root.get("ratios")).as("ratios of %s", json).isNotEmpty();
            for (JsonNode r : root.get("ratios")) {
                double median = r.get("median").asDouble(Double.NaN);
                assertThat(median).as("%s median in %s", r.get("id").asText(), json).isFinite().isPositive();
            }
            String base = json.getFileName().toString().replace(".json", "");
            assertThat(Files.size(out.resolve(base + ".png"))).isPositive();
            assertThat(Files.size(out.resolve(base + ".csv"))).isPositive();
        }
    }
}
