package io.easgd.backend.jobs;

import static io.easgd.backend.jobs.JobState.ASSIGNING;
import static io.easgd.backend.jobs.JobState.CANCELLED;
import static io.easgd.backend.jobs.JobState.COMPLETED;
import static io.easgd.backend.jobs.JobState.FAILED;
import static io.easgd.backend.jobs.JobState.QUEUED;
import static io.easgd.backend.jobs.JobState.RUNNING;
import static io.easgd.backend.jobs.JobState.STOPPED_EARLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobStateTest {
    private static final Map<JobState, Set<JobState>> LEGAL = Map.of(
            QUEUED, EnumSet.of(ASSIGNING, CANCELLED, FAILED, STOPPED_EARLY),
            ASSIGNING, EnumSet.of(RUNNING, QUEUED, CANCELLED, FAILED, STOPPED_EARLY),
            RUNNING, EnumSet.of(COMPLETED, FAILED, CANCELLED, QUEUED, STOPPED_EARLY),
            COMPLETED, EnumSet.noneOf(JobState.class),
            FAILED, EnumSet.noneOf(JobState.class),
            CANCELLED, EnumSet.noneOf(JobState.class),
            STOPPED_EARLY, EnumSet.noneOf(JobState.class));

    @Test
    void everyPairIsLegalExactlyWhenTheLifecycleSaysSo() {
        int legal = 0;
        for (JobState from : JobState.values()) {
            for (JobState to : JobState.values()) {
                boolean expected = LEGAL.get(from).contains(to);
                assertThat(from.canBecome(to)).as("%s -> %s", from, to).isEqualTo(expected);
                if (expected) {
                    legal++;
                    from.requireCanBecome(7, to);
                } else {
                    assertThatThrownBy(() -> from.requireCanBecome(7, to))
                            .isInstanceOf(IllegalTransitionException.class)
                            .hasMessage("job 7 is " + from + " and cannot become " + to);
                }
            }
        }
        assertThat(legal).isEqualTo(14);
    }

    @Test
    void finalStatesAreExactlyTheFourEnds() {
        assertThat(EnumSet.allOf(JobState.class).stream().filter(JobState::isFinal))
                .containsExactlyInAnyOrder(COMPLETED, FAILED, CANCELLED, STOPPED_EARLY);
    }
}
