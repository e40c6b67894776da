package io.easgd.core.rules;

import static io.easgd.core.rules.RuleFixtures.center;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The round deadline of the synchronous masters ({@link RoundMaster#closeRoundIfOlderThan},
 * docs/algorithms.md "Round deadline"), hand-computed: a round closed without a rank averages over
 * the ranks that came, and the late rank's upload is an arrival of the next round, applied once.
 */
class RoundDeadlineTest {
    private static final long DEADLINE = 5_000_000L;           // 5 ms
    private final AtomicLong now = new AtomicLong(1_000L);

    @Test
    void syncEasgdRoundClosedWithTwoOfThreeMovesTheCenterByTheirMovesOnly() {
        // p = 3, α = 0.25, x̃ = (0, 0); ranks 0 and 2 come, rank 1 does not
        SyncEasgd.Master master = new SyncEasgd.Master(0.25f, 3);
        master.clock(now::get);
        master.init(new float[] {0f, 0f});
        RecordingReply r0 = new RecordingReply();
        RecordingReply r2 = new RecordingReply();
        float[] d0 = new float[2];
        float[] d2 = new float[2];
        master.submit(0, new float[] {4f, 0f}, d0, r0);         // opens round 0 at t = 1000
        now.addAndGet(3_000_000L);
        master.submit(2, new float[] {4f, 4f}, d2, r2);

        now.set(1_000L + DEADLINE);                              // exactly the deadline: not yet
        assertThat(master.closeRoundIfOlderThan(DEADLINE)).isEmpty();
        assertThat(r0.answered() || r2.answered()).isFalse();

        now.set(1_000L + DEADLINE + 1);
        Optional<RoundMaster.ClosedRound> closed = master.closeRoundIfOlderThan(DEADLINE);

        assertThat(closed).isPresent();
        assertThat(closed.get().round()).isZero();
        assertThat(closed.get().arrived()).containsExactly(0, 2);
        assertThat(closed.get().missing()).containsExactly(1);
        assertThat(d0).containsExactly(1f, 0f);                  // e_0 = α(x_0 − x̃) = 0.25·(4, 0)
        assertThat(d2).containsExactly(1f, 1f);                  // e_2 = 0.25·(4, 4)
        assertThat(r0.distance).isEqualTo(4.0);
        assertThat(r2.distance).isEqualTo(Math.sqrt(32));
        assertThat(r0.thread).isSameAs(Thread.currentThread());  // answered on the timer's thread
        assertThat(center(master)).containsExactly(2f, 1f);      // x̃ + e_0 + e_2 = x̃ + p'α(mean x − x̃), p' = 2
        assertThat(master.rounds()).isEqualTo(1);
        assertThat(master.updates()).isEqualTo(2);
        assertThat(master.arrivals(0)).isEqualTo(1);
        assertThat(master.arrivals(1)).isZero();
        assertThat(master.arrivals(2)).isEqualTo(1);
        assertThat(master.snapshot().counters()).containsExactly(Map.entry("rounds", 1L),
                Map.entry("arrivals.0", 1L), Map.entry("arrivals.1", 0L), Map.entry("arrivals.2", 1L));
        assertThat(master.closeRoundIfOlderThan(DEADLINE)).isEmpty();   // nothing waits now

        // round 1: rank 1's late upload is its arrival; with ranks 0 and 2 the round is complete
        RecordingReply r1 = new RecordingReply();
        float[] d1 = new float[2];
        master.submit(1, new float[] {0f, 8f}, d1, r1);
        assertThat(r1.answered()).isFalse();
        master.submit(0, new float[] {2f, 1f}, d0, new RecordingReply());
        master.submit(2, new float[] {6f, 1f}, d2, new RecordingReply());
        assertThat(r1.calls.get()).isEqualTo(1);
        assertThat(d1).containsExactly(-0.5f, 1.75f);            // 0.25·((0, 8) − (2, 1)): against today's x̃
        assertThat(d0).containsExactly(0f, 0f);
        assertThat(d2).containsExactly(1f, 0f);
        assertThat(center(master)).containsExactly(2.5f, 2.75f); // (2, 1) + (0, 0) + (1, 0) + (−0.5, 1.75)
        assertThat(master.rounds()).isEqualTo(2);
        assertThat(master.updates()).isEqualTo(5);               // = Σ arrivals: each upload once
        assertThat(master.arrivals(0)).isEqualTo(2);
        assertThat(master.arrivals(1)).isEqualTo(1);
        assertThat(master.arrivals(2)).isEqualTo(2);
    }

    @Test
    void dilocoRoundClosedWithTwoOfThreeTakesTheMeanOfTheTwo() {
        // p = 3, lr = 0.5, μ = 0.5, x̃ = 1; Δ_0 = 1, Δ_2 = 3, rank 1 late
        Diloco.Master master = new Diloco.Master(0.5f, 0.5f, 3);
        master.clock(now::get);
        master.init(new float[] {1f});
        float[] d0 = new float[1];
        float[] d2 = new float[1];
        RecordingReply r0 = new RecordingReply();
        RecordingReply r2 = new RecordingReply();
        master.submit(2, new float[] {3f}, d2, r2);
        master.submit(0, new float[] {1f}, d0, r0);
        now.addAndGet(DEADLINE + 1);

        RoundMaster.ClosedRound closed = master.closeRoundIfOlderThan(DEADLINE).orElseThrow();

        assertThat(closed.arrived()).containsExactly(0, 2);
        assertThat(closed.missing()).containsExactly(1);
        // Δ = (1 + 3)/2 = 2 (not /3); v = 0.5·0 + 2 = 2; x̃ = 1 − 0.5·(2 + 0.5·2) = −0.5
        assertThat(master.momentum()).containsExactly(2f);
        assertThat(center(master)).containsExactly(-0.5f);
        assertThat(d0).containsExactly(-0.5f);
        assertThat(d2).containsExactly(-0.5f);
        assertThat(r0.distance).isEqualTo(1.0);
        assertThat(r2.distance).isEqualTo(3.0);
        assertThat(master.updates()).isEqualTo(2);

        // the late Δ_1 = 6 arrives in round 1 with Δ_0 = Δ_2 = 0: Δ = 2, v = 0.5·2 + 2 = 3, x̃ = −0.5 − 0.5·(2 + 1.5)
        float[] d1 = new float[1];
        master.submit(1, new float[] {6f}, d1, new RecordingReply());
        master.submit(0, new float[] {0f}, d0, new RecordingReply());
        master.submit(2, new float[] {0f}, d2, new RecordingReply());
        assertThat(master.momentum()).containsExactly(3f);
        assertThat(center(master)).containsExactly(-2.25f);
        assertThat(d1).containsExactly(-2.25f);
        assertThat(master.rounds()).isEqualTo(2);
        assertThat(master.updates()).isEqualTo(5);
        assertThat(master.arrivals(1)).isEqualTo(1);
    }

    @Test
    void aRoundIsNotClosedWhenNothingWaitsTooYoungOrTheMasterIsClosed() {
        SyncEasgd.Master master = new SyncEasgd.Master(0.25f, 2);
        master.clock(now::get);
        master.init(new float[] {0f});
        now.addAndGet(DEADLINE * 10);
        assertThat(master.closeRoundIfOlderThan(DEADLINE)).isEmpty();   // no upload: no round to close
        master.submit(0, new float[] {4f}, new float[1], new RecordingReply());
        now.addAndGet(DEADLINE);
        assertThat(master.closeRoundIfOlderThan(DEADLINE)).isEmpty();   // dated at its first upload
        master.submit(1, new float[] {4f}, new float[1], new RecordingReply());   // complete: done on arrival
        now.addAndGet(DEADLINE * 10);
        assertThat(master.closeRoundIfOlderThan(DEADLINE)).isEmpty();
        assertThat(master.rounds()).isEqualTo(1);

        RecordingReply pending = new RecordingReply();
        master.submit(1, new float[] {1f}, new float[1], pending);
        master.close();
        now.addAndGet(DEADLINE * 10);
        assertThat(master.closeRoundIfOlderThan(DEADLINE)).isEmpty();
        assertThat(pending.error).hasMessageContaining("the job ended");
        assertThatThrownBy(() -> master.closeRoundIfOlderThan(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deadlineNanos must be >= 0, found -1");
    }

    @Test
    void aStateWithARankBehindRestoresAndAnswersLikeTheMasterThatWentOn() {
        SyncEasgd.Master master = new SyncEasgd.Master(0.25f, 2);
        master.clock(now::get);
        master.init(new float[] {0f});
        master.submit(0, new float[] {4f}, new float[1], new RecordingReply());
        now.addAndGet(DEADLINE + 1);
        master.closeRoundIfOlderThan(DEADLINE).orElseThrow();      // round 0 without rank 1
        MasterRule.State s = master.snapshot();
        assertThat(s.counters()).containsExactly(Map.entry("rounds", 1L), Map.entry("arrivals.0", 1L),
                Map.entry("arrivals.1", 0L));
        assertThat(s.updates()).isEqualTo(1);

        SyncEasgd.Master resumed = new SyncEasgd.Master(0.25f, 2);
        resumed.restore(s);
        assertThat(resumed.arrivals(1)).isZero();
        float[] a = new float[1];
        float[] b = new float[1];
        master.submit(1, new float[] {3f}, a, new RecordingReply());
        master.submit(0, new float[] {2f}, new float[1], new RecordingReply());
        resumed.submit(1, new float[] {3f}, b, new RecordingReply());
        resumed.submit(0, new float[] {2f}, new float[1], new RecordingReply());
        assertThat(b).containsExactly(a);                          // 0.25·(3 − 1) = 0.5
        assertThat(a).containsExactly(0.5f);
        assertThat(center(resumed)).containsExactly(center(master));
        assertThat(resumed.snapshot().counters()).isEqualTo(master.snapshot().counters());
    }
}
