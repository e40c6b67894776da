package io.easgd.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.easgd.core.compression.Compression;
import io.easgd.core.model.FlatNetwork;
import io.easgd.core.rules.Gradient;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.training.RunReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The event clock on a toy whose order is computed by hand: f(x) = x²/2 in one dimension (g = x),
 * p = 3 EASGD workers at τ = 1, 10 ms a step, no jitter, no latency, workers' links so fast they
 * do not count, and a server link of 83.2 kbit/s: one vector (one float: a 48-byte header and 4
 * bytes, 52 bytes = 416 bits) takes 5 ms through it each way.
 */
class VirtualClusterOrderTest {

    /** The toy: x₀ = 1 for every worker; the "test error" is |x̃|, so a target can stop a run. */
    static Task quadratic(JobSpec spec) {
        return new Task() {
            @Override
            public JobSpec spec() {
                return spec;
            }

            @Override
            public float[] initialParams() {
                return new float[] {1f};
            }

            @Override
            public Gradient gradient(int rank) {
                return (at, out) -> {
                    out[0] = at[0];
                    return 0.5 * at[0] * at[0];
                };
            }

            @Override
            public FlatNetwork.Score evaluate(float[] params) {
                return new FlatNetwork.Score(0.5 * params[0] * params[0], Math.abs(params[0]), 1);
            }
        };
    }

    static JobSpec spec(String algorithm, int p, int tau, long steps, String link, String server) {
        return JobSpec.parse("{\"algorithm\":\"" + algorithm + "\",\"tau\":" + tau + ",\"eta\":0.1,\"alpha\":0.1,"
                + "\"stop\":{\"maxSteps\":" + steps + "},\"simulate\":{\"workers\":" + p + ",\"link\":\"" + link
                + "\",\"serverLink\":\"" + server + "\",\"stepMs\":10,\"jitter\":0}}");
    }

    record Recorded(List<VirtualCluster.Exchanged> exchanges, List<double[]> steps, RunReport report) {
    }

    static Recorded run(JobSpec spec, int evalEvery) {
        List<VirtualCluster.Exchanged> exchanges = new ArrayList<>();
        List<double[]> steps = new ArrayList<>();
        RunReport report = new VirtualCluster(quadratic(spec), spec.simulate().stepMs(), evalEvery,
                new VirtualCluster.Listener() {
                    @Override
                    public void onExchange(VirtualCluster.Exchanged e) {
                        exchanges.add(e);
                    }

                    @Override
                    public void onStep(int worker, long step, double loss, double virtualSeconds) {
                        steps.add(new double[] {worker, step, virtualSeconds});
                    }
                }).run();
        return new Recorded(exchanges, steps, report);
    }

    @Test
    void masterUpdatesComeInVirtualTimeOrderWithTheHandComputedStaleness() {
        // Step 0 of every worker ends at 10 ms; the three uploads queue at the server link (ties by
        // rank): at the master at 15, 20, 25 ms. Each reply takes 5 ms out: back at 20, 25, 30 ms;
        // the next step ends 10 ms later, 30, 35, 40 ms, whose uploads are at the master at 35, 40,
        // 45 ms; and so on, a cycle of 20 ms. Staleness: 0, 1, 2 (the master's updates by others
        // since the start), then 2 for every exchange (the two others came in between).
        Recorded r = run(spec("EASGD", 3, 1, 3, "1000gbit,0us", "83.2kbit"), 1000);
        assertThat(r.exchanges()).extracting(VirtualCluster.Exchanged::worker)
                .containsExactly(0, 1, 2, 0, 1, 2, 0, 1, 2);
        assertThat(r.exchanges()).extracting(VirtualCluster.Exchanged::step)
                .containsExactly(0L, 0L, 0L, 1L, 1L, 1L, 2L, 2L, 2L);
        double[] applied = {0.015, 0.020, 0.025, 0.035, 0.040, 0.045, 0.055, 0.060, 0.065};
        for (int i = 0; i < applied.length; i++) {
            assertThat(r.exchanges().get(i).virtualSeconds()).as("exchange %d", i).isCloseTo(applied[i], within(1e-9));
        }
        assertThat(r.exchanges()).extracting(VirtualCluster.Exchanged::staleness)
                .containsExactly(0L, 1L, 2L, 2L, 2L, 2L, 2L, 2L, 2L);
        assertThat(r.exchanges()).extracting(VirtualCluster.Exchanged::bytesUp).containsOnly(52L);
        assertThat(r.exchanges()).extracting(VirtualCluster.Exchanged::bytesDown).containsOnly(52L);
        // upload start to reply: 10, 15, 20 ms for the first round (queued behind 0, 1, 2 others), then 10 ms
        assertThat(r.exchanges().get(0).exchangeMs()).isCloseTo(10, within(1e-6));
        assertThat(r.exchanges().get(1).exchangeMs()).isCloseTo(15, within(1e-6));
        assertThat(r.exchanges().get(2).exchangeMs()).isCloseTo(20, within(1e-6));
        assertThat(r.exchanges().get(3).exchangeMs()).isCloseTo(10, within(1e-6));
        // a blocking step ends when its reply is in: worker 0's at 20, 40, 60 ms; worker 2's at 30, 50, 70 ms
        assertThat(r.steps().stream().filter(s -> s[0] == 0).mapToDouble(s -> s[2]).toArray())
                .containsExactly(new double[] {0.020, 0.040, 0.060}, within(1e-9));
        assertThat(r.steps().stream().filter(s -> s[0] == 2).mapToDouble(s -> s[2]).toArray())
                .containsExactly(new double[] {0.030, 0.050, 0.070}, within(1e-9));
        assertThat(r.report().exchanges()).isEqualTo(9);
        assertThat(r.report().stepsPerWorker()).isEqualTo(3);
        // the run ends when worker 2's last reply is back at 70 ms
        assertThat(r.report().wallSeconds()).isCloseTo(0.070, within(1e-9));
    }

