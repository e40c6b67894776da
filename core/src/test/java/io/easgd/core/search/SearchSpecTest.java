package io.easgd.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.easgd.core.search.SearchSpec.Method;
import io.easgd.core.search.SearchSpec.Resource;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchSpecTest {

    @Test
    void ashaRungsAreMinTimesEtaToTheKBelowMax() {
        SearchSpec asha = new SearchSpec(Method.ASHA, 3, Resource.STEPS, 200, 6000, 1);
        assertThat(asha.rungs(0)).containsExactly(200L, 600L, 1800L, 5400L);
        assertThat(new SearchSpec(Method.ASHA, 3, Resource.STEPS, 200, 1800, 1).rungs(0)).containsExactly(200L, 600L);
        assertThat(asha.bracketOf(7)).isZero();
    }

    @Test
    void hyperbandBracketsSkipOneMoreRungEachAndTheLastRunsToTheEnd() {
        assertThat(SearchSpec.maxBrackets(3, 200, 1800)).isEqualTo(3);
        SearchSpec hb = new SearchSpec(Method.HYPERBAND, 3, Resource.STEPS, 200, 1800, 3);
        assertThat(List.of(hb.rungs(0), hb.rungs(1), hb.rungs(2)))
                .containsExactly(List.of(200L, 600L), List.of(600L), List.of());
        assertThat(List.of(hb.bracketOf(0), hb.bracketOf(1), hb.bracketOf(2), hb.bracketOf(3))).containsExactly(0, 1, 2, 0);
    }

    @Test
    void boundsAndBracketsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new SearchSpec(Method.ASHA, 3, Resource.STEPS, 200, 200, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SearchSpec(Method.HYPERBAND, 3, Resource.STEPS, 200, 1800, 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SearchSpec(Method.ASHA, 3, Resource.STEPS, 200, 1800, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Resource.BYTES.minField()).isEqualTo("minBytes");
    }
}
