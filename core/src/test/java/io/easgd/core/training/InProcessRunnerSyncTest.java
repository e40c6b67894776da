package io.easgd.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.easgd.core.data.Dataset;
import io.easgd.core.data.MnistSample;
import io.easgd.core.spec.JobSpec;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Synchronous runs in this JVM end when one worker stops early: the runner closes the master, so
 * the workers waiting for it at the barrier are released instead of waiting forever.
 */
class InProcessRunnerSyncTest {
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static Dataset mnist;

    @BeforeAll
    static void loadMnist() {
        Path cache = Path.of(System.getProperty("easgd.cache-dir", "target/easgd-cache"), "datasets");
        mnist = Dataset.load(MnistSample.ensure(cache));
    }

    private static RunReport run(String spec, int evalEvery, InProcessRunner.Listener listener) {
        return new InProcessRunner(new JobModel(JobSpec.parse(spec), mnist), evalEvery, listener).run();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SYNC_EASGD", "SYNC_EAMSGD"})
    void aTargetReachedEarlyEndsTheRunForBothWorkers(String algorithm) {
        RunReport r = assertTimeoutPreemptively(BOUND, () -> run("{\"algorithm\":\"" + algorithm + "\",\"workers\":2,"
                + "\"tau\":1,\"eta\":0.05,\"delta\":0.9,\"stop\":{\"maxSteps\":1000000,\"targetTestError\":0.6}}", 10,
                new InProcessRunner.Listener() {
                }));
        assertThat(r.outcome()).isEqualTo(RunReport.Outcome.COMPLETED);
        assertThat(r.reason()).contains("target test error");
        assertThat(r.stepsPerWorker()).isLessThan(1_000_000);
        assertThat(r.evaluations().stream().anyMatch(e -> e.testError() <= 0.6)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SYNC_EASGD", "SYNC_EAMSGD"})
    void aDivergingWorkerEndsTheRunAsDiverged(String algorithm) {
        RunReport r = assertTimeoutPreemptively(BOUND, () -> run("{\"algorithm\":\"" + algorithm + "\",\"workers\":2,"
                + "\"tau\":1,\"eta\":1.0e30,\"delta\":0.9,\"stop\":{\"maxSteps\":1000000}}", 1000, new InProcessRunner.Listener() {
                }));
        assertThat(r.outcome()).isEqualTo(RunReport.Outcome.DIVERGED);
        assertThat(r.reason()).startsWith("diverged: ");
        assertThat(r.stepsPerWorker()).isLessThan(1_000_000);
    }

    @Test
    void aWorkerThatFailsReleasesTheOtherAndTheRunReportsTheFailure() {
        InProcessRunner.Listener failing = new InProcessRunner.Listener() {
            @Override
            public void onStep(RunReport.StepPoint point) {
                if (point.worker() == 1 && point.step() == 5) {
                    throw new IllegalArgumentException("worker 1 forced to stop");
                }
            }
        };
        assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> run("{\"algorithm\":\"SYNC_EASGD\","
                + "\"workers\":2,\"tau\":1,\"stop\":{\"maxSteps\":1000000}}", 1000, failing))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("worker 1 forced to stop")
                .hasCauseInstanceOf(IllegalArgumentException.class));
    }
}
