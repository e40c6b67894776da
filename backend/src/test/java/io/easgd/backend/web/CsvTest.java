package io.easgd.backend.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void aHeaderThenOneLinePerRowWithNullsEmptyAndTextQuotedWhenItMustBe() {
        String csv = Csv.write(List.of("jobId", "label", "bestTestError", "rung"), List.of(
                Arrays.asList(41L, "EAMSGD τ=4 seed=1", 0.021, null),
                Arrays.asList(42L, "a \"quoted\", label", null, 2)));
        assertThat(csv.split("\n")).containsExactly(
                "jobId,label,bestTestError,rung",
                "41,\"EAMSGD τ=4 seed=1\",0.021,",
                "42,\"a \"\"quoted\"\", label\",,2");
    }
}
