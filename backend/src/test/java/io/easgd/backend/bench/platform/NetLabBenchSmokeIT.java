package io.easgd.backend.bench.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.easgd.backend.lab.net.NetLabAvailability;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * P6 and the auto-τ study, and P7, DiLoCo and overlap, in smoke mode (a 20 Mbit/s lab, a loose
 * target, one round): the whole pipeline runs — the backend's agents in their namespaces behind
 * shaped links, fixed and automatic τ, compressed, overlapped and DiLoCo jobs — and every ratio it
 * writes is a finite positive number. Skipped, saying why, where the lab
 * cannot run (not root, no iproute2).
 */
class NetLabBenchSmokeIT {
    @Test
    void everyRatioIsFiniteAndPositive(@TempDir Path out) throws Exception {
        NetLabAvailability.assumeAvailable();

        List<Path> reports = PlatformBenchmark.run("p6,autotau", "--smoke", "--out", out.toString(), "--p6-link",
                "20mbit", "--links", "20mbit", "--taus", "10,auto");

        assertThat(reports).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        for (Path report : reports) {
            JsonNode ratios = json.readTree(report.toFile()).get("ratios");
            assertThat(ratios.size()).as(report.toString()).isEqualTo(1);
            for (JsonNode r : ratios) {
                assertThat(r.get("median").asDouble()).as(r.toString()).isFinite().isPositive();
            }
            assertThat(report.resolveSibling(report.getFileName().toString().replace(".json", ".png"))).exists();
        }
    }

    @Test
    void beyondThePaperRatiosAreFiniteAndPositive(@TempDir Path out) throws Exception {
        NetLabAvailability.assumeAvailable();

        List<Path> reports = PlatformBenchmark.run("p7,diloco,overlap", "--smoke", "--out", out.toString(),
                "--p6-link", "20mbit", "--links", "20mbit", "--diloco-seconds", "15", "--overlap-compressions", "int8");

        assertThat(reports).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        for (Path report : reports) {
            JsonNode ratios = json.readTree(report.toFile()).get("ratios");
            assertThat(ratios.size()).as(report.toString()).isPositive();
            for (JsonNode r : ratios) {
                assertThat(r.get("median").asDouble()).as(r.toString()).isFinite().isPositive();
            }
            assertThat(report.resolveSibling(report.getFileName().toString().replace(".json", ".png"))).exists();
        }
    }
}
