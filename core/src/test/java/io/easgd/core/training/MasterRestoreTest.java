package io.easgd.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.core.rules.MasterRule;
import io.easgd.core.rules.RoundMaster;
import io.easgd.core.spec.Algorithm;
import io.easgd.core.spec.JobSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * For every algorithm: a master restored from a snapshot (through the binary checkpoint) answers
 * every later upload bit for bit like the master that was never interrupted.
 */
class MasterRestoreTest {
    private static final int N = 7;
    private static final int K = 12;            // uploads before the snapshot (a round boundary for p = 3)
    private static final int M = 15;            // uploads after it

    /** What one reply said: whose, the distance and the reply vector, as raw bits. */
    record Answer(int worker, long distanceBits, List<Integer> downBits) {
    }

    /** Feeds uploads to a master; for the synchronous rule the replies come with the round's last one. */
    static final class Driver {
        final MasterRule master;
        final int[] payload;
        final int p;
        final List<Answer> answers = new ArrayList<>();

        Driver(MasterRule master, JobSpec spec) {
            this.master = master;
            this.payload = Rules.payload(spec, N);
            this.p = spec.workers();
        }

        void upload(int worker, float[] up) {
            float[] down = new float[payload[1]];
            master.submit(worker, up, down, new MasterRule.Reply() {
                @Override
                public void done(double distance) {
                    List<Integer> bits = new ArrayList<>();
                    for (float f : down) {
                        bits.add(Float.floatToIntBits(f));
                    }
                    answers.add(new Answer(worker, Double.doubleToLongBits(distance), bits));
                }

                @Override
                public void failed(RuntimeException error) {
                    throw new AssertionError("no reply may fail here", error);
                }
            });
        }
    }

    static float[] uploadNumber(int i, int floats) {
        Random r = new Random(1000L + i);
        float[] up = new float[floats];
        for (int k = 0; k < floats; k++) {
            up[k] = (float) (r.nextGaussian() * 0.5);
        }
        return up;
    }

    static void assertSameState(MasterRule expected, MasterRule actual, String when) {
        MasterRule.State a = expected.snapshot();
        MasterRule.State b = actual.snapshot();
        assertThat(b.rule()).as(when).isEqualTo(a.rule());
        assertThat(b.updates()).as(when).isEqualTo(a.updates());
        assertThat(b.counters()).as(when).isEqualTo(a.counters());
        assertThat(b.vectors().keySet()).as(when).containsExactlyElementsOf(a.vectors().keySet());
        a.vectors().forEach((name, v) -> assertThat(bits(b.vectors().get(name))).as(when + ": " + name)
                .containsExactly(bits(v)));
        float[] ea = new float[N];
        float[] eb = new float[N];
        expected.copyEvaluated(ea);
        actual.copyEvaluated(eb);
        assertThat(bits(eb)).as(when + ": evaluated").containsExactly(bits(ea));
        expected.copyJoinPoint(ea);
        actual.copyJoinPoint(eb);
        assertThat(bits(eb)).as(when + ": join point").containsExactly(bits(ea));
    }

    static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int k = 0; k < v.length; k++) {
            b[k] = Float.floatToIntBits(v[k]);
        }
        return b;
    }

    static MasterRule.State throughCheckpoint(MasterRule.State s, long step) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MasterCheckpoint.write(out, s, step);
        MasterCheckpoint.Checkpoint c = MasterCheckpoint.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(c.jobStep()).isEqualTo(step);
        return c.state();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void aRestoredMasterContinuesBitForBitLikeTheUninterruptedOne(Algorithm algorithm) throws IOException {
        JobSpec spec = RulesPayloadTest.spec(algorithm);
        int p = spec.workers();
        Random init = new Random(7);
        float[] center0 = new float[N];
        for (int k = 0; k < N; k++) {
            center0[k] = (float) init.nextGaussian();
        }
        Driver a = new Driver(Rules.master(spec), spec);
        a.master.init(center0);
        for (int i = 0; i < K; i++) {
            a.upload(i % p, uploadNumber(i, a.payload[0]));
        }
        MasterRule.State snapshot = a.master.snapshot();
        assertThat(snapshot.updates()).isEqualTo(K);
        assertThat(snapshot.center()).isNotEqualTo(center0);

        Driver b = new Driver(Rules.master(spec), spec);
        b.master.restore(throughCheckpoint(snapshot, 1234));
        assertSameState(a.master, b.master, algorithm + " right after restore");

        int answered = a.answers.size();
        for (int i = K; i < K + M; i++) {
            float[] up = uploadNumber(i, a.payload[0]);
            a.upload(i % p, up);
            b.upload(i % p, up.clone());
            assertSameState(a.master, b.master, algorithm + " after upload " + i);
        }
        assertThat(b.answers).as("%s replies", algorithm).isEqualTo(a.answers.subList(answered, a.answers.size()));
        int expectedReplies = algorithm.synchronous() ? M / p * p : M;
        assertThat(b.answers).hasSize(expectedReplies);
        if (a.master instanceof RoundMaster sync) {
            assertThat(sync.rounds()).isEqualTo((K + M) / p);
            assertThat(((RoundMaster) b.master).rounds()).isEqualTo(sync.rounds());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"SYNC_EASGD", "SYNC_EAMSGD", "DILOCO"})
    void aSynchronousSnapshotTakenMidRoundEqualsTheOneAtTheRoundBoundary(Algorithm algorithm) {
        JobSpec spec = RulesPayloadTest.spec(algorithm);
        Driver a = new Driver(Rules.master(spec), spec);
        a.master.init(new float[N]);
        for (int i = 0; i < 6; i++) {
            a.upload(i % 3, uploadNumber(i, N));
        }
        MasterRule.State boundary = a.master.snapshot();
        a.upload(0, uploadNumber(6, N));
        a.upload(1, uploadNumber(7, N));
        MasterRule.State midRound = a.master.snapshot();
        assertThat(midRound.updates()).isEqualTo(boundary.updates());
        assertThat(midRound.counters()).isEqualTo(boundary.counters()).containsEntry("rounds", 2L);
        assertThat(bits(midRound.center())).containsExactly(bits(boundary.center()));
    }
}