    @Test
    void theCenterIsTheOneTheMasterComputesInThatOrder() {
        // x̃ by hand through the first round: every worker uploads x = 1 after its step-0 gradient;
        // the master does x̃ += α(x − x̃) with α = 0.1, in the order 0, 1, 2.
        Recorded r = run(spec("EASGD", 3, 1, 1, "1000gbit,0us", "83.2kbit"), 1000);
        double c = 1;                                        // x̃₀ = x₀ = 1: every move is 0.1·(1 − 1) = 0
        assertThat(r.report().last().testError()).isCloseTo(c, within(1e-7));
        assertThat(r.report().last().masterUpdates()).isEqualTo(3);
    }

    @Test
    void aLoneTransferCostsLatencyPlusBytesOverTheSlowerLink() {
        // p = 1: the worker's own 416 bits at 83.2 kbit/s = 5 ms each way, the server 10 gbit, 1 ms latency:
        // step 0 ends at 10 ms, the upload is at the master at 10 + 1 + 5 = 16 ms, the reply back at 22 ms
        Recorded r = run(spec("EASGD", 1, 1, 2, "83.2kbit,1ms", "10gbit"), 1000);
        assertThat(r.exchanges().get(0).virtualSeconds()).isCloseTo(0.016, within(1e-9));
        assertThat(r.exchanges().get(0).exchangeMs()).isCloseTo(12, within(1e-6));
        assertThat(r.exchanges().get(1).virtualSeconds()).isCloseTo(0.022 + 0.010 + 0.006, within(1e-9));
    }

    @Test
    void fanInTheKthUploadInLineWaitsKTimesBytesOverTheServersBandwidth() {
        LinkModel link = new LinkModel(1e12, 8e6, 0);       // server 1 MB/s
        long bytes = 10_000;                                 // 10 ms each through the server
        for (int k = 0; k < 8; k++) {
            assertThat(link.upload(0.5, bytes)).as("upload %d", k).isCloseTo(0.5 + (k + 1) * 0.010, within(1e-12));
        }
        // the server link is idle again by then: a late upload does not wait
        assertThat(link.upload(1.0, bytes)).isCloseTo(1.010, within(1e-12));
        // downloads share the outbound FIFO the same way, and the latency comes on top
        LinkModel down = new LinkModel(1e12, 8e6, 0.002);
        assertThat(down.download(0, bytes)).isCloseTo(0.012, within(1e-12));
        assertThat(down.download(0, bytes)).isCloseTo(0.022, within(1e-12));
        // p = 16 virtual workers uploading at once: the last reply of the round comes 16 uploads later
        Recorded r = run(spec("DOWNPOUR", 16, 1, 1, "1000gbit,0us", "83.2kbit"), 1000);
        assertThat(r.exchanges()).extracting(VirtualCluster.Exchanged::worker)
                .containsExactly(java.util.stream.IntStream.range(0, 16).boxed().toArray(Integer[]::new));
        for (int k = 0; k < 16; k++) {      // k uploads ahead in the inbound FIFO, then 5 ms up and 5 ms down
            assertThat(r.exchanges().get(k).exchangeMs()).as("worker %d", k).isCloseTo(5.0 * (k + 2), within(1e-6));
        }
    }

