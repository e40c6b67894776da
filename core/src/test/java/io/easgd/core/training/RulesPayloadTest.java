package io.easgd.core.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.core.rules.MasterRule;
import io.easgd.core.rules.WorkerRule;
import io.easgd.core.spec.Algorithm;
import io.easgd.core.spec.JobSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RulesPayloadTest {

    static JobSpec spec(Algorithm a) {
        return JobSpec.parse("{\"algorithm\":\"" + a + "\",\"workers\":" + (a.singleWorker() ? 1 : 3) + "}");
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void payloadIsWhatAnInitialisedWorkerSaysAndWhatTheMasterTakes(Algorithm a) {
        JobSpec spec = spec(a);
        int n = 11;
        int[] payload = Rules.payload(spec, n);
        WorkerRule worker = Rules.worker(spec);
        worker.init(new float[n]);
        assertThat(worker.payloadFloats()).as("%s", a).containsExactly(payload);

        MasterRule master = Rules.master(spec);
        master.init(new float[n]);
        master.submit(0, new float[payload[0]], new float[payload[1]], new MasterRule.Reply() {
            @Override
            public void done(double distance) {
            }

            @Override
            public void failed(RuntimeException error) {
            }
        });
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"ASGD", "MVASGD"})
    void theAveragedBaselinesPublishTheIterateAndTheAverage(Algorithm a) {
        assertThat(Rules.payload(spec(a), 5)).containsExactly(10, 0);
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"SGD", "MSGD"})
    void thePlainBaselinesPublishTheIterate(Algorithm a) {
        assertThat(Rules.payload(spec(a), 5)).containsExactly(5, 0);
    }
}
