package io.easgd.agent.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.easgd.agent.training.TrainingSession.Outcome.Result;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.rules.Diloco;
import io.easgd.core.rules.Downpour;
import io.easgd.core.rules.Easgd;
import io.easgd.core.rules.Gradient;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.rules.Msgd;
import io.easgd.core.rules.WorkerRule;
import io.easgd.core.spec.Algorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

class TrainingSessionTest {
    private static final float[] CENTER0 = {1f, -2f, 0.5f};

    /** f(x) = ½‖x − x*‖², g = x − x*; each call advances the fake clock and may run a hook. */
    private static final class Quadratic implements Gradient {
        final float[] optimum = {3f, 1f, -1f};
        final long[] clock;
        final long nanosPerStep;
        int calls;
        IntConsumer hook = i -> { };
        Double lossOverride;
        int overrideAt = -1;

        Quadratic(long[] clock, long nanosPerStep) {
            this.clock = clock;
            this.nanosPerStep = nanosPerStep;
        }

        @Override
        public double compute(float[] at, float[] out) {
            calls++;
            clock[0] += nanosPerStep;
            hook.accept(calls);
            double loss = 0;
            for (int k = 0; k < at.length; k++) {
                out[k] = at[k] - optimum[k];
                loss += 0.5 * out[k] * out[k];
            }
            return calls == overrideAt ? lossOverride : loss;
        }
    }

    /** The agent's uplink, in memory: the master rule itself, recording what crossed. */
    private static class MasterUplink implements TrainingSession.Uplink {
        final MasterRule master;
        final List<long[]> exchanges = new ArrayList<>();          // {sequence, step}
        final List<float[]> uploads = new ArrayList<>();
        final List<ToServer.Progress> progress = new ArrayList<>();
        int refuseReports;

        MasterUplink(MasterRule master) {
            this.master = master;
        }

        @Override
        public void exchange(long sequence, long step, float[] up, float[] down) {
            exchanges.add(new long[] {sequence, step});
            uploads.add(up.clone());
            master.exchange(0, up, down);
        }

        @Override
        public boolean report(ToServer.Progress p) {
            if (refuseReports > 0) {
                refuseReports--;
                return false;
            }
            progress.add(p);
            return true;
        }

        List<ToServer.Point> points() {
            return progress.stream().flatMap(p -> p.points().stream()).toList();
        }
    }

    private static MasterUplink easgdUplink() {
        Easgd.Master master = new Easgd.Master(0.3f);
        master.init(CENTER0);
        return new MasterUplink(master);
    }

    private static TrainingSession session(Algorithm algorithm, WorkerRule rule, Gradient g, MasterUplink uplink,
                                           long startStep, Long maxSteps, long[] clock) {
        rule.init(CENTER0);
        return new TrainingSession(12, 0, algorithm, rule, g, uplink, startStep, maxSteps, () -> clock[0]);
    }

    @Test
    void drivesTheRuleExactlyAsTheInProcessRunnerDoesAndNumbersEveryExchange() {
        long[] clock = {0};
        MasterUplink uplink = easgdUplink();
        Easgd.Worker rule = new Easgd.Worker(0.1f, 4);
        TrainingSession s = session(Algorithm.EASGD, rule, new Quadratic(clock, 300_000_000L), uplink, 0, 25L, clock);

        TrainingSession.Outcome outcome = s.run();

        assertThat(outcome.result()).isEqualTo(Result.FINISHED);
        assertThat(outcome.steps()).isEqualTo(25);
        // exchanges at t = 0, 4, …, 24, numbered 1…7, each carrying the step it was made at
        assertThat(uplink.exchanges).extracting(e -> e[0]).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(uplink.exchanges).extracting(e -> e[1]).containsExactly(0L, 4L, 8L, 12L, 16L, 20L, 24L);
        assertThat(s.sequence()).isEqualTo(7);
        assertThat(s.step()).isEqualTo(25);

        // the same rule against the same master rule, called directly, ends bit for bit in the same place
        Easgd.Master reference = new Easgd.Master(0.3f);
        reference.init(CENTER0);
        Easgd.Worker direct = new Easgd.Worker(0.1f, 4);
        direct.init(CENTER0);
        Quadratic g = new Quadratic(new long[1], 0);
        for (int i = 0; i < 25; i++) {
            direct.step(g, (up, down) -> reference.exchange(0, up, down));
        }
        assertThat(rule.params()).containsExactly(direct.params());
        float[] c1 = new float[3];
        float[] c2 = new float[3];
        uplink.master.copyCenter(c1);
        reference.copyCenter(c2);
        assertThat(c1).containsExactly(c2);
    }

