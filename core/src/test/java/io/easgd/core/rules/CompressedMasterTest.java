package io.easgd.core.rules;

import static io.easgd.core.rules.RuleFixtures.center;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.core.compression.Compression;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every master rounds its reply for the wire before it applies it: the center moves by exactly the
 * decoded reply (EASGD: equal and opposite, bit for bit), and the reply is on the wire's grid.
 */
class CompressedMasterTest {
    private static final int N = 100;

    private static float[] gaussian(Random rnd, float scale) {
        float[] v = new float[N];
        for (int k = 0; k < N; k++) {
            v[k] = (float) rnd.nextGaussian() * scale;
        }
        return v;
    }

    @Test
    void easgdMovesTheCenterByExactlyTheRoundedElasticDifferenceItReplies() {
        for (Compression c : Compression.values()) {
            Random rnd = new Random(1);
            Easgd.Master master = new Easgd.Master(0.3f);
            master.compression(c);
            master.init(gaussian(rnd, 1f));
            for (int exchange = 0; exchange < 20; exchange++) {
                float[] up = gaussian(rnd, 1f);
                float[] before = center(master);
                float[] down = new float[N];
                master.exchange(exchange % 3, up, down);
                float[] after = center(master);
                float[] expected = new float[N];
                for (int k = 0; k < N; k++) {
                    expected[k] = 0.3f * (up[k] - before[k]);
                }
                c.round(expected);
                assertThat(down).as("%s reply = round(α(u − x̃))", c).containsExactly(expected);
                for (int k = 0; k < N; k++) {
                    assertThat(after[k]).as("%s x̃ += e at %d", c, k).isEqualTo(before[k] + down[k]);
                }
                assertOnGrid(c, down);
            }
        }
    }

    @Test
    void noneIsTheArithmeticOfAlways() {
        Random rnd = new Random(2);
        Easgd.Master plain = new Easgd.Master(0.25f);
        Easgd.Master none = new Easgd.Master(0.25f);
        none.compression(Compression.NONE);
        float[] c0 = gaussian(rnd, 1f);
        plain.init(c0);
        none.init(c0);
        float[] a = new float[N];
        float[] b = new float[N];
        float[] up = gaussian(rnd, 1f);
        plain.exchange(0, up, a);
        none.exchange(0, up, b);
        assertThat(b).containsExactly(a);
        assertThat(center(none)).containsExactly(center(plain));
    }

    @Test
    void syncEasgdMovesTheCenterByTheSumOfTheRoundedRepliesAndRepliesThem() {
        Compression c = Compression.INT8;
        Random rnd = new Random(3);
        SyncEasgd.Master master = new SyncEasgd.Master(0.2f, 2);
        master.compression(c);
        master.init(gaussian(rnd, 1f));
        float[] before = center(master);
        float[] up0 = gaussian(rnd, 1f);
        float[] up1 = gaussian(rnd, 1f);
        float[] d0 = new float[N];
        float[] d1 = new float[N];
        RecordingReply r0 = new RecordingReply();
        RecordingReply r1 = new RecordingReply();
        master.submit(0, up0, d0, r0);
        master.submit(1, up1, d1, r1);
        assertThat(r0.answered() && r1.answered()).isTrue();
        float[] e0 = new float[N];
        float[] e1 = new float[N];
        for (int k = 0; k < N; k++) {
            e0[k] = 0.2f * (up0[k] - before[k]);
            e1[k] = 0.2f * (up1[k] - before[k]);
        }
        c.round(e0);
        c.round(e1);
        assertThat(d0).containsExactly(e0);
        assertThat(d1).containsExactly(e1);
        float[] after = center(master);
        for (int k = 0; k < N; k++) {
            float expected = before[k];
            expected += d0[k];
            expected += d1[k];
            assertThat(after[k]).isEqualTo(expected);
        }
    }

    @Test
    void downpourAddsTheUploadExactlyAndRepliesTheRoundedCenter() {
        for (Compression c : new Compression[] {Compression.FP16, Compression.INT8}) {
            Random rnd = new Random(4);
            MasterRule master = new Averaging.Master(new Downpour.Master(), Averaging.Schedule.running());
            master.compression(c);
            master.init(gaussian(rnd, 1f));
            float[] before = center(master);
            float[] up = gaussian(rnd, 0.01f);
            float[] down = new float[N];
            master.exchange(0, up, down);
            float[] after = center(master);
            float[] expected = new float[N];
            for (int k = 0; k < N; k++) {
                assertThat(after[k]).isEqualTo(before[k] + up[k]);             // x̃ itself stays f32
                expected[k] = after[k];
            }
            c.round(expected);
            assertThat(down).as("%s reply = round(x̃)", c).containsExactly(expected);
            assertOnGrid(c, down);
        }
    }

    @Test
    void mdownpourRepliesTheRoundedLookAheadPointAndKeepsItsStateExact() {
        Compression c = Compression.INT8;
        MDownpour.Master rounded = new MDownpour.Master(0.1f, 0.9f);
        MDownpour.Master exact = new MDownpour.Master(0.1f, 0.9f);
        rounded.compression(c);
        Random rnd = new Random(6);
        float[] c0 = gaussian(rnd, 1f);
        rounded.init(c0);
        exact.init(c0);
        for (int s = 0; s < 5; s++) {
            float[] g = gaussian(rnd, 1f);
            float[] a = new float[N];
            float[] b = new float[N];
            rounded.exchange(0, g, a);
            exact.exchange(0, g, b);
            c.round(b);
            assertThat(a).containsExactly(b);
            assertThat(center(rounded)).containsExactly(center(exact));
        }
    }

    @Test
    void dilocoKeepsItsOuterStepExactAndRepliesTheRoundedCenter() {
        Compression c = Compression.INT8;
        Diloco.Master rounded = new Diloco.Master(0.7f, 0.9f, 2);
        Diloco.Master exact = new Diloco.Master(0.7f, 0.9f, 2);
        rounded.compression(c);
        Random rnd = new Random(7);
        float[] c0 = gaussian(rnd, 1f);
        rounded.init(c0);
        exact.init(c0);
        for (int round = 0; round < 3; round++) {
            float[] d0 = gaussian(rnd, 0.01f);
            float[] d1 = gaussian(rnd, 0.01f);
            float[][] a = {new float[N], new float[N]};
            float[][] b = {new float[N], new float[N]};
            rounded.submit(0, d0, a[0], noReply());
            rounded.submit(1, d1, a[1], noReply());
            exact.submit(0, d0, b[0], noReply());
            exact.submit(1, d1, b[1], noReply());
            assertThat(center(rounded)).as("x̃ and the outer momentum stay f32").containsExactly(center(exact));
            for (int i = 0; i < 2; i++) {
                c.round(b[i]);
                assertThat(a[i]).as("round %d, worker %d: reply = round(x̃)", round, i).containsExactly(b[i]);
            }
        }
    }

    private static MasterRule.Reply noReply() {
        return new MasterRule.Reply() {
            @Override
            public void done(double distance) {
            }

            @Override
            public void failed(RuntimeException error) {
                throw error;
            }
        };
    }

    private static void assertOnGrid(Compression c, float[] v) {
        float[] again = v.clone();
        c.round(again);
        assertThat(again).containsExactly(v);
    }
}
