package io.easgd.backend.bench.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform benchmarks P3, P4, P5 in smoke mode (MLP, a loose target, one round): the whole
 * pipeline runs — real backend and agent JVMs, baseline JVMs, ParallelWrapper — and every ratio it
 * writes is a finite positive number. The figures themselves are not asserted (CI machines vary).
 */
class PlatformBenchSmokeIT {
    @Test
    void everyRatioIsFiniteAndPositive(@TempDir Path out) throws Exception {
        List<Path> reports = PlatformBenchmark.run("p3,p4,p5", "--smoke", "--out", out.toString(),
                "--single-omp", "1", "--pw-omp", "1");

        assertThat(reports).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        for (Path report : reports) {
            JsonNode ratios = json.readTree(report.toFile()).get("ratios");
            assertThat(ratios.size()).as(report.toString()).isGreaterThan(0);
            for (JsonNode r : ratios) {
                assertThat(r.get("median").isNumber()).as(r.toString()).isTrue();
                assertThat(r.get("median").asDouble()).as(r.toString()).isFinite().isPositive();
            }
            assertThat(report.resolveSibling(report.getFileName().toString().replace(".json", ".png"))).exists();
        }
    }
}