    @Test
    void bytesAreTheFramesThePlatformSends() {
        assertThat(WireBytes.of(0, Compression.NONE)).isZero();
        assertThat(WireBytes.of(1, Compression.NONE)).isEqualTo(48 + 4);
        assertThat(WireBytes.of(100, Compression.FP16)).isEqualTo(48 + 200);
        assertThat(WireBytes.of(64, Compression.INT8)).isEqualTo(48 + 66);      // 2 blocks of 33 bytes
        // MLP on MNIST: 269,322 floats, float32 = 1,077,288 bytes: two frames (at most 1 MiB each)
        int n = 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10;
        int perFrame = (1024 * 1024 - 48) / 4;
        assertThat(WireBytes.of(n, Compression.NONE)).isEqualTo(2 * 48 + 4L * n);
        assertThat(perFrame).isLessThan(n);
        // the toy's int8 exchange: one float is 1 byte and its block's 1-byte scale, plus a header, each way
        Recorded r = run(JobSpec.parse(spec("EASGD", 2, 1, 2, "1000gbit,0us", "83.2kbit").toJson()
                .replace("\"algorithm\":\"EASGD\"", "\"algorithm\":\"EASGD\",\"compression\":\"int8\"")), 1000);
        assertThat(r.exchanges()).extracting(VirtualCluster.Exchanged::bytesUp).containsOnly(48L + 2);
        assertThat(r.report().payloadBytesUp()).isEqualTo(4L * 2);
    }

    @Test
    void aSeedGivesTheSameRunAndJitterChangesItDeterministically() {
        JobSpec s = JobSpec.parse("{\"algorithm\":\"EAMSGD\",\"tau\":2,\"eta\":0.1,\"stop\":{\"maxSteps\":40},"
                + "\"simulate\":{\"workers\":4,\"link\":\"83.2kbit,1ms\",\"stepMs\":10,\"jitter\":0.3}}");
        Recorded a = run(s, 5);
        Recorded b = run(s, 5);
        assertThat(a.exchanges()).isEqualTo(b.exchanges()).hasSize(4 * 20);
        assertThat(a.report().evaluations()).isEqualTo(b.report().evaluations());
        assertThat(a.report().trainLoss()).isEqualTo(b.report().trainLoss());
        // with jitter the workers drift apart: not every staleness is the same
        assertThat(a.exchanges().stream().map(VirtualCluster.Exchanged::staleness).distinct().count()).isGreaterThan(1);
    }

    @Test
    void theJitterMultiplierHasMeanOneAndTheGivenCoefficientOfVariation() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        int n = 200_000;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double m = VirtualCluster.jitter(random, 0.25);
            assertThat(m).isPositive();
            sum += m;
            sq += m * m;
        }
        double mean = sum / n;
        double cv = Math.sqrt(sq / n - mean * mean) / mean;
        assertThat(mean).isCloseTo(1, within(0.005));
        assertThat(cv).isCloseTo(0.25, within(0.005));
        assertThat(VirtualCluster.jitter(random, 0)).isEqualTo(1.0);
    }

    @Test
    void maxWallSecondsIsVirtualAndTheTargetErrorStops() {
        JobSpec s = JobSpec.parse("{\"algorithm\":\"EASGD\",\"tau\":1,\"eta\":0.1,\"alpha\":0.1,\"stop\":"
                + "{\"maxWallSeconds\":1},\"simulate\":{\"workers\":2,\"link\":\"1000gbit,0us\",\"stepMs\":100,"
                + "\"jitter\":0}}");
        Recorded r = run(s, 1000);
        // 100 ms a step plus a negligible exchange: the tenth step of each worker ends just after 1 s
        assertThat(r.report().stepsPerWorker()).isEqualTo(10);
        assertThat(r.report().reason()).contains("virtual time limit");
        JobSpec t = JobSpec.parse("{\"algorithm\":\"EASGD\",\"tau\":1,\"eta\":0.1,\"alpha\":0.1,\"stop\":"
                + "{\"maxSteps\":1000,\"targetTestError\":0.5},\"simulate\":{\"workers\":2,\"link\":\"1000gbit,0us\","
                + "\"stepMs\":10,\"jitter\":0}}");
        Recorded u = run(t, 1);
        assertThat(u.report().reason()).contains("target test error");
        assertThat(u.report().stepsPerWorker()).isLessThan(1000);
        assertThat(u.report().bestTestError()).isLessThanOrEqualTo(0.5);
    }
}
