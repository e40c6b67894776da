package io.easgd.core.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.core.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search-savings benchmark at a smoke size (the bundled mnist-10k, 60 steps, a 3-run paper grid and a 3-run
 * random search), so the command in docs/benchmarks.md keeps working: the files are written, the seed check holds,
 * and ASHA's replay costs less worker time than the full set. One slot, so each run meets earlier decisions at a
 * rung: with two slots and three runs the worse run of a pair can reach a rung first and be promoted alone, and
 * nothing stops. The figures themselves are the benchmark's business.
 */
class SearchSavingsSmokeTest {
    @Test
    void writesTheTableAndAshaCostsLessThanTheFullSet(@TempDir Path out) throws Exception {
        SearchSavings.main(new String[] {"--out", out.toString(), "--dataset", "mnist-10k", "--seeds", "1",
                "--algorithms", "EAMSGD", "--taus", "1,16", "--runs", "3", "--steps", "60", "--eval-every", "6",
                "--step-ms", "4", "--target", "0.5", "--slots", "1", "--min-divisors", "9"});

        JsonNode json = Json.MAPPER.readTree(out.resolve("search-savings.json").toFile());
        assertThat(json.get("determinism").get("identical").asBoolean()).isTrue();
        assertThat(json.get("searches").get("paper").get("runs")).hasSize(3);
        assertThat(json.get("searches").get("random").get("runs")).hasSize(3);
        assertThat(json.get("table")).hasSize(4);                     // 2 searches × ASHA, Hyperband × one S, one min
        for (JsonNode row : json.get("table")) {
            assertThat(row.get("workerTimeRatio").asDouble()).as(row.get("search") + " " + row.get("method"))
                    .isGreaterThan(0).isLessThanOrEqualTo(1);
            if (row.get("method").asText().equals("asha")) {
                assertThat(row.get("workerSeconds").asDouble()).as(row.get("search") + " asha")
                        .isLessThan(row.get("fullWorkerSeconds").asDouble());
            }
        }
        assertThat(Files.size(out.resolve("search-savings.png"))).isGreaterThan(1000);
        assertThat(Files.readAllLines(out.resolve("search-savings.csv"))).hasSize(5)
                .first().isEqualTo(SearchSavings.CSV_HEADER);
        assertThat(Files.readAllLines(out.resolve("search-savings-curves.csv")).get(0))
                .isEqualTo("search,index,label,p,virtual_seconds,step,wire_bytes,test_error");
    }
}
