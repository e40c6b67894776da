package io.easgd.backend.paramserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Straggler verdicts from hand-made rates and a fake clock (docs/operations.md "Stragglers"). */
class StragglerDetectorTest {
    private static final Instant T0 = Instant.parse("2026-11-29T00:00:00Z");
    private final StragglerDetector detector = new StragglerDetector(0.5, Duration.ofSeconds(5));

    private static StragglerDetector.Rank rank(int r, double rate, boolean straggler, Instant slowSince) {
        return new StragglerDetector.Rank(r, rate, straggler, slowSince);
    }

    @Test
    void aRankBelowHalfItsPeersMedianForFiveSecondsIsSlowThenRecovers() {
        // peers of rank 2: 30 and 31, median 30.5; 0.5 × 30.5 = 15.25 > 3.1
        List<StragglerDetector.Verdict> first = detector.judge(List.of(rank(0, 30, false, null),
                rank(1, 31, false, null), rank(2, 3.1, false, null)), T0);
        assertThat(first.get(2)).isEqualTo(new StragglerDetector.Verdict(2, T0, null, 3.1, 30.5));
        assertThat(first.get(0).slowSince()).isNull();            // 30 against (31 + 3.1)/2: not slow
        assertThat(first.get(0).change()).isNull();
        assertThat(first.get(1).slowSince()).isNull();

        Instant almost = T0.plusMillis(4_999);
        assertThat(detector.judge(List.of(rank(0, 30, false, null), rank(1, 31, false, null),
                rank(2, 3.1, false, T0)), almost).get(2).change()).isNull();
        StragglerDetector.Verdict slow = detector.judge(List.of(rank(0, 30, false, null), rank(1, 31, false, null),
                rank(2, 3.1, false, T0)), T0.plusSeconds(5)).get(2);
        assertThat(slow).isEqualTo(new StragglerDetector.Verdict(2, T0, "SLOW", 3.1, 30.5));

        // still slow: no second SLOW; at 15.25 exactly (= 0.5 × 30.5) it is not below any more
        assertThat(detector.judge(List.of(rank(0, 30, false, null), rank(1, 31, false, null),
                rank(2, 15.2, true, T0)), T0.plusSeconds(9)).get(2).change()).isNull();
        StragglerDetector.Verdict back = detector.judge(List.of(rank(0, 30, false, null), rank(1, 31, false, null),
                rank(2, 15.25, true, T0)), T0.plusSeconds(10)).get(2);
        assertThat(back).isEqualTo(new StragglerDetector.Verdict(2, null, "RECOVERED", 15.25, 30.5));
    }

    @Test
    void aDipShorterThanTheWindowStartsOverAndTwoRanksCompareWithEachOther() {
        assertThat(detector.judge(List.of(rank(0, 20, false, null), rank(1, 9, false, T0)), T0.plusSeconds(3))
                .get(1).slowSince()).isEqualTo(T0);                   // p = 2: the peer median is the other's rate
        assertThat(detector.judge(List.of(rank(0, 20, false, null), rank(1, 11, false, T0)), T0.plusSeconds(4))
                .get(1)).isEqualTo(new StragglerDetector.Verdict(1, null, null, 11, 20));
        assertThat(detector.judge(List.of(rank(0, 20, false, null), rank(1, 0, false, null)), T0.plusSeconds(6))
                .get(1).slowSince()).isEqualTo(T0.plusSeconds(6));  // a paused rank (rate 0): a new window
    }

    @Test
    void nothingIsComparedAloneOrWhenThePeersStandStill() {
        assertThat(detector.judge(List.of(rank(0, 1, true, T0)), T0.plusSeconds(60)).get(0).change()).isNull();
        List<StragglerDetector.Verdict> still = detector.judge(List.of(rank(0, 0, false, null),
                rank(1, 0, true, T0), rank(2, 0, false, T0)), T0.plusSeconds(60));
        assertThat(still).extracting(StragglerDetector.Verdict::change).containsOnlyNulls();
        assertThat(still.get(2).slowSince()).isNull();
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        List<StragglerDetector.Rank> live = List.of(rank(0, 10, false, null), rank(1, 40, false, null),
                rank(2, 20, false, null), rank(3, 1, false, null), rank(4, 30, false, null));
        assertThat(StragglerDetector.peerMedian(live, 3)).isEqualTo(25.0);   // 10, 20, 30, 40
        assertThat(StragglerDetector.peerMedian(live, 1)).isEqualTo(15.0);   // 1, 10, 20, 30
        assertThat(StragglerDetector.peerMedian(live, 9)).isEqualTo(20.0);   // all five
    }
}
