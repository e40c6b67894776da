package io.easgd.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.core.data.Dataset;
import io.easgd.core.data.MnistSample;
import io.easgd.core.spec.JobSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DiLoCo trains the MLP on the MNIST sample in this JVM (p = 2, real DL4J gradients). */
class DilocoConvergenceTest {
    private static Dataset mnist;

    @BeforeAll
    static void loadMnist() {
        Path cache = Path.of(System.getProperty("easgd.cache-dir", "target/easgd-cache"), "datasets");
        mnist = Dataset.load(MnistSample.ensure(cache));
    }

    /**
     * Measured with this spec (2 cores): 95.45 % after 1,000 steps (H = 50: 20 rounds); 2,000 steps
     * reached 95.3 % (H = 10: 95.15 %, H = 100: 95.65 %, Adam inside with η = 0.001 and H = 50: 96.0 %).
     */
    @Test
    void twoWorkersWithTheDefaultsReachNinetyFourPercentInTwentyRounds() {
        String spec = "{\"algorithm\":\"DILOCO\",\"workers\":2,\"model\":\"mlp\",\"seed\":42,"
                + "\"stop\":{\"maxSteps\":1000}}";
        RunReport r = new InProcessRunner(new JobModel(JobSpec.parse(spec), mnist), 500, new InProcessRunner.Listener() {
        }).run();
        System.out.printf("DILOCO p=2 H=50: %.2f%% after %d steps per worker in %.1f s%n",
                100 * (1 - r.last().testError()), r.stepsPerWorker(), r.wallSeconds());
        assertThat(r.outcome()).isEqualTo(RunReport.Outcome.COMPLETED);
        assertThat(r.stepsPerWorker()).isEqualTo(1000);
        assertThat(r.last().testError()).isLessThanOrEqualTo(0.06);
        // one exchange per worker per round, the last one after step 1,000 included: Δ_i up, x̃ down
        int n = 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10;
        assertThat(r.exchanges()).isEqualTo(2 * 20);
        assertThat(r.payloadBytesUp()).isEqualTo(40L * n * 4);
        assertThat(r.payloadBytesDown()).isEqualTo(40L * n * 4);
        assertThat(r.last().masterUpdates()).isEqualTo(40);
    }
}
