package io.easgd.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The promotion rule against the example worked by hand in docs/algorithms.md "Searches". */
class SuccessiveHalvingTest {

    @Test
    void theHandWorkedExampleOfSevenArrivalsAtOneRung() {
        double[] arrivals = {0.30, 0.25, 0.40, 0.20, 0.35, 0.22, 0.25};
        // rank of n, keep = ceil(n/3), promoted
        int[][] expected = {{1, 1, 1, 1}, {1, 2, 1, 1}, {3, 3, 1, 0}, {1, 4, 2, 1}, {4, 5, 2, 0}, {2, 6, 2, 1},
                {4, 7, 3, 0}};
        List<Double> earlier = new ArrayList<>();
        for (int i = 0; i < arrivals.length; i++) {
            SuccessiveHalving.Decision d = SuccessiveHalving.decide(earlier, arrivals[i], 3);
            assertThat(new int[] {d.rank(), d.of(), d.keep(), d.promoted() ? 1 : 0}).as("arrival %d", i + 1)
                    .containsExactly(expected[i]);
            earlier.add(arrivals[i]);
        }
    }

    @Test
    void aTieRanksTheEarlierDecisionFirstAndNanLast() {
        assertThat(SuccessiveHalving.decide(List.of(0.1), 0.1, 2).rank()).isEqualTo(2);
        assertThat(SuccessiveHalving.decide(List.of(0.1), 0.1, 2).promoted()).as("keep = ceil(2/2) = 1").isFalse();
        assertThat(SuccessiveHalving.decide(List.of(0.9, 0.8), Double.NaN, 2).rank()).isEqualTo(3);
        assertThat(SuccessiveHalving.decide(List.of(Double.NaN), 0.9, 2).rank()).isEqualTo(1);
    }

    @Test
    void theFirstRunAtARungIsAlwaysPromotedAndEtaBelowTwoIsRefused() {
        assertThat(SuccessiveHalving.decide(List.of(), 0.99, 4)).isEqualTo(new SuccessiveHalving.Decision(1, 1, 1, true));
        assertThatThrownBy(() -> SuccessiveHalving.decide(List.of(), 0.5, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
