package io.easgd.backend.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.backend.BackendIT;
import io.easgd.core.spec.JobSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The queue: priority then age, and concurrent claimers never take the same job (SKIP LOCKED). */
class QueueClaimIT extends BackendIT {
    @Autowired
    JobRepository jobs;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcTemplate jdbc;

    private void drainQueue() {
        tx.executeWithoutResult(s -> jobs.inState(JobState.QUEUED)
                .forEach(j -> jobs.transition(j.id(), JobState.CANCELLED, "test cleanup")));
    }

    @Test
    void claimsByPriorityThenAge() {
        drainQueue();
        JobSpec spec = JobSpec.parse("{}");
        long low = tx.execute(s -> jobs.insert("low", 0, spec)).id();
        long highOld = tx.execute(s -> jobs.insert("high-old", 5, spec)).id();
        long highNew = tx.execute(s -> jobs.insert("high-new", 5, spec)).id();
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            order.add(tx.execute(s -> jobs.claimNext("t")).orElseThrow().id());
        }
        assertThat(order).containsExactly(highOld, highNew, low);
        Optional<Job> none = tx.execute(s -> jobs.claimNext("t"));
        assertThat(none).isEmpty();
        Job claimed = jobs.get(low);
        assertThat(claimed.state()).isEqualTo(JobState.ASSIGNING);
        assertThat(jdbc.queryForObject("select claimed_by from jobs where id = ?", String.class, low)).isEqualTo("t");
    }

    @Test
    void twoConcurrentClaimersNeverTakeTheSameJob() throws Exception {
        drainQueue();
        JobSpec spec = JobSpec.parse("{}");
        int n = 40;
        for (int i = 0; i < n; i++) {
            int k = i;
            tx.executeWithoutResult(s -> jobs.insert("claim-" + k, 0, spec));
        }
        CyclicBarrier bothInside = new CyclicBarrier(2);
        List<Long> taken = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> results = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            String claimer = "claimer-" + c;
            results.add(pool.submit(() -> {
                int mine = 0;
                while (true) {
                    Optional<Job> job = tx.execute(s -> {
                        Optional<Job> j = jobs.claimNext(claimer);
                        try {
                            bothInside.await(2, TimeUnit.SECONDS);   // hold the row lock while the other claims
                        } catch (Exception e) {
                            // the other claimer has finished; go on alone
                        }
                        return j;
                    });
                    if (job.isEmpty()) {
                        return mine;
                    }
                    taken.add(job.get().id());
                    mine++;
                }
            }));
        }
        int a = results.get(0).get(60, TimeUnit.SECONDS);
        int b = results.get(1).get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(taken).hasSize(n);
        assertThat(new HashSet<>(taken)).hasSize(n);
        assertThat(a).isPositive();
        assertThat(b).isPositive();
        assertThat(jdbc.queryForObject("select count(distinct claimed_by) from jobs where name like 'claim-%'",
                Integer.class)).isEqualTo(2);
    }
}
