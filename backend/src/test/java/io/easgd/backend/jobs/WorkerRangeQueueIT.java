package io.easgd.backend.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.backend.BackendIT;
import io.easgd.core.spec.JobSpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queue and a worker range ({@code "workers": {"min": m, "max": n}}): a range job needs its min to
 * be claimed and to block the jobs behind it; {@link JobRepository#anyQueuedFor} (whether idle agents
 * must stay free for the queue rather than join a running range job) counts a range by its min; the
 * live p is kept with the job ({@code progress.workers}).
 */
class WorkerRangeQueueIT extends BackendIT {
    @Autowired
    JobRepository jobs;
    @Autowired
    TransactionTemplate tx;

    private void drainQueue() {
        tx.executeWithoutResult(s -> jobs.inState(JobState.QUEUED)
                .forEach(j -> jobs.transition(j.id(), JobState.CANCELLED, "test cleanup")));
    }

    private long queued(String name, String workers) {
        JobSpec spec = JobSpec.parse("{\"algorithm\":\"EASGD\",\"workers\":" + workers + "}");
        return tx.execute(s -> jobs.insert(name, 0, spec)).id();
    }

    private boolean waiting(int connected) {
        return Boolean.TRUE.equals(tx.execute(s -> jobs.anyQueuedFor(connected)));
    }

    private long claim(int idle, int connected) {
        return tx.execute(s -> jobs.claimNext("r", idle, connected)).map(Job::id).orElse(0L);
    }

    @Test
    void aRangeJobIsClaimedWithItsMinIdleAndBlocksByItsMin() {
        drainQueue();
        long range = queued("range-3-8", "{\"min\":3,\"max\":8}");
        long small = queued("fixed-1", "1");
        assertThat(claim(2, 4)).isZero();                        // 2 idle of 4: the range job waits for its 3
        assertThat(claim(3, 4)).isEqualTo(range);                // its max (8) is not needed to start
        assertThat(claim(1, 4)).isEqualTo(small);
        drainQueue();
        long big = queued("range-5-6", "{\"min\":5,\"max\":6}");
        long after = queued("fixed-1b", "1");
        assertThat(claim(1, 4)).isEqualTo(after);                // min 5 > all 4 agents: passed over, not blocking
        assertThat(jobs.get(big).state()).isEqualTo(JobState.QUEUED);
        drainQueue();
    }

    @Test
    void queuedJobsThisReplicaCouldStaffKeepIdleAgentsFromRangeJobs() {
        drainQueue();
        assertThat(waiting(4)).isFalse();
        long range = queued("range-3-8", "{\"min\":3,\"max\":8}");
        assertThat(waiting(2)).isFalse(); // min 3 > 2 connected: it cannot start here
        assertThat(waiting(3)).isTrue();
        tx.executeWithoutResult(s -> jobs.transition(range, JobState.CANCELLED, "test cleanup"));
        queued("fixed-2", "2");
        assertThat(waiting(2)).isTrue();
        drainQueue();
    }

    @Test
    void theLivePOfARangeJobIsItsProgressAndAFixedJobShowsItsOwn() {
        drainQueue();
        long range = queued("range-2-4", "{\"min\":2,\"max\":4}");
        long fixed = queued("fixed-3", "3");
        assertThat(jobs.get(range).progress().workers()).isNull();   // before it ran
        assertThat(jobs.get(fixed).progress().workers()).isEqualTo(3);
        tx.executeWithoutResult(s -> jobs.updateLiveWorkers(range, 3));
        assertThat(jobs.get(range).progress().workers()).isEqualTo(3);
        assertThat(jobs.get(range).spec().maxWorkers()).isEqualTo(4);
        drainQueue();
    }
}
