package io.easgd.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.easgd.core.data.Dataset;
import io.easgd.core.data.MnistSample;
import io.easgd.core.spec.JobSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The overlapped exchange ({@code "overlap"} true or k) in real DL4J training on the MNIST sample, in this JVM. */
class InProcessOverlapTest {
    private static Dataset mnist;

    @BeforeAll
    static void loadMnist() {
        Path cache = Path.of(System.getProperty("easgd.cache-dir", "target/easgd-cache"), "datasets");
        mnist = Dataset.load(MnistSample.ensure(cache));
    }

    private static RunReport run(String spec, int evalEvery) {
        return new InProcessRunner(new JobModel(JobSpec.parse(spec), mnist), evalEvery, new InProcessRunner.Listener() {
        }).run();
    }

    @Test
    void overlappedEamsgdWithTwoWorkersAndTauTenReachesWhatTheBlockingOneDoes() {
        // the spec of InProcessRunnerTest's blocking run (≥ 95 % there at 2,500 steps), overlapped, for 1,500
        RunReport r = run("{\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":10,\"eta\":0.1,\"delta\":0.9,"
                + "\"model\":\"mlp\",\"seed\":42,\"stop\":{\"maxSteps\":1500},\"overlap\":true}", 500);
        System.out.printf("EAMSGD p=2 tau=10 overlap: %.2f%% after %d steps per worker in %.1f s%n",
                100 * (1 - r.last().testError()), r.stepsPerWorker(), r.wallSeconds());
        assertThat(r.outcome()).isEqualTo(RunReport.Outcome.COMPLETED);
        assertThat(r.stepsPerWorker()).isEqualTo(1500);
        assertThat(1 - r.last().testError()).isGreaterThanOrEqualTo(0.95);
        assertThat(r.exchanges()).isEqualTo(2 * 150);                 // one per τ steps, as without overlap
    }

    @Test
    void aSingleOverlappedEamsgdWorkerFollowsTheBlockingOne() {
        // p = 1: the master sees the same uploads in the same order, and EAMSGD's overlapped iterate is
        // the blocking one (the elastic move only comes after the local step instead of before), so the
        // two runs differ by float rounding only
        String spec = "{\"algorithm\":\"EAMSGD\",\"workers\":1,\"tau\":2,\"eta\":0.05,\"seed\":3,"
                + "\"stop\":{\"maxSteps\":120}%s}";
        RunReport blocking = run(String.format(spec, ""), 60);
        RunReport overlapped = run(String.format(spec, ",\"overlap\":true"), 60);
        assertThat(overlapped.exchanges()).isEqualTo(blocking.exchanges()).isEqualTo(60);
        for (int i = 0; i < blocking.evaluations().size(); i++) {
            assertThat(overlapped.evaluations().get(i).testLoss())
                    .isCloseTo(blocking.evaluations().get(i).testLoss(), within(1e-3));
        }
        assertThat(overlapped.trainLoss().get(119).loss()).isCloseTo(blocking.trainLoss().get(119).loss(), within(1e-3));
    }

    @Test
    void theRunnerHonoursAFixedKAndTrueRunsAtKOne() {
        // p = 1, τ = 4: "overlap": 1 and true are the same run (auto-k stays at 1 in this JVM), float for float;
        // "overlap": 3 applies each e three steps late, so its iterates differ, with the same exchanges
        String spec = "{\"algorithm\":\"EASGD\",\"workers\":1,\"tau\":4,\"eta\":0.05,\"seed\":3,"
                + "\"stop\":{\"maxSteps\":80}%s}";
        RunReport one = run(String.format(spec, ",\"overlap\":1"), 40);
        RunReport auto = run(String.format(spec, ",\"overlap\":true"), 40);
        RunReport three = run(String.format(spec, ",\"overlap\":3"), 40);
        assertThat(three.exchanges()).isEqualTo(one.exchanges()).isEqualTo(auto.exchanges()).isEqualTo(20);
        for (int i = 0; i < one.trainLoss().size(); i++) {
            assertThat(auto.trainLoss().get(i).loss()).isEqualTo(one.trainLoss().get(i).loss());
        }
        assertThat(three.trainLoss().get(79).loss()).isNotEqualTo(one.trainLoss().get(79).loss());
        assertThat(three.outcome()).isEqualTo(RunReport.Outcome.COMPLETED);
        assertThat(three.last().testError()).isLessThan(0.5);                 // it still learns
    }
}
