package io.easgd.backend.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/benchmarks.md's summary says nothing its committed JSON does not: every row names its source
 * (`file.json` and the ratio's id), its latest figure is that ratio's median rounded to the digits
 * written, and its status (met / missed) is the JSON's {@code met} (issue #20, "Benchmarks beyond
 * reproach"). A figure from memory, a rounder number or a hopeful "at the line" fails here.
 */
class BenchmarkSummaryTest {
    private static final Path DOCS = Path.of("..", "docs").toAbsolutePath().normalize();
    private static final Pattern SOURCE = Pattern.compile("`([\\w.-]+\\.json)`\\s*·\\s*(.+)");
    private static final Pattern BOLD_NUMBER = Pattern.compile("\\*\\*(-?[0-9]+(?:\\.[0-9]+)?)\\*\\*");

    record Row(String label, String latest, String status, String file, String id) {
    }

    @Test
    void everySummaryFigureIsTheMedianOfItsCommittedJsonAndItsStatusTheJsonsVerdict() throws IOException {
        List<Row> rows = summaryRows(Files.readAllLines(DOCS.resolve("benchmarks.md")));
        assertThat(rows).as("summary rows with a source").hasSizeGreaterThanOrEqualTo(10);
        ObjectMapper json = new ObjectMapper();
        for (Row row : rows) {
            JsonNode report = json.readTree(DOCS.resolve("bench").resolve(row.file()).toFile());
            JsonNode ratio = null;
            for (JsonNode r : report.path("ratios")) {
                if (r.path("id").asText().equals(row.id())) {
                    ratio = r;
                }
            }
            assertThat(ratio).as("%s: ratio '%s' in %s", row.label(), row.id(), row.file()).isNotNull();
            Matcher m = BOLD_NUMBER.matcher(row.latest());
            assertThat(m.find()).as("%s: a bold figure in '%s'", row.label(), row.latest()).isTrue();
            BigDecimal written = new BigDecimal(m.group(1));
            BigDecimal median = new BigDecimal(ratio.path("median").asDouble())
                    .setScale(written.scale(), RoundingMode.HALF_UP);
            assertThat(written).as("%s: latest figure vs the median of %s · %s", row.label(), row.file(), row.id())
                    .isEqualByComparingTo(median);
            String verdict = ratio.path("met").asBoolean() ? "met" : "missed";
            assertThat(row.status().split("[ :;,(]")[0]).as("%s: status vs the JSON's met", row.label())
                    .isEqualTo(verdict);
        }
    }

    /** The rows of the table under "## Summary" whose last cell names a source. */
    static List<Row> summaryRows(List<String> lines) {
        List<Row> rows = new ArrayList<>();
        boolean inSummary = false;
        List<String> header = null;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSummary = line.equals("## Summary");
                continue;
            }
            if (!inSummary || !line.startsWith("|")) {
                continue;
            }
            List<String> cells = cells(line);
            if (header == null) {
                header = cells;
                continue;
            }
            if (cells.get(0).startsWith("---")) {
                continue;
            }
            Matcher source = SOURCE.matcher(cells.get(header.indexOf("source")));
            if (!source.matches()) {
                continue;
            }
            rows.add(new Row(cells.get(0) + " " + cells.get(1), cells.get(header.indexOf("latest")),
                    cells.get(header.indexOf("status")), source.group(1), source.group(2).trim()));
        }
        return rows;
    }

    private static List<String> cells(String line) {
        String[] parts = line.substring(1, line.lastIndexOf('|')).split("\\|", -1);
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            out.add(p.trim());
        }
        return out;
    }
}
