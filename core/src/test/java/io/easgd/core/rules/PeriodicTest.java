package io.easgd.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Auto-τ's settable period: the fixed-τ schedule is the paper's t mod τ == 0, a change takes effect between steps. */
class PeriodicTest {
    private static final List<IntFunction<WorkerRule>> RULES = List.of(
            tau -> new Easgd.Worker(0.05f, tau),
            tau -> new Eamsgd.Worker(0.05f, 0.9f, tau),
            tau -> new Downpour.Worker(0.05f, tau));

    /** Steps t_i at which the worker exchanged, over {@code steps} steps; {@code change} runs before each step. */
    private static List<Long> exchangeSteps(WorkerRule w, int steps, java.util.function.LongConsumer change) {
        Easgd.Master master = new Easgd.Master(0.1f);
        master.init(new float[] {1f, -1f});
        w.init(new float[] {1f, -1f});
        List<Long> at = new ArrayList<>();
        Exchange ex = (up, down) -> {
            at.add(w.steps());
            master.exchange(0, up, down);
        };
        for (int s = 0; s < steps; s++) {
            change.accept(w.steps());
            w.step(Quadratic.unit(2), ex);
        }
        return at;
    }

    @Test
    void aFixedTauExchangesExactlyWhenTheStepIsAMultipleOfTau() {
        for (IntFunction<WorkerRule> rule : RULES) {
            for (int tau : new int[] {1, 3, 7, 16}) {
                List<Long> expected = new ArrayList<>();
                for (long t = 0; t < 50; t++) {
                    if (t % tau == 0) {
                        expected.add(t);
                    }
                }
                assertThat(exchangeSteps(rule.apply(tau), 50, t -> { })).as("tau %d", tau).isEqualTo(expected);
            }
        }
    }

    @Test
    void aNewTauCountsFromTheLastExchangeAndTakesEffectAtTheNextStep() {
        for (IntFunction<WorkerRule> rule : RULES) {
            WorkerRule w = rule.apply(4);
            // exchanges at 0, 4; τ = 2 set before step 6: 4 + 2 = 6, 8, 10; τ = 10 set before step 11: 20
            List<Long> at = exchangeSteps(w, 25, t -> {
                if (t == 6) {
                    ((Periodic) w).period(2);
                } else if (t == 11) {
                    ((Periodic) w).period(10);
                }
            });
            assertThat(at).isEqualTo(List.of(0L, 4L, 6L, 8L, 10L, 20L));
            assertThat(((Periodic) w).period()).isEqualTo(10);
        }
    }

    @Test
    void aSmallerTauWhoseNextExchangeHasPassedExchangesAtTheNextStep() {
        WorkerRule w = new Eamsgd.Worker(0.05f, 0.9f, 8);
        List<Long> at = exchangeSteps(w, 12, t -> {
            if (t == 5) {
                ((Periodic) w).period(3);                  // 0 + 3 has passed: exchange at 5, then 8, 11
            }
        });
        assertThat(at).isEqualTo(List.of(0L, 5L, 8L, 11L));
    }

    @Test
    void settingTheSameTauChangesNoBitOfTheMath() {
        for (IntFunction<WorkerRule> rule : RULES) {
            WorkerRule plain = rule.apply(3);
            WorkerRule touched = rule.apply(3);
            exchangeSteps(plain, 20, t -> { });
            exchangeSteps(touched, 20, t -> ((Periodic) touched).period(3));
            assertThat(touched.params()).isEqualTo(plain.params());
        }
    }

    @Test
    void initStartsTheScheduleAgainAndTauMustBePositive() {
        Easgd.Worker w = new Easgd.Worker(0.05f, 5);
        exchangeSteps(w, 3, t -> { });
        assertThat(exchangeSteps(w, 6, t -> { })).isEqualTo(List.of(0L, 5L));   // init inside: t = 0 exchanges again
        assertThatThrownBy(() -> w.period(0)).hasMessage("tau must be >= 1, found 0");
        assertThatThrownBy(() -> new Downpour.Worker(0.1f, 0)).hasMessage("tau must be >= 1, found 0");
    }
}
