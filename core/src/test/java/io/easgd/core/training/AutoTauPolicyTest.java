package io.easgd.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.easgd.core.spec.AutoTau;
import io.easgd.core.training.AutoTauPolicy.Decision;
import io.easgd.core.training.AutoTauPolicy.Measurement;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoTauPolicyTest {
    private static final AutoTauPolicy DEFAULTS = new AutoTauPolicy(AutoTau.defaults());   // 10 %, [1, 256]
    private static final long SETTLED = AutoTauPolicy.SETTLE_EXCHANGES;

    private static List<Measurement> one(double stepMs, double exchangeMs) {
        return List.of(new Measurement(0, stepMs / 1000, exchangeMs / 1000));
    }

    @Test
    void tauStarIsTheExchangeOverTheShareOfTheStepRoundedUp() {
        // s = 20 ms, w = 86 ms, share 0.1: 86 / 2 = 43 exactly (no float noise pushes it to 44)
        assertThat(AutoTauPolicy.target(0.020, 0.086, 0.1, 1, 256)).isEqualTo(43);
        assertThat(AutoTauPolicy.target(0.020, 0.0861, 0.1, 1, 256)).isEqualTo(44);   // 43.05 → 44
        assertThat(AutoTauPolicy.target(0.012, 0.0042, 0.1, 1, 256)).isEqualTo(4);    // 3.5 → 4
        assertThat(AutoTauPolicy.target(0.030, 0.003, 0.1, 1, 256)).isEqualTo(1);     // 1.0 → 1
        assertThat(AutoTauPolicy.target(0.020, 0.086, 0.05, 1, 256)).isEqualTo(86);   // half the share, twice τ
        assertThat(AutoTauPolicy.target(0.020, 0.0, 0.1, 1, 256)).isEqualTo(1);       // a free wire
    }

    @Test
    void tauStarIsClampedToTheBounds() {
        assertThat(AutoTauPolicy.target(0.001, 1.0, 0.1, 1, 256)).isEqualTo(256);     // 10,000 → max
        assertThat(AutoTauPolicy.target(0.020, 0.0001, 0.1, 4, 256)).isEqualTo(4);    // 0.05 → min
        assertThat(AutoTauPolicy.target(1e-9, 1e6, 0.01, 1, 65536)).isEqualTo(65536); // no overflow
    }

    @Test
    void theFirstDecisionMovesFromTheInitialTauToTauStar() {
        Decision d = DEFAULTS.decide(1, one(20, 86), SETTLED);
        assertThat(d.changed()).isTrue();
        assertThat(d.tau()).isEqualTo(43);
        assertThat(d.target()).isEqualTo(43);
        assertThat(d.reason()).isEqualTo("exchange 86 ms, step 20 ms, target 10 %");
        assertThat(DEFAULTS.decide(1, List.of(), SETTLED)).satisfies(n -> {
            assertThat(n.changed()).isFalse();
            assertThat(n.tau()).isEqualTo(1);
            assertThat(n.basis()).isNull();
        });
    }

    @Test
    void nothingChangesBeforeEveryWorkerMadeItsSettlingExchanges() {
        Decision d = DEFAULTS.decide(1, one(20, 86), SETTLED - 1);
        assertThat(d.changed()).isFalse();
        assertThat(d.tau()).isEqualTo(1);
        assertThat(d.target()).isEqualTo(43);
        assertThat(d.reason()).endsWith("; settling");
    }

    @Test
    void tauMovesOnlyWhenTheRatioLeavesTheTwentyFivePercentBand() {
        // at τ = 43 the band is [32.25, 53.75] on r = w / (0.1 s), s = 20 ms
        assertThat(DEFAULTS.decide(43, one(20, 100), SETTLED)).satisfies(d -> {    // r = 50: stays
            assertThat(d.changed()).isFalse();
            assertThat(d.tau()).isEqualTo(43);
            assertThat(d.target()).isEqualTo(50);
            assertThat(d.reason()).endsWith("; within 25 % of tau 43");
        });
        assertThat(DEFAULTS.decide(43, one(20, 110), SETTLED).tau()).isEqualTo(55);  // r = 55 > 53.75
        assertThat(DEFAULTS.decide(43, one(20, 66), SETTLED).tau()).isEqualTo(43);   // r = 33 ≥ 32.25
        assertThat(DEFAULTS.decide(43, one(20, 64), SETTLED).tau()).isEqualTo(32);   // r = 32 < 32.25
    }

    @Test
    void smallTausDoNotFlapBetweenOneAndTwo() {
        // s = 10 ms: r = w / 1 ms
        assertThat(DEFAULTS.decide(1, one(10, 1.2), SETTLED).tau()).isEqualTo(1);     // τ* = 2 but r ≤ 1.25
        assertThat(DEFAULTS.decide(1, one(10, 1.3), SETTLED).tau()).isEqualTo(2);
        assertThat(DEFAULTS.decide(2, one(10, 1.2), SETTLED).tau()).isEqualTo(2);     // τ* = 2 already
        assertThat(DEFAULTS.decide(2, one(10, 1.0), SETTLED).tau()).isEqualTo(1);     // r ≤ 1: back to 1
    }

    @Test
    void aBoundIsReachedEvenInsideTheBand() {
        AutoTauPolicy p = new AutoTauPolicy(new AutoTau(0.1, 4, 256, 4));
        // τ = 250, r = 300 (inside 250 ± 25 %) but τ* clamps to max = 256: go there
        assertThat(p.decide(250, one(10, 300), SETTLED)).satisfies(d -> {
            assertThat(d.changed()).isTrue();
            assertThat(d.tau()).isEqualTo(256);
        });
        assertThat(p.decide(256, one(10, 300), SETTLED).changed()).isFalse();
        // τ = 5, r = 3.9: inside 5 ± 25 %, but τ* = 4 is min
        assertThat(p.decide(5, one(10, 3.9), SETTLED).tau()).isEqualTo(4);
    }

    @Test
    void theWorkerWithTheCostliestExchangeSetsTauForAll() {
        List<Measurement> ranks = List.of(new Measurement(0, 0.020, 0.010), new Measurement(1, 0.010, 0.020),
                new Measurement(2, 0.040, 0.040));
        Decision d = DEFAULTS.decide(1, ranks, SETTLED);
        assertThat(d.tau()).isEqualTo(20);                 // ranks' r: 5, 20, 10
        assertThat(d.basis().rank()).isEqualTo(1);
        assertThat(d.reason()).isEqualTo("exchange 20 ms, step 10 ms, target 10 % (worker 1)");
    }

    @Test
    void millisecondsReadWell() {
        assertThat(AutoTauPolicy.ms(0.086)).isEqualTo("86 ms");
        assertThat(AutoTauPolicy.ms(0.0042)).isEqualTo("4.2 ms");
        assertThat(AutoTauPolicy.ms(0.00035)).isEqualTo("0.35 ms");
        assertThat(new AutoTauPolicy(new AutoTau(0.125, 1, 8, 1)).decide(1, one(10, 5), SETTLED).reason())
                .isEqualTo("exchange 5.0 ms, step 10 ms, target 12.5 %");
    }

    @Test
    void theAverageSkipsItsWarmUpSampleStartsAsAMeanThenWeighsTheNewestByItsWeight() {
        AutoTauPolicy.Ewma m = new AutoTauPolicy.Ewma(0.25);
        assertThat(m.known()).isFalse();
        m.add(500);                                        // the first step: JIT warm-up, skipped
        assertThat(m.known()).isFalse();
        m.add(10);
        assertThat(m.value()).isEqualTo(10.0);
        m.add(20);
        assertThat(m.value()).isEqualTo(15.0);                      // mean of 10, 20
        m.add(30);
        assertThat(m.value()).isCloseTo(20.0, within(1e-12));       // mean of 10, 20, 30
        m.add(40);
        assertThat(m.value()).isCloseTo(25.0, within(1e-12));       // n = 4 = 1/weight: still the mean
        m.add(45);
        assertThat(m.value()).isCloseTo(30.0, within(1e-12));       // 25 + 0.25 (45 − 25): the weight takes over
        assertThat(new AutoTauPolicy.Ewma(AutoTauPolicy.STEP_SMOOTHING).known()).isFalse();
    }
}
