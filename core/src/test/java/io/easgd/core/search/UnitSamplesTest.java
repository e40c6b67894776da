package io.easgd.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UnitSamplesTest {

    @Test
    void theSameSeedGivesTheSamePointsAndAnotherSeedOthers() {
        for (UnitSamples.Method m : UnitSamples.Method.values()) {
            double[][] a = UnitSamples.points(m, 3, 10, 7);
            assertThat(UnitSamples.points(m, 3, 10, 7)).as(m.name()).isDeepEqualTo(a);
            assertThat(Arrays.deepEquals(UnitSamples.points(m, 3, 10, 8), a)).as(m.name()).isFalse();
            assertThat(Arrays.stream(a).flatMapToDouble(Arrays::stream).allMatch(x -> x >= 0 && x < 1)).isTrue();
        }
    }

    @Test
    void sobolPutsOnePointInEachEighthOfEveryAxisWhereRandomDrawsDoNot() {
        double[][] sobol = UnitSamples.points(UnitSamples.Method.SOBOL, 2, 8, 1);
        for (int d = 0; d < 2; d++) {
            boolean[] hit = new boolean[8];
            for (double[] p : sobol) {
                hit[(int) (p[d] * 8)] = true;
            }
            assertThat(hit).as("axis %d", d).containsOnly(true);
        }
        double[][] random = UnitSamples.points(UnitSamples.Method.RANDOM, 1, 8, 1);
        assertThat(Arrays.stream(random).mapToInt(p -> (int) (p[0] * 8)).distinct().count()).isLessThan(8);
    }
}
