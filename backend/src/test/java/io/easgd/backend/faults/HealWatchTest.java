package io.easgd.backend.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.backend.paramserver.LiveRanks;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealWatchTest {
    private static final Instant RUN = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant FAULT = RUN.plusSeconds(60);

    private static LiveRanks.Rank rank(int r, String agent, String state, long step, long applied, Instant exchanged,
                                       long resends, long dropped) {
        return new LiveRanks.Rank(r, agent, agent == null ? null : "local-" + (r + 1), state, step, applied, exchanged,
                10, resends, dropped);
    }

    private static LiveRanks.Job job(Instant run, LiveRanks.Rank... ranks) {
        return new LiveRanks.Job(1, true, run, 100, List.of(ranks));
    }

    @Test
    void healsWhenEveryRankExchangedAfterTheFaultWasOverAndCountsTheKilledRanksUnsentSteps() {
        LiveRanks.Job atFault = job(RUN, rank(0, "a", "TRAINING", 400, 396, FAULT.minusMillis(50), 2, 0),
                rank(1, "b", "TRAINING", 403, 400, FAULT.minusMillis(20), 1, 0));
        HealWatch w = new HealWatch(HealWatch.Before.of(atFault));
        // rank 1's agent killed: lost, then the same agent id back from step 403
        assertThat(w.look(job(RUN, rank(0, "a", "TRAINING", 404, 404, FAULT.plusMillis(30), 2, 0),
                rank(1, "b", "LOST", 403, 400, FAULT.minusMillis(20), 1, 0)), FAULT)).isNull();
        assertThat(w.look(job(RUN, rank(0, "a", "TRAINING", 420, 420, FAULT.plusSeconds(6), 3, 0),
                rank(1, "b", "ASSIGNED", 403, -1, null, 1, 1)), FAULT)).isNull();
        HealWatch.Cost c = w.look(job(RUN, rank(0, "a", "TRAINING", 424, 424, FAULT.plusSeconds(7), 3, 0),
                rank(1, "b", "TRAINING", 407, 407, FAULT.plusSeconds(7), 1, 1)), FAULT);
        // 403 - 400: the steps the killed agent computed and never sent; rank 0 lost nothing
        assertThat(c).isEqualTo(new HealWatch.Cost(3, 1, 1));
    }

    @Test
    void aNewRunCountsHowFarEachRankFellBackToTheCheckpointAndItsCountersFromZero() {
        LiveRanks.Job atFault = job(RUN, rank(0, "a", "TRAINING", 900, 896, FAULT.minusMillis(50), 5, 2),
                rank(1, "b", "TRAINING", 905, 904, FAULT.minusMillis(20), 7, 0));
        HealWatch w = new HealWatch(HealWatch.Before.of(atFault));
        Instant run2 = FAULT.plusSeconds(20);
        assertThat(w.look(null, FAULT)).isNull();                        // the backend is gone
        assertThat(w.look(new LiveRanks.Job(1, false, run2, 0, List.of(rank(0, "a", "ASSIGNED", 800, -1, null, 0, 0),
                rank(1, "b", "ASSIGNED", 800, -1, null, 0, 0))), FAULT)).isNull();
        HealWatch.Cost c = w.look(job(run2, rank(0, "a", "TRAINING", 804, 804, run2.plusSeconds(3), 1, 0),
                rank(1, "b", "TRAINING", 804, 804, run2.plusSeconds(3), 0, 0)), FAULT);
        assertThat(c).isEqualTo(new HealWatch.Cost(100 + 105, 0, 1));
    }

    /**
     * FaultSoakIT's graceful restart (2026-12-03): at the SIGTERM rank 0 had reported step 117 and had the upload
     * of step 120 applied, rank 1 (killed 2 s before, LOST) stood at its last applied upload, 124. The next run
     * resumed both from the shutdown checkpoint. Counted in job steps, as LiveRanks now gives them; before, the
     * new run's steps came from 0 and the same looks gave 117 + 124 = 241 steps lost.
     */
    @Test
    void aGracefulRestartLosesWhatEachRankHadReachedAboveTheCheckpointCountedInJobSteps() {
        LiveRanks.Job atFault = job(RUN, rank(0, "a", "TRAINING", 117, 120, FAULT.minusMillis(80), 0, 0),
                rank(1, "b", "LOST", 124, 124, FAULT.minusSeconds(2), 0, 0));
        Instant run2 = FAULT.plusSeconds(20);
        for (long checkpoint : new long[] {117, 120}) {       // the report's step (as before), the applied one (now)
            HealWatch w = new HealWatch(HealWatch.Before.of(atFault));
            assertThat(w.look(null, FAULT)).isNull();
            assertThat(w.look(new LiveRanks.Job(1, false, run2, 0, List.of(
                    rank(0, "a", "ASSIGNED", checkpoint, -1, null, 0, 0),
                    rank(1, "b", "ASSIGNED", checkpoint, -1, null, 0, 0))), FAULT)).isNull();
            HealWatch.Cost c = w.look(job(run2, rank(0, "a", "TRAINING", checkpoint + 4, checkpoint + 4,
                    run2.plusSeconds(2), 0, 0), rank(1, "b", "TRAINING", checkpoint + 4, checkpoint + 4,
                    run2.plusSeconds(2), 0, 0)), FAULT);
            long lost = checkpoint == 117 ? (120 - 117) + (124 - 117) : 0 + (124 - 120);
            assertThat(c).as("resumed at %d", checkpoint).isEqualTo(new HealWatch.Cost(lost, 0, 0));
        }
    }

    @Test
    void aReportLaggingTheAppliedUploadIsNotAFallBack() {
        // progress goes about once a second, uploads every tau steps: the report may sit below the applied step
        LiveRanks.Job atFault = job(RUN, rank(0, "a", "TRAINING", 3, 4, FAULT.minusMillis(10), 0, 0));
        HealWatch w = new HealWatch(HealWatch.Before.of(atFault));
        assertThat(w.look(job(RUN, rank(0, "a", "TRAINING", 3, 8, FAULT.plusMillis(10), 0, 0)), FAULT))
                .isEqualTo(new HealWatch.Cost(0, 0, 0));
    }

    @Test
    void notHealedWhileARankHasNotExchangedSinceTheFaultWasOver() {
        LiveRanks.Job atFault = job(RUN, rank(0, "a", "TRAINING", 10, 8, FAULT, 0, 0));
        HealWatch w = new HealWatch(HealWatch.Before.of(atFault));
        Instant over = FAULT.plusSeconds(3);                              // a pause of 3 s
        assertThat(w.look(job(RUN, rank(0, "a", "TRAINING", 10, 8, FAULT.plusSeconds(2), 0, 0)), over)).isNull();
        assertThat(w.look(job(RUN, rank(0, "a", "TRAINING", 12, 12, over.plusMillis(1), 0, 0)), over))
                .isEqualTo(new HealWatch.Cost(0, 0, 0));
    }
}
