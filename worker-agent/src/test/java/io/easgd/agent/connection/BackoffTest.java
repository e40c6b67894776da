package io.easgd.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static List<Long> first(Backoff b, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(b.next().toMillis());
        }
        return out;
    }

    @Test
    void withoutJitterItDoublesFromHalfASecondAndStopsAtThirtySeconds() {
        Backoff b = new Backoff(Backoff.INITIAL, Backoff.MAX, 0, new Random(1));
        assertThat(first(b, 10)).containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L, 30000L);
    }

    @Test
    void aSeededJitterGivesAFixedScheduleWithinTwentyPercentBelowTheBase() {
        List<Long> schedule = first(new Backoff(new Random(42)), 9);
        assertThat(schedule).isEqualTo(first(new Backoff(new Random(42)), 9));   // deterministic
        Random same = new Random(42);
        long[] base = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
        for (int i = 0; i < base.length; i++) {
            long expected = Math.round(base[i] * (1 - 0.2 * same.nextDouble()));
            assertThat(schedule.get(i)).as("attempt %d", i + 1).isEqualTo(expected)
                    .isBetween(Math.round(base[i] * 0.8), base[i]);
        }
    }

    @Test
    void neverExceedsTheCapEvenAfterManyAttempts() {
        Backoff b = new Backoff(new Random(7));
        for (int i = 0; i < 200; i++) {
            assertThat(b.next()).isLessThanOrEqualTo(Duration.ofSeconds(30)).isPositive();
        }
    }

    @Test
    void resetStartsOverAfterAConnectionThatWorked() {
        Backoff b = new Backoff(Backoff.INITIAL, Backoff.MAX, 0, new Random(1));
        first(b, 5);
        assertThat(b.attempts()).isEqualTo(5);
        b.reset();
        assertThat(b.next()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void refusesASchedulesThatMakesNoSense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Backoff.MAX, 0.2, new Random()))
                .hasMessageContaining("initial");
        assertThatThrownBy(() -> new Backoff(Backoff.INITIAL, Backoff.MAX, 1.0, new Random()))
                .hasMessageContaining("jitter must be in [0, 1), found 1.0");
    }
    @Test
    void aPropertyCapsTheWaitsLowerForTests() {
        Backoff b = Backoff.withMax("1s", new Random(3));
        for (int i = 0; i < 50; i++) {
            assertThat(b.next()).isLessThanOrEqualTo(Duration.ofSeconds(1)).isPositive();
        }
        assertThat(first(Backoff.withMax(null, new Random(42)), 9)).isEqualTo(first(new Backoff(new Random(42)), 9));
        assertThat(first(Backoff.withMax(" ", new Random(42)), 9)).isEqualTo(first(new Backoff(new Random(42)), 9));
        Backoff ms = Backoff.withMax("800ms", new Random(1));
        first(ms, 10);
        assertThat(ms.next()).isLessThanOrEqualTo(Duration.ofMillis(800)).isGreaterThan(Duration.ofMillis(600));
        for (String bad : new String[] {"1", "100ms", "31s", "fast"}) {
            assertThatThrownBy(() -> Backoff.withMax(bad, new Random())).as(bad)
                    .hasMessageContaining(Backoff.MAX_PROPERTY).hasMessageContaining(bad);
        }
    }
}
