package io.easgd.core.rules;

import static io.easgd.core.rules.RuleFixtures.center;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The synchronous master without waiting threads: submit, the last arrival's thread, duplicates, close. */
class SyncEasgdBarrierTest {

    @Test
    void theLastArrivalCompletesTheRoundAndAnswersEveryWorkerOnItsOwnThread() throws Exception {
        // p = 3, α = 0.25; x̃ = (0, 0); x_0 = (4, 0), x_1 = (0, 8), x_2 = (4, 4)
        SyncEasgd.Master master = new SyncEasgd.Master(0.25f, 3);
        master.init(new float[] {0f, 0f});
        RecordingReply[] replies = {new RecordingReply(), new RecordingReply(), new RecordingReply()};
        float[][] downs = new float[3][2];
        master.submit(0, new float[] {4f, 0f}, downs[0], replies[0]);
        master.submit(1, new float[] {0f, 8f}, downs[1], replies[1]);
        assertThat(replies[0].answered() || replies[1].answered()).isFalse();      // nobody blocked, nobody answered
        assertThat(master.rounds()).isZero();
        assertThat(master.updates()).isZero();
        assertThat(master.arrivals(0)).isEqualTo(1);
        assertThat(master.arrivals(2)).isZero();
        assertThat(center(master)).containsExactly(0f, 0f);

        Thread[] last = new Thread[1];
        Thread t = new Thread(() -> master.submit(2, new float[] {4f, 4f}, downs[2], replies[2]), "last-arrival");
        last[0] = t;
        t.start();
        t.join(10_000);

        for (RecordingReply r : replies) {
            assertThat(r.calls.get()).isEqualTo(1);
            assertThat(r.thread).isSameAs(last[0]);
            assertThat(r.error).isNull();
        }
        assertThat(downs[0]).containsExactly(1f, 0f);                 // e_i = α(x_i − x̃_old), each its own
        assertThat(downs[1]).containsExactly(0f, 2f);
        assertThat(downs[2]).containsExactly(1f, 1f);
        assertThat(replies[0].distance).isEqualTo(4.0);
        assertThat(replies[1].distance).isEqualTo(8.0);
        assertThat(replies[2].distance).isEqualTo(Math.sqrt(32));
        assertThat(center(master)).containsExactly(2f, 3f);           // x̃ + Σ e_i
        assertThat(master.rounds()).isEqualTo(1);
        assertThat(master.updates()).isEqualTo(3);
        assertThat(master.arrivals(0)).isEqualTo(1);
        assertThat(master.arrivals(2)).isEqualTo(1);
    }

    @Test
    void aSecondArrivalOfTheSameRankIsRefusedAndTheRoundCompletesWithTheRightRows() {
        SyncEasgd.Master master = new SyncEasgd.Master(0.25f, 2);
        master.init(new float[] {0f});
        float[] d0 = new float[1];
        float[] d1 = new float[1];
        RecordingReply r0 = new RecordingReply();
        RecordingReply dup = new RecordingReply();
        master.submit(0, new float[] {4f}, d0, r0);
        float[] dupDown = {-7f};
        assertThatThrownBy(() -> master.submit(0, new float[] {100f}, dupDown, dup))
                .isInstanceOf(DuplicateArrivalException.class).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("worker 0").hasMessageContaining("round 0");
        assertThat(dup.answered()).isFalse();
        assertThat(master.rounds()).isZero();                         // the duplicate did not complete the round
        assertThat(master.updates()).isZero();
        assertThat(master.arrivals(0)).isEqualTo(1);
        assertThat(center(master)).containsExactly(0f);

        RecordingReply r1 = new RecordingReply();
        master.submit(1, new float[] {8f}, d1, r1);
        assertThat(d0).containsExactly(1f);                           // α·4: the first upload, not the duplicate
        assertThat(d1).containsExactly(2f);                           // α·8: rank 1's own row, not a zero row
        assertThat(dupDown).containsExactly(-7f);                     // the refused call's buffer is untouched
        assertThat(center(master)).containsExactly(3f);
        assertThat(master.rounds()).isEqualTo(1);
        assertThat(master.updates()).isEqualTo(2);

        // round 1: a duplicate again, then rank 1 with a new value: its new row is used, not round 0's
        master.submit(0, new float[] {3f}, d0, new RecordingReply());
        assertThatThrownBy(() -> master.submit(0, new float[] {3f}, d0, new RecordingReply()))
                .isInstanceOf(DuplicateArrivalException.class).hasMessageContaining("round 1");
        master.submit(1, new float[] {-1f}, d1, new RecordingReply());
        assertThat(d0).containsExactly(0f);                           // α(3 − 3)
        assertThat(d1).containsExactly(-1f);                          // α(−1 − 3), from this round's upload
        assertThat(center(master)).containsExactly(2f);
        assertThat(master.rounds()).isEqualTo(2);
        assertThat(master.arrivals(0)).isEqualTo(2);
        assertThat(master.arrivals(1)).isEqualTo(2);
    }

