package io.easgd.backend.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultSummaryTest {
    private static Fault fault(long id, FaultKind kind, FaultState state, Long healMs, Long steps) {
        return new Fault(id, 1, null, kind, 0, "local-1", null, null, state, Instant.EPOCH, Instant.EPOCH, null, null,
                healMs, steps, 0L, 1L, null);
    }

    @Test
    void nearestRankPercentiles() {
        List<Long> ten = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(FaultSummary.percentile(ten, 50)).isEqualTo(5);
        assertThat(FaultSummary.percentile(ten, 95)).isEqualTo(10);
        assertThat(FaultSummary.percentile(List.of(42L), 95)).isEqualTo(42);
        assertThat(FaultSummary.percentile(List.of(), 50)).isNull();
    }

    @Test
    void byKindCountsHealsOnlyOfHealedFaultsAndSumsTheCosts() {
        List<FaultSummary.ByKind> s = FaultSummary.byKind(List.of(
                fault(1, FaultKind.AGENT_KILL, FaultState.HEALED, 3000L, 4L),
                fault(2, FaultKind.AGENT_KILL, FaultState.HEALED, 1000L, 2L),
                fault(3, FaultKind.AGENT_KILL, FaultState.NOT_HEALED, null, null),
                fault(4, FaultKind.LINK_CUT, FaultState.HEALED, 500L, 0L)));
        assertThat(s).containsExactly(
                new FaultSummary.ByKind(FaultKind.AGENT_KILL, 3, 2, 1000L, 3000L, 6, 0, 3),
                new FaultSummary.ByKind(FaultKind.LINK_CUT, 1, 1, 500L, 500L, 0, 0, 1));
    }
}
