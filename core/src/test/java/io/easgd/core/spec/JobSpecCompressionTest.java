package io.easgd.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.easgd.core.compression.Compression;
import org.junit.jupiter.api.Test;

/** The spec's {@code compression}: "none" by default, lower case in JSON, a bad value named. */
class JobSpecCompressionTest {

    @Test
    void defaultsToNoneWhichIsLeftOutAndRoundTripsInLowerCase() {
        JobSpec none = JobSpec.parse("{}");
        assertThat(none.compression()).isEqualTo(Compression.NONE);
        assertThat(none.toJson()).doesNotContain("compression");     // none is the default, left out
        assertThat(JobSpec.parse("{\"compression\":\"none\"}")).isEqualTo(none);
        JobSpec int8 = JobSpec.parse("{\"compression\":\"int8\"}");
        assertThat(int8.compression()).isEqualTo(Compression.INT8);
        assertThat(int8.toJson()).contains("\"compression\":\"int8\"");
        assertThat(JobSpec.parse(int8.toJson())).isEqualTo(int8);
        assertThat(JobSpec.parse("{\"compression\":\"fp16\"}").compression()).isEqualTo(Compression.FP16);
    }

    @Test
    void aBadValueIsRefusedNamingTheFieldAndTheAllowedValues() {
        assertThatThrownBy(() -> JobSpec.parse("{\"compression\":\"int4\"}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("compression", "must be one of [none, fp16, int8], found \"int4\"")));
        assertThatThrownBy(() -> JobSpec.parse("{\"compression\":7}"))
                .isInstanceOfSatisfying(SpecValidationException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("compression"));
    }
}