    @Test
    void closeFailsEveryPendingReplyAndLaterSubmitsThrow() {
        SyncEasgd.Master master = new SyncEasgd.Master(0.25f, 3);
        master.init(new float[] {0f});
        master.submit(0, new float[] {1f}, new float[1], new RecordingReply());
        master.submit(1, new float[] {1f}, new float[1], new RecordingReply());
        master.submit(2, new float[] {1f}, new float[1], new RecordingReply());    // round 0 done
        RecordingReply a = new RecordingReply();
        RecordingReply b = new RecordingReply();
        master.submit(2, new float[] {5f}, new float[1], a);
        master.submit(0, new float[] {5f}, new float[1], b);
        float[] before = center(master);

        master.close();

        assertThat(a.calls.get()).isEqualTo(1);
        assertThat(a.thread).isSameAs(Thread.currentThread());
        assertThat(a.error).isInstanceOf(IllegalStateException.class)
                .hasMessage("the job ended while worker 2 waited at the barrier of round 1");
        assertThat(b.error).hasMessage("the job ended while worker 0 waited at the barrier of round 1");
        assertThat(center(master)).containsExactly(before);
        assertThat(master.rounds()).isEqualTo(1);
        assertThat(master.arrivals(2)).isEqualTo(1);                            // the failed upload was never applied
        RecordingReply late = new RecordingReply();
        assertThatThrownBy(() -> master.submit(1, new float[] {5f}, new float[1], late))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the job ended");
        assertThat(late.answered()).isFalse();
        master.close();                                                        // twice: nothing more to fail
        assertThat(a.calls.get()).isEqualTo(1);
    }

    @Test
    void aBlockingExchangeIsReleasedByCloseWithTheBarrierMessage() throws Exception {
        SyncEasgd.Master master = new SyncEasgd.Master(0.25f, 2);
        master.init(new float[] {0f});
        CompletableFuture<Double> waiting = CompletableFuture.supplyAsync(
                () -> master.exchange(1, new float[] {4f}, new float[1]));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> master.arrivals(1) == 1);
        master.close();
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("the job ended while worker 1 waited at the barrier of round 0");
    }

    @Test
    void aNonFiniteOrOutOfRangeUploadDoesNotCountAsAnArrival() {
        SyncEasgd.Master master = new SyncEasgd.Master(0.25f, 2);
        master.init(new float[] {0f});
        assertThatThrownBy(() -> master.submit(0, new float[] {Float.NaN}, new float[1], new RecordingReply()))
                .isInstanceOf(NonFiniteUploadException.class);
        assertThatThrownBy(() -> master.submit(2, new float[] {1f}, new float[1], new RecordingReply()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("worker must be in [0, 2), found 2");
        assertThat(master.arrivals(0)).isZero();
        RecordingReply r = new RecordingReply();
        master.submit(0, new float[] {4f}, new float[1], r);                   // not a duplicate
        master.submit(1, new float[] {4f}, new float[1], new RecordingReply());
        assertThat(r.distance).isEqualTo(4.0);
    }

    @Test
    void aSnapshotInTheMiddleOfARoundHoldsTheLastCompletedRound() {
        SyncEasgd.Master master = new SyncEasgd.Master(0.25f, 2);
        master.init(new float[] {0f});
        master.submit(0, new float[] {4f}, new float[1], new RecordingReply());
        master.submit(1, new float[] {8f}, new float[1], new RecordingReply());
        MasterRule.State boundary = master.snapshot();
        master.submit(1, new float[] {2f}, new float[1], new RecordingReply());    // waits in round 1
        MasterRule.State midRound = master.snapshot();

        assertThat(midRound.counters()).containsExactly(Map.entry("rounds", 1L), Map.entry("arrivals.0", 1L),
                Map.entry("arrivals.1", 1L));
        assertThat(midRound.counters()).isEqualTo(boundary.counters());
        assertThat(midRound.updates()).isEqualTo(2);
        assertThat(midRound.center()).containsExactly(boundary.center());
        assertThat(master.arrivals(1)).isEqualTo(2);                           // live: the pending one counts

        // a restored master is waiting for both uploads of round 1
        SyncEasgd.Master resumed = new SyncEasgd.Master(0.25f, 2);
        resumed.restore(midRound);
        assertThat(resumed.rounds()).isEqualTo(1);
        assertThat(resumed.arrivals(1)).isEqualTo(1);
        float[] da = new float[1];
        float[] db = new float[1];
        master.submit(0, new float[] {6f}, da, new RecordingReply());
        resumed.submit(1, new float[] {2f}, new float[1], new RecordingReply());
        resumed.submit(0, new float[] {6f}, db, new RecordingReply());
        assertThat(Float.floatToIntBits(db[0])).isEqualTo(Float.floatToIntBits(da[0]));
        assertThat(center(resumed)).containsExactly(center(master));
        assertThat(resumed.snapshot().counters()).isEqualTo(master.snapshot().counters());
    }

    @Test
    void initAndRestoreAreRefusedWhileUploadsWait() {
        SyncEasgd.Master master = new SyncEasgd.Master(0.25f, 2);
        master.init(new float[] {0f});
        MasterRule.State s = master.snapshot();
        master.submit(0, new float[] {4f}, new float[1], new RecordingReply());
        assertThatThrownBy(() -> master.restore(s)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 of 2 workers wait at the barrier of round 0");
        assertThatThrownBy(() -> master.init(new float[] {0f})).isInstanceOf(IllegalStateException.class);
        assertThat(master.arrivals(0)).isEqualTo(1);
    }

    @Test
    void restoreRefusesAStateOfAnotherWorkerCountOrWithPartialRounds() {
        SyncEasgd.Master two = new SyncEasgd.Master(0.25f, 2);
        two.init(new float[] {0f});
        MasterRule.State s = two.snapshot();
        SyncEasgd.Master three = new SyncEasgd.Master(0.25f, 3);
        assertThatThrownBy(() -> three.restore(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no counter 'arrivals.2'");
        Map<String, Long> counters = new LinkedHashMap<>(s.counters());
        counters.put("arrivals.1", 4L);
        assertThatThrownBy(() -> two.restore(new MasterRule.State(s.rule(), 0, s.vectors(), counters)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counter 'arrivals.1' is 4, more than 'rounds' (0): a rank takes part in a round "
                        + "at most once");
    }
}
