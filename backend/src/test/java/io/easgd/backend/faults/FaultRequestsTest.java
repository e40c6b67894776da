package io.easgd.backend.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.easgd.core.spec.FieldError;
import io.easgd.core.spec.SpecValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultRequestsTest {
    private static List<String> fields(Runnable r) {
        try {
            r.run();
        } catch (SpecValidationException e) {
            return e.errors().stream().map(FieldError::field).toList();
        }
        throw new AssertionError("no validation error");
    }

    @Test
    void oneFaultDefaultsRankZeroAndNeedsWhatItsKindTakes() {
        FaultRequests.One one = FaultRequests.one("{\"jobId\":3,\"kind\":\"LINK_SLOW\",\"durationMs\":2000,\"rate\":\"2mbit\"}");
        assertThat(one).isEqualTo(new FaultRequests.One(3, new FaultSpec(FaultKind.LINK_SLOW, 0, 2000L, "2mbit", 0)));
        assertThat(FaultRequests.one("{\"jobId\":3,\"kind\":\"BACKEND_KILL\",\"delayMs\":500}").fault())
                .isEqualTo(new FaultSpec(FaultKind.BACKEND_KILL, null, null, null, 500));
        assertThat(fields(() -> FaultRequests.one("{\"jobId\":3,\"kind\":\"AGENT_PAUSE\"}"))).containsExactly("durationMs");
        assertThat(fields(() -> FaultRequests.one("{\"jobId\":3,\"kind\":\"LINK_SLOW\",\"durationMs\":2000}")))
                .containsExactly("rate");
        assertThat(fields(() -> FaultRequests.one("{\"jobId\":3,\"kind\":\"LINK_SLOW\",\"durationMs\":2000,"
                + "\"rate\":\"1mbit,5ms\"}"))).containsExactly("rate");
        assertThat(fields(() -> FaultRequests.one("{\"jobId\":3,\"kind\":\"AGENT_KILL\",\"durationMs\":5}")))
                .containsExactly("durationMs");
        assertThat(fields(() -> FaultRequests.one("{\"jobId\":3,\"kind\":\"POSTGRES_RESTART\",\"rank\":1}")))
                .containsExactly("rank");
        assertThat(fields(() -> FaultRequests.one("{\"kind\":\"nope\",\"extra\":1}")))
                .containsExactlyInAnyOrder("extra", "jobId", "kind");
        assertThat(fields(() -> FaultRequests.one("{\"jobId\":3,\"kind\":\"AGENT_PAUSE\",\"durationMs\":99}")))
                .containsExactly("durationMs");
        assertThatThrownBy(() -> FaultRequests.one("[1]")).isInstanceOf(SpecValidationException.class)
                .hasMessageContaining("body");
    }

    @Test
    void aScheduleIsAListSortedByTimeOrARandomPlanOfTheJobsP() {
        FaultRequests.Schedule s = FaultRequests.schedule("{\"jobId\":4,\"faults\":[{\"kind\":\"AGENT_KILL\",\"rank\":1,"
                + "\"atMs\":9000},{\"kind\":\"POSTGRES_RESTART\",\"atMs\":1000}]}", id -> 2);
        assertThat(s.faults()).extracting(FaultSpec::atMs).containsExactly(1000L, 9000L);
        FaultRequests.Schedule r = FaultRequests.schedule("{\"jobId\":4,\"random\":{\"seed\":3,\"count\":12,"
                + "\"kinds\":[\"AGENT_KILL\",\"LINK_CUT\"]}}", id -> 3);
        assertThat(r.faults()).hasSize(12).isEqualTo(RandomPlan.draw(r.random(), 3));
        assertThat(fields(() -> FaultRequests.schedule("{\"jobId\":4}", id -> 2))).containsExactly("faults");
        assertThat(fields(() -> FaultRequests.schedule("{\"jobId\":4,\"random\":{\"count\":0,\"minDurationMs\":4000,"
                + "\"maxDurationMs\":2000,\"kinds\":[\"X\"]}}", id -> 2)))
                .containsExactlyInAnyOrder("random.count", "random.maxDurationMs", "random.kinds[0]");
        assertThat(fields(() -> FaultRequests.schedule("{\"jobId\":4,\"faults\":[{\"kind\":\"AGENT_KILL\","
                + "\"atMs\":-1}]}", id -> 2))).containsExactly("faults[0].atMs");
    }
}