    @Test
    void batchesOnePointPerStepIntoAboutOneMessageASecond() {
        long[] clock = {0};
        MasterUplink uplink = easgdUplink();
        TrainingSession s = session(Algorithm.EASGD, new Easgd.Worker(0.1f, 4), new Quadratic(clock, 300_000_000L),
                uplink, 0, 25L, clock);
        s.run();

        List<ToServer.Point> points = uplink.points();
        assertThat(points).extracting(ToServer.Point::step)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList());
        // 0.3 s a step: a message every 4 steps (1.2 s ≥ 1 s), the rest at the end
        assertThat(uplink.progress).extracting(p -> p.points().size()).containsExactly(4, 4, 4, 4, 4, 4, 1);
        assertThat(uplink.progress).allSatisfy(p -> {
            assertThat(p.jobId()).isEqualTo(12);
            assertThat(p.rank()).isZero();
        });
        // the latency is there exactly for the steps that exchanged (t = 0, 4, … → points 1, 5, …)
        for (ToServer.Point p : points) {
            assertThat(p.latencyMs() != null).as("latency at step %d", p.step()).isEqualTo((p.step() - 1) % 4 == 0);
            assertThat(p.loss()).isPositive();
        }
    }

    @Test
    void aFastWorkerSendsAtMostFiveHundredPointsPerMessage() {
        long[] clock = {0};
        MasterUplink uplink = easgdUplink();
        TrainingSession s = session(Algorithm.EASGD, new Easgd.Worker(0.01f, 10), new Quadratic(clock, 0), uplink, 0,
                1234L, clock);
        s.run();
        assertThat(uplink.progress).extracting(p -> p.points().size()).containsExactly(500, 500, 234);
        assertThat(uplink.points()).hasSize(1234);
    }

    @Test
    void pointsWaitWhileTheConnectionIsDownAndNoneIsLost() {
        long[] clock = {0};
        MasterUplink uplink = easgdUplink();
        uplink.refuseReports = 3;
        TrainingSession s = session(Algorithm.EASGD, new Easgd.Worker(0.1f, 4), new Quadratic(clock, 600_000_000L),
                uplink, 0, 20L, clock);
        s.run();
        assertThat(uplink.points()).extracting(ToServer.Point::step)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
        assertThat(uplink.progress.get(0).points().get(0).step()).isEqualTo(1);
        assertThat(uplink.progress.get(0).points()).hasSizeGreaterThan(2);
    }

    @Test
    void aNonFiniteLossFailsTheWorkerWithAClearMessageAfterReportingTheStepsBefore() {
        long[] clock = {0};
        MasterUplink uplink = easgdUplink();
        Quadratic g = new Quadratic(clock, 0);
        g.overrideAt = 7;
        g.lossOverride = Double.NaN;
        TrainingSession s = session(Algorithm.EASGD, new Easgd.Worker(0.1f, 4), g, uplink, 0, 100L, clock);

        TrainingSession.Outcome outcome = s.run();

        assertThat(outcome.result()).isEqualTo(Result.FAILED);
        assertThat(outcome.message()).isEqualTo("worker 0 has a non-finite training loss (NaN) at step 7");
        assertThat(uplink.points()).extracting(ToServer.Point::step).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void leavingFinishesTheStepThenMakesOneFinalExchangeOfXi() {
        long[] clock = {0};
        MasterUplink uplink = easgdUplink();
        Easgd.Worker rule = new Easgd.Worker(0.1f, 4);
        Quadratic g = new Quadratic(clock, 0);
        TrainingSession[] s = new TrainingSession[1];
        g.hook = call -> {
            if (call == 10) {
                s[0].requestLeave();                   // SIGTERM during step 10
            }
        };
        s[0] = session(Algorithm.EASGD, rule, g, uplink, 0, 100L, clock);

        TrainingSession.Outcome outcome = s[0].run();

        assertThat(outcome.result()).isEqualTo(Result.LEFT);
        assertThat(outcome.steps()).isEqualTo(10);                                   // step 10 was finished
        assertThat(uplink.exchanges).extracting(e -> e[0]).containsExactly(1L, 2L, 3L, 4L);   // t=0,4,8 + final
        assertThat(uplink.exchanges.get(3)[1]).isEqualTo(10);
        assertThat(uplink.uploads.get(3)).containsExactly(rule.params());              // x_i after step 10
        assertThat(uplink.master.updates()).isEqualTo(4);
        assertThat(uplink.points()).hasSize(10);
    }

    @Test
    void aLeavingDownpourWorkerPushesItsAccumulatedUpdates() {
        long[] clock = {0};
        Downpour.Master master = new Downpour.Master();
        master.init(CENTER0);
        MasterUplink uplink = new MasterUplink(master);
        Downpour.Worker rule = new Downpour.Worker(0.1f, 4);
        Quadratic g = new Quadratic(clock, 0);
        TrainingSession[] s = new TrainingSession[1];
        g.hook = call -> {
            if (call == 6) {
                s[0].requestLeave();
            }
        };
        s[0] = session(Algorithm.DOWNPOUR, rule, g, uplink, 0, 100L, clock);
        TrainingSession.Outcome outcome = s[0].run();

        assertThat(outcome.result()).isEqualTo(Result.LEFT);
        assertThat(uplink.exchanges).hasSize(3);                                     // t=0, 4, final
        float[] last = uplink.uploads.get(2);
        assertThat(last).isNotEqualTo(new float[3]);                                 // v_i of steps 5 and 6
        float[] center = new float[3];
        master.copyCenter(center);
        assertThat(center).containsExactly(rule.params(), within(1e-6f));           // x̃ got every update
    }

    @Test
    void aSynchronousRuleLeavesWithoutAFinalExchange() {
        long[] clock = {0};
        MasterUplink uplink = easgdUplink();
        Quadratic g = new Quadratic(clock, 0);
        TrainingSession[] s = new TrainingSession[1];
        g.hook = call -> {
            if (call == 3) {
                s[0].requestLeave();
            }
        };
        s[0] = session(Algorithm.SYNC_EASGD, new Easgd.Worker(0.1f, 4), g, uplink, 0, 100L, clock);
        assertThat(s[0].run().result()).isEqualTo(Result.LEFT);
        assertThat(uplink.exchanges).hasSize(1);                                     // only t = 0
    }

    @Test
    void dilocoLeavesWithoutAFinalExchangeAndNeverExchangesBeforeItsHthStep() {
        long[] clock = {0};
        MasterUplink uplink = easgdUplink();
        Quadratic g = new Quadratic(clock, 0);
        TrainingSession[] s = new TrainingSession[1];
        g.hook = call -> {
            if (call == 3) {
                s[0].requestLeave();
            }
        };
        s[0] = session(Algorithm.DILOCO, new Diloco.Worker(
                new Msgd.Worker(0.1f, 0.9f), 4), g, uplink, 0, 100L, clock);
        assertThat(s[0].run().result()).isEqualTo(Result.LEFT);
        assertThat(uplink.exchanges).isEmpty();                                      // its first round ends at t = 4
    }

    @Test
    void admmLeavesWithoutAFinalExchangeAndItsMasterKeepsTheLastUpload() {
        long[] clock = {0};
        io.easgd.core.rules.Admm.Master master = new io.easgd.core.rules.Admm.Master(0.1f, 1f, 2);
        master.init(CENTER0);
        MasterUplink uplink = new MasterUplink(master);
        Quadratic g = new Quadratic(clock, 0);
        TrainingSession[] s = new TrainingSession[1];
        g.hook = call -> {
            if (call == 6) {
                s[0].requestLeave();                   // during step t = 5: its last exchange was at t = 4
            }
        };
        s[0] = session(Algorithm.ADMM, new io.easgd.core.rules.Admm.Worker(0.1f, 1f, 4), g, uplink, 0, 100L, clock);
        assertThat(s[0].run().result()).isEqualTo(Result.LEFT);
        assertThat(uplink.exchanges).hasSize(2);                                     // t = 0 and t = 4 only
        assertThat(master.updates()).isEqualTo(2);
    }

    @Test
    void aStopWhileWaitingOnTheNetworkEndsTheSession() {
        long[] clock = {0};
        Easgd.Master master = new Easgd.Master(0.3f);
        master.init(CENTER0);
        MasterUplink uplink = new MasterUplink(master) {
            @Override
            public void exchange(long sequence, long step, float[] up, float[] down) {
                if (sequence == 3) {
                    throw new Stopped("COMPLETED: reached the target test error 0.05");
                }
                super.exchange(sequence, step, up, down);
            }
        };
        TrainingSession.Outcome outcome = session(Algorithm.EASGD, new Easgd.Worker(0.1f, 2), new Quadratic(clock, 0),
                uplink, 0, 100L, clock).run();
        assertThat(outcome.result()).isEqualTo(Result.STOPPED);
        assertThat(outcome.message()).contains("COMPLETED");
        assertThat(outcome.steps()).isEqualTo(4);
        assertThat(outcome.sequence()).isEqualTo(3);
    }

    @Test
    void aWorkerJoiningAtAStartStepCountsFromThereToMaxSteps() {
        long[] clock = {0};
        MasterUplink uplink = easgdUplink();
        TrainingSession s = session(Algorithm.EASGD, new Easgd.Worker(0.1f, 4), new Quadratic(clock, 0), uplink, 100,
                110L, clock);
        TrainingSession.Outcome outcome = s.run();
        assertThat(outcome.steps()).isEqualTo(110);
        assertThat(uplink.points()).extracting(ToServer.Point::step).startsWith(101L).endsWith(110L).hasSize(10);
        assertThat(uplink.exchanges).extracting(e -> e[1]).containsExactly(100L, 104L, 108L);
    }

    @Test
    void autoTauANewPeriodTakesEffectAtTheNextStepBoundaryNotDuringAStep() {
        long[] clock = {0};
        Easgd.Master master = new Easgd.Master(0.3f);
        master.init(CENTER0);
        MasterUplink uplink = new MasterUplink(master) {
            @Override
            public void exchange(long sequence, long step, float[] up, float[] down) {
                clock[0] += 50_000_000L;                            // 50 ms on the wire
                super.exchange(sequence, step, up, down);
            }
        };
        Easgd.Worker rule = new Easgd.Worker(0.1f, 4);
        Quadratic g = new Quadratic(clock, 300_000_000L);          // 300 ms of compute a step
        TrainingSession s = new TrainingSession(12, 0, Algorithm.EASGD, rule, g, uplink, 0, 25L, () -> clock[0], true);
        rule.init(CENTER0);
        // the server's setTau arrives while step t = 3 computes its gradient, before EASGD asks "exchange due?"
        g.hook = call -> {
            if (call == 4) {
                s.requestTau(3);
            }
        };

        assertThat(s.run().result()).isEqualTo(Result.FINISHED);

        // step 3 still ran at τ = 4 (no exchange); from step 4 on τ = 3 counts from the last exchange (t = 0):
        // 4, 7, 10, …; applied mid-step it would have exchanged at t = 3
        assertThat(uplink.exchanges).extracting(e -> e[1]).containsExactly(0L, 4L, 7L, 10L, 13L, 16L, 19L, 22L);
        assertThat(s.tau()).isEqualTo(3);
        // progress carries the smoothed timings, compute without the exchange, and the period in use
        ToServer.Progress first = uplink.progress.get(0);
        ToServer.Progress last = uplink.progress.get(uplink.progress.size() - 1);
        assertThat(first.tau()).isEqualTo(4);
        assertThat(last.tau()).isEqualTo(3);
        assertThat(last.stepMs()).isEqualTo(300.0);
        assertThat(last.exchangeMs()).isEqualTo(50.0);
        assertThat(first.stepMs()).isEqualTo(300.0);                // the first step (warm-up) is not counted
        assertThat(first.exchangeMs()).isNull();                   // only the warm-up exchange so far
        // the same run at a fixed τ reports no timings
        long[] clock2 = {0};
        MasterUplink plain = easgdUplink();
        session(Algorithm.EASGD, new Easgd.Worker(0.1f, 4), new Quadratic(clock2, 300_000_000L), plain, 0, 8L, clock2)
                .run();
        assertThat(plain.progress).allSatisfy(p -> {
            assertThat(p.stepMs()).isNull();
            assertThat(p.exchangeMs()).isNull();
            assertThat(p.tau()).isNull();
            assertThat(p.overlapK()).isNull();                     // no overlap: no k either
        });
    }

    @Test
    void toAProtocol2ServerEveryProgressCarriesTheCumulativeComputeAndWaitTimes() {
        long[] clock = {0};
        Easgd.Master master = new Easgd.Master(0.3f);
        master.init(CENTER0);
        MasterUplink uplink = new MasterUplink(master) {
            @Override
            public void exchange(long sequence, long step, float[] up, float[] down) {
                clock[0] += 50_000_000L;                            // 50 ms on the wire
                super.exchange(sequence, step, up, down);
            }
        };
        TrainingSession s = session(Algorithm.EASGD, new Easgd.Worker(0.1f, 4), new Quadratic(clock, 300_000_000L),
                uplink, 0, 10L, clock);                              // a fixed τ: the times do not need auto-τ
        s.reportTimes(true);

        assertThat(s.run().result()).isEqualTo(Result.FINISHED);

        // 10 steps of 300 ms compute; EASGD τ = 4 exchanges at t = 0, 4, 8: 3 × 50 ms waited
        ToServer.Progress last = uplink.progress.get(uplink.progress.size() - 1);
        assertThat(last.computeMs()).isEqualTo(3000.0);
        assertThat(last.waitMs()).isEqualTo(150.0);
        assertThat(last.computeMs() + last.waitMs()).isEqualTo(clock[0] / 1e6);   // all of the thread's time
        // cumulative: each message holds the totals up to its last point (350 ms a step with an exchange, 300 without)
        ToServer.Progress first = uplink.progress.get(0);
        long steps = first.points().get(first.points().size() - 1).step();
        assertThat(first.computeMs()).isEqualTo(steps * 300.0);
        assertThat(uplink.progress).extracting(ToServer.Progress::computeMs).isSorted();
        assertThat(uplink.progress).allSatisfy(p -> assertThat(p.stepMs()).isNull());

        // to a protocol 1 server (the default) no times at all: it would refuse the fields
        long[] clock2 = {0};
        MasterUplink plain = easgdUplink();
        session(Algorithm.EASGD, new Easgd.Worker(0.1f, 4), new Quadratic(clock2, 300_000_000L), plain, 0, 10L, clock2)
                .run();
        assertThat(plain.progress).isNotEmpty().allSatisfy(p -> {
            assertThat(p.computeMs()).isNull();
            assertThat(p.waitMs()).isNull();
        });
    }

    /**
     * An uplink whose exchange overlaps: the master applies the upload at {@code begin}; the reply is
     * ready {@code wireNanos} later on the fake clock, and {@code await} advances the clock to then if
     * the worker comes earlier (it waits), counting begins and awaits.
     */
    private static class OverlapUplink extends MasterUplink {
        final long[] clock;
        final long wireNanos;
        int begun;
        int awaited;
        boolean inFlight;

        OverlapUplink(MasterRule master, long[] clock, long wireNanos) {
            super(master);
            this.clock = clock;
            this.wireNanos = wireNanos;
        }

        @Override
        public io.easgd.core.rules.Exchange.Pending begin(long sequence, long step, float[] up, float[] down) {
            assertThat(inFlight).as("one exchange in flight at most").isFalse();
            inFlight = true;
            begun++;
            exchanges.add(new long[] {sequence, step});
            uploads.add(up.clone());
            float[] reply = new float[down.length];
            master.exchange(0, up.clone(), reply);
            long readyAt = clock[0] + wireNanos;
            return new io.easgd.core.rules.Exchange.Pending() {
                @Override
                public void await() {
                    clock[0] = Math.max(clock[0], readyAt);
                    System.arraycopy(reply, 0, down, 0, down.length);
                    inFlight = false;
                    awaited++;
                }

                @Override
                public boolean arrived() {
                    return clock[0] >= readyAt;
                }
            };
        }
    }

    @Test
    void autoKGrowsToTheExchangeTimeInStepsAndThenTheWorkerNeverWaits() {
        // EASGD τ = 10, 200 ms of compute a step, 1,000 ms for each exchange: auto-k should find k = 5
        long[] clock = {0};
        Easgd.Master master = new Easgd.Master(0.3f);
        master.init(CENTER0);
        OverlapUplink uplink = new OverlapUplink(master, clock, 1_000_000_000L);
        Easgd.Worker rule = new Easgd.Worker(0.1f, 10, 1);
        Quadratic g = new Quadratic(clock, 200_000_000L);
        TrainingSession s = new TrainingSession(12, 0, Algorithm.EASGD, rule, g, uplink, 0, 60L, () -> clock[0], false,
                true);
        s.reportTimes(true);                                   // a protocol 2 server: progress may carry k
        rule.init(CENTER0);
        List<Integer> kAtExchange = new ArrayList<>();
        g.hook = call -> {
            if ((call - 1) % 10 == 0) {
                kAtExchange.add(rule.overlapSteps());          // the k the exchange of this step was begun with
            }
        };

        assertThat(s.run().result()).isEqualTo(Result.FINISHED);

        assertThat(uplink.exchanges).extracting(e -> e[1]).containsExactly(0L, 10L, 20L, 30L, 40L, 50L);
        // exchange 1 (t = 0) is the warm-up sample, skipped like the wire time's; exchange 2 (t = 10) still at
        // k = 1 measures 1,000 ms (it waited for it): k = ⌈1000 / 200⌉ = 5 from then on. The later exchanges
        // are seen arrived at the boundary of t_s + 5 and counted as the middle of the step before, 900 ms:
        // ⌈950 / 200⌉, ⌈933 / 200⌉, … stay 5
        assertThat(kAtExchange).containsExactly(1, 1, 5, 5, 5, 5);
        assertThat(s.overlapSteps()).isEqualTo(5);
        // waits: 800 ms at steps 2 and 12 (k = 1), nothing after: the reply is in when it is applied
        List<ToServer.Point> points = uplink.points();
        assertThat(points.get(1).latencyMs()).isEqualTo(800.0);
        assertThat(points.get(11).latencyMs()).isEqualTo(800.0);
        assertThat(points.get(25).latencyMs()).isEqualTo(0.0);              // t = 25 applied exchange 3's e
        assertThat(points.get(55).latencyMs()).isEqualTo(0.0);
        assertThat(clock[0]).isEqualTo(60 * 200_000_000L + 2 * 800_000_000L);
        assertThat(uplink.awaited).isEqualTo(6);                          // the last one settled before finishing
        // progress carries k (no auto-τ timings: τ is a number)
        ToServer.Progress last = uplink.progress.get(uplink.progress.size() - 1);
        assertThat(last.overlapK()).isEqualTo(5);
        assertThat(last.stepMs()).isNull();
        assertThat(uplink.progress.get(0).overlapK()).isEqualTo(1);

        // the same run with k fixed at 5 by the spec: the same exchanges, k never changes, and progress says 5
        long[] clock2 = {0};
        Easgd.Master master2 = new Easgd.Master(0.3f);
        master2.init(CENTER0);
        OverlapUplink fixed = new OverlapUplink(master2, clock2, 1_000_000_000L);
        Easgd.Worker rule2 = new Easgd.Worker(0.1f, 10, 5);
        rule2.init(CENTER0);
        TrainingSession s2 = new TrainingSession(12, 0, Algorithm.EASGD, rule2, new Quadratic(clock2, 200_000_000L),
                fixed, 0, 60L, () -> clock2[0], false, false);
        s2.reportTimes(true);
        s2.run();
        assertThat(rule2.overlapSteps()).isEqualTo(5);
        assertThat(fixed.progress).allSatisfy(p -> assertThat(p.overlapK()).isEqualTo(5));
        assertThat(clock2[0]).isEqualTo(60 * 200_000_000L);               // never waited

        // to a protocol 1 server the same session sends no k (it would refuse the unknown field)
        long[] clock3 = {0};
        Easgd.Master master3 = new Easgd.Master(0.3f);
        master3.init(CENTER0);
        OverlapUplink v1 = new OverlapUplink(master3, clock3, 1_000_000_000L);
        Easgd.Worker rule3 = new Easgd.Worker(0.1f, 10, 5);
        rule3.init(CENTER0);
        new TrainingSession(12, 0, Algorithm.EASGD, rule3, new Quadratic(clock3, 200_000_000L), v1, 0, 60L,
                () -> clock3[0], false, false).run();
        assertThat(v1.progress).isNotEmpty().allSatisfy(p -> {
            assertThat(p.overlapK()).isNull();
            assertThat(p.computeMs()).isNull();
        });
    }

    @Test
    void anOverlappedRuleAwaitsAtTheNextStepSettlesBeforeFinishingAndReportsTheTimeItWaited() {
        long[] clock = {0};
        Easgd.Master master = new Easgd.Master(0.3f);
        master.init(CENTER0);
        OverlapUplink uplink = new OverlapUplink(master, clock, 500_000_000L);   // 500 ms on the wire
        Easgd.Worker rule = new Easgd.Worker(0.1f, 1, true);
        Quadratic g = new Quadratic(clock, 300_000_000L);                      // 300 ms of compute a step
        TrainingSession s = new TrainingSession(12, 0, Algorithm.EASGD, rule, g, uplink, 0, 20L, () -> clock[0], true);
        rule.init(CENTER0);

        TrainingSession.Outcome outcome = s.run();

        assertThat(outcome.result()).isEqualTo(Result.FINISHED);
        assertThat(outcome.sequence()).isEqualTo(20);
        assertThat(uplink.begun).isEqualTo(20);
        assertThat(uplink.awaited).isEqualTo(20);                              // the last one before "finished"
        assertThat(uplink.exchanges).extracting(e -> e[1]).startsWith(0L, 1L, 2L).endsWith(19L);
        // each step waits 500 − 300 = 200 ms for the reply of the step before: that is the exchange's time,
        // and it is not compute; the wall clock is 20 × 300 + 20 × 200 ms, not 20 × 800
        ToServer.Progress last = uplink.progress.get(uplink.progress.size() - 1);
        assertThat(last.stepMs()).isEqualTo(300.0);
        // auto-τ is told the exchange's wall time (UP handed over → DOWN in: 300 ms of compute, then 200 waited),
        // not the 200 ms waited: τ must be sized for the whole exchange to fit behind the overlapped steps
        assertThat(last.exchangeMs()).isEqualTo(500.0);
        assertThat(clock[0]).isEqualTo(20 * 500_000_000L);
        assertThat(uplink.points().get(0).latencyMs()).isNull();               // step 1 waited for nothing
        assertThat(uplink.points().get(1).latencyMs()).isEqualTo(200.0);       // step 2 waited for exchange 1

        // the same overlapped rule against the same master, called in-process, ends bit for bit in the same place
        Easgd.Master reference = new Easgd.Master(0.3f);
        reference.init(CENTER0);
        Easgd.Worker direct = new Easgd.Worker(0.1f, 1, true);
        direct.init(CENTER0);
        Quadratic g2 = new Quadratic(new long[1], 0);
        for (int i = 0; i < 20; i++) {
            direct.step(g2, (up, down) -> reference.exchange(0, up, down));
        }
        direct.settle();
        assertThat(rule.params()).containsExactly(direct.params());
    }

    @Test
    void anOverlappedDownpourWorkerThatLeavesAppliesItsReplyThenPushesEveryUpdate() {
        long[] clock = {0};
        Downpour.Master master = new Downpour.Master();
        master.init(CENTER0);
        OverlapUplink uplink = new OverlapUplink(master, clock, 0);
        Downpour.Worker rule = new Downpour.Worker(0.1f, 2, true);
        Quadratic g = new Quadratic(clock, 0);
        TrainingSession[] s = new TrainingSession[1];
        g.hook = call -> {
            if (call == 5) {
                s[0].requestLeave();                   // during step 5, which begins the exchange of t = 4
            }
        };
        s[0] = session(Algorithm.DOWNPOUR, rule, g, uplink, 0, 100L, clock);
        TrainingSession.Outcome outcome = s[0].run();

        assertThat(outcome.result()).isEqualTo(Result.LEFT);
        assertThat(uplink.begun).isEqualTo(3);                                  // t = 0, 2, 4
        assertThat(uplink.awaited).isEqualTo(3);                                // t = 4's before the final one
        assertThat(uplink.exchanges).extracting(e -> e[0]).containsExactly(1L, 2L, 3L, 4L);
        float[] center = new float[3];
        master.copyCenter(center);
        assertThat(center).containsExactly(rule.params(), within(1e-6f));      // x̃ got every update
    }

    @Test
    void withOverlapTheWaitIsOnlyTheTimeTheWorkerActuallyWaited() {
        long[] clock = {0};
        Easgd.Master master = new Easgd.Master(0.3f);
        master.init(CENTER0);
        OverlapUplink uplink = new OverlapUplink(master, clock, 500_000_000L);   // 500 ms on the wire
        Easgd.Worker rule = new Easgd.Worker(0.1f, 1, true);
        TrainingSession s = new TrainingSession(12, 0, Algorithm.EASGD, rule, new Quadratic(clock, 300_000_000L),
                uplink, 0, 20L, () -> clock[0], false);
        rule.init(CENTER0);
        s.reportTimes(true);

        assertThat(s.run().result()).isEqualTo(Result.FINISHED);

        // 20 × 300 ms compute; steps 2…20 each wait 500 − 300 = 200 ms for the reply of the step before (the
        // 20th reply is awaited after the last step, when the session settles: not a step's wait)
        ToServer.Progress last = uplink.progress.get(uplink.progress.size() - 1);
        assertThat(last.computeMs()).isEqualTo(6000.0);
        assertThat(last.waitMs()).isEqualTo(19 * 200.0);
    }
}
