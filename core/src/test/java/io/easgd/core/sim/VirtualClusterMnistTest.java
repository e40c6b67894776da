package io.easgd.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.core.data.Dataset;
import io.easgd.core.data.MnistSample;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.training.JobModel;
import io.easgd.core.training.RunReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The virtual cluster with the real MLP and real DL4J gradients on the real MNIST sample. */
class VirtualClusterMnistTest {
    private static Dataset mnist;

    @BeforeAll
    static void loadMnist() {
        Path cache = Path.of(System.getProperty("easgd.cache-dir", "target/easgd-cache"), "datasets");
        mnist = Dataset.load(MnistSample.ensure(cache));
    }

    private static RunReport run(String spec, List<VirtualCluster.Exchanged> exchanges) {
        JobModel model = new JobModel(JobSpec.parse(spec), mnist);
        return new VirtualCluster(model, model.spec().simulate().stepMs(), 20, new VirtualCluster.Listener() {
            @Override
            public void onExchange(VirtualCluster.Exchanged e) {
                exchanges.add(e);
            }
        }).run();
    }

    @Test
    void aSeedGivesTheSameRunBitForBitWithRealGradients() {
        String spec = "{\"algorithm\":\"EAMSGD\",\"tau\":4,\"eta\":0.05,\"seed\":3,\"stop\":{\"maxSteps\":40},"
                + "\"overlap\":true,\"simulate\":{\"workers\":3,\"link\":\"100mbit,0.5ms\",\"stepMs\":20,"
                + "\"jitter\":\"measured\"}}";
        List<VirtualCluster.Exchanged> ea = new ArrayList<>();
        List<VirtualCluster.Exchanged> eb = new ArrayList<>();
        RunReport a = run(spec, ea);
        RunReport b = run(spec, eb);
        assertThat(a.trainLoss()).hasSize(3 * 40).isEqualTo(b.trainLoss());
        assertThat(a.evaluations()).hasSizeGreaterThanOrEqualTo(2).isEqualTo(b.evaluations());
        assertThat(ea).hasSize(3 * 10).isEqualTo(eb);
        // a float32 MLP vector (269,322 floats, two frames) at 100 Mbit/s is 86 ms on the wire each way
        assertThat(ea.get(0).bytesUp()).isEqualTo(2 * 48 + 4L * 269_322);
        assertThat(ea).allSatisfy(e -> assertThat(e.exchangeMs()).isGreaterThan(2 * 86.0));
        // the center learned something: its error fell below the start's
        assertThat(a.last().testError()).isLessThan(a.evaluations().get(0).testError());
        // virtual time: 40 steps of 20 ms plus exchanges partly hidden by overlap, far from the wall time it took
        assertThat(a.wallSeconds()).isGreaterThan(0.8);
        // another seed, another run
        RunReport c = run(spec.replace("\"seed\":3", "\"seed\":4"), new ArrayList<>());
        assertThat(c.trainLoss()).isNotEqualTo(a.trainLoss());
    }

    @Test
    void measureStepMsTimesTheJobsOwnModel() {
        JobModel model = new JobModel(JobSpec.parse("{\"simulate\":{\"workers\":2}}"), mnist);
        double ms = VirtualCluster.measureStepMs(model, 3, 5);
        assertThat(ms).isGreaterThan(0.1).isLessThan(5_000);
    }
}
