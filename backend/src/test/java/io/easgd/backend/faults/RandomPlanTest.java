package io.easgd.backend.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RandomPlanTest {
    private static final RandomPlan.Settings SETTINGS = new RandomPlan.Settings(7, 200, 5000,
            List.of(FaultKind.AGENT_KILL, FaultKind.AGENT_PAUSE, FaultKind.LINK_SLOW, FaultKind.BACKEND_KILL), 1000, 3000,
            "2mbit");

    @Test
    void theSameSeedDrawsTheSameFaults() {
        assertThat(RandomPlan.draw(SETTINGS, 2)).isEqualTo(RandomPlan.draw(SETTINGS, 2));
        assertThat(RandomPlan.draw(SETTINGS, 2)).isNotEqualTo(RandomPlan.draw(new RandomPlan.Settings(8, 200, 5000,
                SETTINGS.kinds(), 1000, 3000, "2mbit"), 2));
    }

    @Test
    void faultsNeverOverlapWhileActiveAndEachTakesOnlyWhatItsKindTakes() {
        List<FaultSpec> plan = RandomPlan.draw(SETTINGS, 3);
        assertThat(plan).hasSize(200);
        long end = 0;
        for (FaultSpec f : plan) {
            assertThat(f.atMs()).isGreaterThan(end);
            end = f.atMs() + (f.durationMs() == null ? 0 : f.durationMs());
            assertThat(f.rank() != null).isEqualTo(f.kind().takesRank());
            if (f.rank() != null) {
                assertThat(f.rank()).isBetween(0, 2);
            }
            assertThat(f.durationMs() != null).isEqualTo(f.kind().takesDuration());
            if (f.durationMs() != null) {
                assertThat(f.durationMs()).isBetween(1000L, 3000L);
            }
            assertThat(f.rate()).isEqualTo(f.kind() == FaultKind.LINK_SLOW ? "2mbit" : null);
        }
        // exponential gaps with mean 5 s after each fault's end: the mean gap of 200 is within 20 % of it
        long gaps = 0;
        long previousEnd = 0;
        for (FaultSpec f : plan) {
            gaps += f.atMs() - previousEnd;
            previousEnd = f.atMs() + (f.durationMs() == null ? 0 : f.durationMs());
        }
        assertThat(gaps / 200.0).isBetween(4000.0, 6000.0);
        // every kind drawn, about a quarter each
        for (FaultKind k : SETTINGS.kinds()) {
            assertThat(plan.stream().filter(f -> f.kind() == k).count()).isBetween(30L, 70L);
        }
    }
}
