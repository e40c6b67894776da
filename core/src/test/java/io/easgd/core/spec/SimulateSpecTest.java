package io.easgd.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The spec's {@code simulate}: defaults, units, the round trip, and every bad field named. */
class SimulateSpecTest {

    private static FieldError only(String json) {
        try {
            JobSpec.parse(json);
        } catch (SpecValidationException e) {
            assertThat(e.errors()).hasSize(1);
            return e.errors().get(0);
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void absentByDefaultAndLeftOutOfTheJson() {
        JobSpec real = JobSpec.parse("{}");
        assertThat(real.simulate()).isNull();
        assertThat(real.simulated()).isFalse();
        assertThat(real.toJson()).doesNotContain("simulate");
    }

    @Test
    void defaultsFillTheLinkTheServerLinkAndMeasuredStepAndJitter() {
        JobSpec s = JobSpec.parse("{\"algorithm\":\"EASGD\",\"simulate\":{\"workers\":16}}");
        Simulate sim = s.simulate();
        assertThat(sim.workers()).isEqualTo(16);
        assertThat(s.workers()).isEqualTo(16);                       // the spec's p is the simulated p
        assertThat(s.alpha()).isEqualTo(0.9 / 16);                   // alpha = beta/p at that p
        assertThat(sim.link()).isEqualTo("10gbit,0.05ms");
        assertThat(sim.serverLink()).isEqualTo("10gbit");
        assertThat(sim.linkBitsPerSecond()).isEqualTo(1e10);
        assertThat(sim.latencySeconds()).isEqualTo(5e-5);
        assertThat(sim.serverBitsPerSecond()).isEqualTo(1e10);
        assertThat(sim.stepMeasured()).isTrue();
        assertThat(sim.jitter()).isNull();
        assertThat(sim.jitterOrMeasured()).isEqualTo(Simulate.MEASURED_JITTER);
        assertThat(s.toJson()).contains("\"simulate\":{\"workers\":16,\"link\":\"10gbit,0.05ms\",\"serverLink\":"
                + "\"10gbit\",\"stepMs\":\"measured\",\"jitter\":\"measured\"}");
        assertThat(JobSpec.parse(s.toJson())).isEqualTo(s);
    }

    @Test
    void unitsAreDecimalPerSecondAndLatencyOneWay() {
        Simulate sim = JobSpec.parse("{\"simulate\":{\"workers\":4,\"link\":\"100Mbit, 0.5ms\",\"serverLink\":"
                + "\"1.5gbit\",\"stepMs\":12.5,\"jitter\":0}}").simulate();
        assertThat(sim.link()).isEqualTo("100mbit,0.5ms");
        assertThat(sim.linkBitsPerSecond()).isEqualTo(1e8);
        assertThat(sim.latencySeconds()).isEqualTo(5e-4);
        assertThat(sim.serverBitsPerSecond()).isEqualTo(1.5e9);
        assertThat(sim.stepMs()).isEqualTo(12.5);
        assertThat(sim.jitter()).isEqualTo(0.0);
        assertThat(JobSpec.parse("{\"simulate\":{\"workers\":2,\"link\":\"64kbit,200us\"}}").simulate())
                .satisfies(s -> {
                    assertThat(s.linkBitsPerSecond()).isEqualTo(64e3);
                    assertThat(s.latencySeconds()).isEqualTo(2e-4);
                    assertThat(s.serverLink()).isEqualTo("64kbit");
                });
        assertThat(JobSpec.parse("{\"simulate\":{\"workers\":2,\"link\":\"1gbit,1s\"}}").simulate().latencySeconds())
                .isEqualTo(1.0);
    }

    @Test
    void badFieldsAreNamed() {
        assertThat(only("{\"simulate\":{}}").field()).isEqualTo("simulate.workers");
        assertThat(only("{\"simulate\":{\"workers\":65}}"))
                .isEqualTo(new FieldError("simulate.workers", "must be in [1, 64], found 65"));
        assertThat(only("{\"simulate\":{\"workers\":0}}").field()).isEqualTo("simulate.workers");
        assertThat(only("{\"simulate\":{\"workers\":2,\"link\":\"100mbit\"}}").field()).isEqualTo("simulate.link");
        assertThat(only("{\"simulate\":{\"workers\":2,\"link\":\"100mb,1ms\"}}").message())
                .startsWith("bandwidth must be a number and kbit|mbit|gbit");
        assertThat(only("{\"simulate\":{\"workers\":2,\"link\":\"100mbit,1min\"}}").field()).isEqualTo("simulate.link");
        assertThat(only("{\"simulate\":{\"workers\":2,\"link\":\"0mbit,1ms\"}}").field()).isEqualTo("simulate.link");
        assertThat(only("{\"simulate\":{\"workers\":2,\"serverLink\":\"fast\"}}").field())
                .isEqualTo("simulate.serverLink");
        assertThat(only("{\"simulate\":{\"workers\":2,\"stepMs\":0}}").field()).isEqualTo("simulate.stepMs");
        assertThat(only("{\"simulate\":{\"workers\":2,\"stepMs\":\"slow\"}}"))
                .isEqualTo(new FieldError("simulate.stepMs", "must be \"measured\" or a number, found \"slow\""));
        assertThat(only("{\"simulate\":{\"workers\":2,\"jitter\":-0.1}}").field()).isEqualTo("simulate.jitter");
        assertThat(only("{\"simulate\":{\"workers\":2,\"speed\":1}}").field()).isEqualTo("simulate.speed");
    }

    @Test
    void theSpecsWorkersMustBeTheSimulatedOnesAndTheRuleAsynchronous() {
        assertThat(JobSpec.parse("{\"workers\":8,\"simulate\":{\"workers\":8}}").workers()).isEqualTo(8);
        assertThat(only("{\"workers\":2,\"simulate\":{\"workers\":8}}")).isEqualTo(new FieldError("workers",
                "must be absent or equal simulate.workers (8) for a simulated job, found 2"));
        assertThat(only("{\"workers\":{\"min\":2,\"max\":4},\"beta\":0.9,\"simulate\":{\"workers\":2}}").field())
                .isEqualTo("workers");
        assertThat(only("{\"algorithm\":\"SYNC_EASGD\",\"simulate\":{\"workers\":4}}").field()).isEqualTo("simulate");
        assertThat(JobSpec.parse("{\"algorithm\":\"MSGD\",\"simulate\":{\"workers\":1}}").workers()).isEqualTo(1);
        assertThat(only("{\"algorithm\":\"MSGD\",\"simulate\":{\"workers\":4}}").field()).isEqualTo("workers");
        assertThatThrownBy(() -> JobSpec.parse("{\"simulate\":7}")).isInstanceOf(SpecValidationException.class);
    }
}
