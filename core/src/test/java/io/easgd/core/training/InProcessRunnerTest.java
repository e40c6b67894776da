package io.easgd.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.core.data.Dataset;
import io.easgd.core.data.MnistSample;
import io.easgd.core.spec.JobSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real DL4J training on the real MNIST sample, in this JVM. */
class InProcessRunnerTest {
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
    void eamsgdWithTwoWorkersAndTauTenReachesNinetyFivePercentOnMnist() {
        RunReport r = run("{\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":10,\"eta\":0.1,\"delta\":0.9,"
                + "\"model\":\"mlp\",\"seed\":42,\"stop\":{\"maxSteps\":2500}}", 500);
        System.out.printf("EAMSGD p=2 tau=10: %.2f%% after %d steps per worker in %.1f s%n",
                100 * (1 - r.last().testError()), r.stepsPerWorker(), r.wallSeconds());
        assertThat(r.outcome()).isEqualTo(RunReport.Outcome.COMPLETED);
        assertThat(r.stepsPerWorker()).isEqualTo(2500);
        assertThat(1 - r.last().testError()).isGreaterThanOrEqualTo(0.95);
        // 2 workers × 250 exchanges × N floats × 4 bytes, each way
        int n = 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10;
        assertThat(r.exchanges()).isEqualTo(2 * 250);
        assertThat(r.payloadBytesUp()).isEqualTo(500L * n * 4);
        assertThat(r.payloadBytesDown()).isEqualTo(500L * n * 4);
        assertThat(r.evaluations().get(0).testError()).isGreaterThan(r.last().testError());
    }

    @Test
    void aSingleWorkerRunIsDeterministicGivenTheSeed() {
        String spec = "{\"algorithm\":\"MSGD\",\"workers\":1,\"tau\":5,\"seed\":9,\"stop\":{\"maxSteps\":40}}";
        RunReport a = run(spec, 20);
        RunReport b = run(spec, 20);
        assertThat(a.trainLoss()).hasSize(40).isEqualTo(b.trainLoss());
        assertThat(a.evaluations()).extracting(RunReport.EvalPoint::testLoss)
                .isEqualTo(b.evaluations().stream().map(RunReport.EvalPoint::testLoss).toList());
        assertThat(a.payloadBytesDown()).isZero();
        assertThat(a.exchanges()).isEqualTo(8);
    }

    @Test
    void downpourWithTooLargeTauTimesEtaDivergesAndIsReported() {
        RunReport r = run("{\"algorithm\":\"DOWNPOUR\",\"workers\":2,\"tau\":64,\"eta\":3.0,"
                + "\"stop\":{\"maxSteps\":2000}}", 50);
        assertThat(r.outcome()).isEqualTo(RunReport.Outcome.DIVERGED);
        assertThat(r.reason()).startsWith("diverged: ").containsAnyOf("non-finite", "norm grew");
        assertThat(r.stepsPerWorker()).isLessThan(2000);
    }

    @Test
    void stopsAtTheTargetTestError() {
        RunReport r = run("{\"algorithm\":\"EASGD\",\"workers\":2,\"tau\":4,\"eta\":0.1,"
                + "\"stop\":{\"maxSteps\":3000,\"targetTestError\":0.12}}", 25);
        assertThat(r.outcome()).isEqualTo(RunReport.Outcome.COMPLETED);
        assertThat(r.reason()).contains("target test error");
        assertThat(r.stepsPerWorker()).isLessThan(3000);
        assertThat(r.evaluations().stream().anyMatch(e -> e.testError() <= 0.12)).isTrue();
    }
}
