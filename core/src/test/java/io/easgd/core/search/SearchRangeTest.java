package io.easgd.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchRangeTest {

    @Test
    void eachFormMapsTheUnitIntervalOntoItsValues() {
        assertThat(new SearchRange.Uniform(0.3, 0.9).value(0.5)).isEqualTo(0.6);
        assertThat(new SearchRange.Uniform(0.3, 0.9).value(1.0 / 3)).isEqualTo(0.5);       // 0.5000000…, 4 digits
        // log-uniform on [0.001, 0.1]: the middle is the geometric mean 0.01
        assertThat(new SearchRange.LogUniform(0.001, 0.1).value(0.5)).isEqualTo(0.01);
        assertThat(new SearchRange.LogUniform(0.001, 0.1).value(0.25)).isEqualTo(0.003162);
        // integers 1..4, each a quarter of [0, 1)
        SearchRange.IntRange ints = new SearchRange.IntRange(1, 4);
        assertThat(List.of(ints.value(0.0), ints.value(0.2499), ints.value(0.25), ints.value(0.9999)))
                .containsExactly(1L, 1L, 2L, 4L);
        // log-integers 1..64: log-uniform on [1, 65), floored: u = 0.5 gives floor(sqrt(65)) = 8
        SearchRange.LogInt tau = new SearchRange.LogInt(1, 64);
        assertThat(List.of(tau.value(0.0), tau.value(0.5), tau.value(0.9999))).containsExactly(1L, 8L, 64L);
        SearchRange.Choice c = new SearchRange.Choice(List.of("none", "fp16", "int8"));
        assertThat(List.of(c.value(0.0), c.value(0.34), c.value(0.99))).containsExactly("none", "fp16", "int8");
    }

    @Test
    void badRangesAreRefused() {
        assertThatThrownBy(() -> new SearchRange.Uniform(1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SearchRange.LogUniform(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SearchRange.LogInt(0, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SearchRange.Choice(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
