package io.easgd.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class AveragingTest {
    private static final Offset<Float> EPS = within(1e-6f);

    @Test
    void sgdIsPlainGradientDescentAndPublishesEveryTauSteps() {
        Publish.Master master = new Publish.Master();
        master.init(new float[] {1f});
        InProcessExchange ex = new InProcessExchange(master, 0);
        Publish.Worker w = new Publish.Worker(new Sgd.Worker(0.1f), 2);
        w.init(new float[] {1f});
        w.step(Quadratic.unit(1), ex);           // x = 0.9, not published
        assertThat(ex.uploads).isEmpty();
        w.step(Quadratic.unit(1), ex);           // x = 0.81, published after step 2
        assertThat(ex.uploads).hasSize(1);
        assertThat(ex.center()).containsExactly(new float[] {0.81f}, EPS);
        assertThat(w.payloadFloats()).containsExactly(1, 0);
    }

    @Test
    void asgdPublishesItsIterateAndTheRunningMeanOfAllIterates() {
        // x: 1, 0.9, 0.81, 0.729 → mean 0.85975; the master keeps x as its center, z as evaluated
        Publish.AveragedMaster master = new Publish.AveragedMaster();
        master.init(new float[] {1f});
        InProcessExchange ex = new InProcessExchange(master, 0);
        Averaging.Worker avg = new Averaging.Worker(new Sgd.Worker(0.1f), Averaging.Schedule.running());
        Publish.Worker w = new Publish.Worker(avg, 3);
        w.init(new float[] {1f});
        assertThat(w.averaged()).isTrue();
        assertThat(w.payloadFloats()).containsExactly(2, 0);
        for (int s = 0; s < 3; s++) {
            w.step(Quadratic.unit(1), ex);
        }
        assertThat(ex.uploads).hasSize(1);
        assertThat(ex.uploads.get(0)).containsExactly(new float[] {0.729f, 0.85975f}, EPS);   // [x | z]
        assertThat(avg.iterate()).containsExactly(new float[] {0.729f}, EPS);
        assertThat(ex.center()).containsExactly(new float[] {0.729f}, EPS);                    // join point: x
        float[] joinPoint = new float[1];
        master.copyJoinPoint(joinPoint);
        assertThat(joinPoint).containsExactly(new float[] {0.729f}, EPS);
        float[] evaluated = new float[1];
        master.copyEvaluated(evaluated);
        assertThat(evaluated).containsExactly(new float[] {0.85975f}, EPS);                   // evaluated: z
        MasterRule.State state = master.snapshot();
        assertThat(state.rule()).isEqualTo("publish-averaged");
        assertThat(state.vectors()).containsOnlyKeys("center", "average");
        assertThat(state.vectors().get("average")).containsExactly(new float[] {0.85975f}, EPS);
    }

    @Test
    void theAveragedMasterRefusesAnUploadOfOnlyNFloats() {
        Publish.AveragedMaster master = new Publish.AveragedMaster();
        master.init(new float[] {1f, 2f});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> master.exchange(0, new float[] {3f, 4f}, new float[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uploaded 2 floats, expected up = 4");
        assertThat(master.updates()).isZero();
        float[] c = new float[2];
        master.copyCenter(c);
        assertThat(c).containsExactly(1f, 2f);
    }

    @Test
    void plainSgdPublishesItsIterateOnly() {
        Publish.Worker w = new Publish.Worker(new Sgd.Worker(0.1f), 1);
        w.init(new float[] {1f, 2f});
        assertThat(w.averaged()).isFalse();
        assertThat(w.published()).isSameAs(w.params());
        assertThat(w.payloadFloats()).containsExactly(2, 0);
    }

    @Test
    void mvasgdUsesAConstantMovingRate() {
        // a = 0.5: z = 0.95, 0.88, 0.8045
        Averaging.Worker avg = new Averaging.Worker(new Sgd.Worker(0.1f), Averaging.Schedule.moving(0.5f));
        avg.init(new float[] {1f});
        float[] expected = {0.95f, 0.88f, 0.8045f};
        for (float z : expected) {
            avg.step(Quadratic.unit(1), (u, d) -> { });
            assertThat(avg.params()).containsExactly(new float[] {z}, EPS);
        }
    }

    @Test
    void adownpourMasterEvaluatesTheAverageOfItsCenters() {
        Averaging.Master master = new Averaging.Master(new Downpour.Master(), Averaging.Schedule.running());
        master.init(new float[] {0f});
        float[] down = new float[1];
        master.exchange(0, new float[] {3f}, down);     // x̃ = 3,  z = (0 + 3)/2
        master.exchange(1, new float[] {3f}, down);     // x̃ = 6,  z = (0 + 3 + 6)/3
        assertThat(down).containsExactly(6f);
        float[] z = new float[1];
        master.copyEvaluated(z);
        assertThat(z).containsExactly(new float[] {3f}, EPS);
        float[] c = new float[1];
        master.copyCenter(c);
        assertThat(c).containsExactly(6f);
    }

    @Test
    void mvadownpourMasterBlendsWithTheConstantRate() {
        Averaging.Master master = new Averaging.Master(new Downpour.Master(), Averaging.Schedule.moving(0.25f));
        master.init(new float[] {0f});
        master.exchange(0, new float[] {4f}, new float[1]);   // z = 0.75·0 + 0.25·4 = 1
        master.exchange(0, new float[] {4f}, new float[1]);   // z = 0.75·1 + 0.25·8 = 2.75
        float[] z = new float[1];
        master.copyEvaluated(z);
        assertThat(z).containsExactly(new float[] {2.75f}, EPS);
    }
}
