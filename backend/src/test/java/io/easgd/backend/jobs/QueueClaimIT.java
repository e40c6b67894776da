package io.easgd.backend.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.backend.BackendIT;
import io.easgd.core.spec.JobSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queue: priority then age; a claimer takes only a job it can staff with its idle agents, a job it
 * could staff once its busy agents free up blocks the jobs behind it, a job larger than all its agents
 * does not; concurrent claimers never take the same job (SKIP LOCKED).
 */
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
            order.add(tx.execute(s -> jobs.claimNext("t", 1024, 1024)).orElseThrow().id());
        }
        assertThat(order).containsExactly(highOld, highNew, low);
        Optional<Job> none = tx.execute(s -> jobs.claimNext("t", 1024, 1024));
        assertThat(none).isEmpty();
        Job claimed = jobs.get(low);
        assertThat(claimed.state()).isEqualTo(JobState.ASSIGNING);
        assertThat(jdbc.queryForObject("select claimed_by from jobs where id = ?", String.class, low)).isEqualTo("t");
    }

    /**
     * A writer that holds a job's stream lock and then wants its row (a sweep's cancel moving its jobs) and a
     * claimer that has locked the row and then wants the stream lock used to deadlock; the claimer now passes
     * the job by instead of waiting, and takes it once the writer is done.
     */
    @Test
    void aClaimPassesAJobWhoseStreamLockIsHeldInsteadOfDeadlocking() throws Exception {
        drainQueue();
        long id = tx.execute(s -> jobs.insert("locked-stream", 0, JobSpec.parse("{}"))).id();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try {
            Runnable hold = () -> tx.executeWithoutResult(s -> {
                jdbc.queryForObject("select pg_advisory_xact_lock(?)", Object.class, id);
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Future<?> holding = writer.submit(hold);
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
            Optional<Job> passed = tx.execute(s -> jobs.claimNext("t", 1024, 1024));
            assertThat(passed).isEmpty();
            assertThat(jobs.get(id).state()).isEqualTo(JobState.QUEUED);
            release.countDown();
            holding.get(30, TimeUnit.SECONDS);
            Optional<Job> claimed = tx.execute(s -> jobs.claimNext("t", 1024, 1024));
            assertThat(claimed.map(Job::id)).contains(id);
        } finally {
            release.countDown();
            writer.shutdownNow();
        }
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
        // Each claim holds its row lock until the other claimer has claimed too (or has found the queue
        // empty and left): every rendezvous of both is a claim made while the other's row was locked.
        AtomicInteger overlaps = new AtomicInteger();
        Phaser bothInside = new Phaser(2) {
            @Override
            protected boolean onAdvance(int phase, int registeredParties) {
                if (registeredParties == 2) {
                    overlaps.incrementAndGet();
                }
                return registeredParties == 0;
            }
        };
        List<Long> taken = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> results = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            String claimer = "claimer-" + c;
            results.add(pool.submit(() -> {
                int mine = 0;
                try {
                    while (true) {
                        Optional<Job> job = tx.execute(s -> {
                            Optional<Job> j = jobs.claimNext(claimer, 1024, 1024);
                            if (j.isPresent()) {
                                try {           // hold the row lock while the other claims; a timeout fails the test
                                    bothInside.awaitAdvanceInterruptibly(bothInside.arrive(), 30, TimeUnit.SECONDS);
                                } catch (InterruptedException | TimeoutException e) {
                                    throw new IllegalStateException(claimer + " waited 30 s for the other claimer", e);
                                }
                            }
                            return j;
                        });
                        if (job.isEmpty()) {
                            return mine;
                        }
                        taken.add(job.get().id());
                        mine++;
                    }
                } finally {
                    bothInside.arriveAndDeregister();   // the other goes on alone
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
        // the other claimer holds at most one row at a time, so a claimer finds the queue empty only when at
        // most one job is left: all but the last one or two claims were made in pairs, each while the other's
        // row was locked
        assertThat(overlaps.get()).as("claims made while the other claimer held a row lock").isGreaterThanOrEqualTo(n / 2 - 1);
        assertThat(jdbc.queryForObject("select count(distinct claimed_by) from jobs where name like 'claim-%'",
                Integer.class)).isEqualTo(2);
    }

    private long queued(String name, int workers) {
        return queued(name, workers, 0);
    }

    private long queued(String name, int workers, int priority) {
        JobSpec spec = JobSpec.parse("{\"workers\":" + workers + "}");
        return tx.execute(s -> jobs.insert(name, priority, spec)).id();
    }

    /** What {@code claimer} claims with {@code idle} of its {@code connected} agents idle: the job id, or 0. */
    private long claim(String claimer, int idle, int connected) {
        return tx.execute(s -> jobs.claimNext(claimer, idle, connected)).map(Job::id).orElse(0L);
    }

    @Test
    void aClaimerTakesTheFirstJobItCanStaffAndPassesOverJobsLargerThanAllItsAgents() {
        drainQueue();
        long w4 = queued("w4", 4);
        long w1 = queued("w1", 1);
        long w2 = queued("w2", 2);
        // 2 agents, both idle: the 4-worker job can never be staffed here, so it does not block
        assertThat(claim("r", 2, 2)).isEqualTo(w1);
        // 1 of 2 idle: the 2-worker job could be staffed once the busy agent frees up, so it waits
        // (and nothing behind it may overtake it); the 4-worker job is still passed over
        assertThat(claim("r", 1, 2)).isZero();
        assertThat(claim("r", 2, 2)).isEqualTo(w2);
        assertThat(claim("r", 2, 2)).isZero();
        // a replica with 4 agents takes the big job
        assertThat(claim("big", 4, 4)).isEqualTo(w4);
        assertThat(jdbc.queryForObject("select claimed_by from jobs where id = ?", String.class, w4)).isEqualTo("big");
        assertThat(jobs.events(w4)).extracting(JobRepository.JobEvent::reason)
                .containsExactly("submitted", "claimed by big");
    }

    @Test
    void aJobThisClaimerCouldStaffLaterBlocksTheJobsBehindItButNotTheJobsBeforeIt() {
        drainQueue();
        long w2 = queued("w2", 2);
        long w1 = queued("w1", 1);
        assertThat(claim("r", 1, 2)).as("w2 blocks w1: 1 of 2 agents idle").isZero();
        assertThat(claim("r", 1, 1)).as("with 1 agent w2 can never run here").isEqualTo(w1);
        assertThat(jobs.get(w2).state()).isEqualTo(JobState.QUEUED);

        drainQueue();
        long first = queued("first", 1);
        queued("second", 3);
        assertThat(claim("r", 1, 3)).as("a blocker behind a job does not hold that job").isEqualTo(first);
        assertThat(claim("r", 1, 3)).isZero();
    }

    @Test
    void priorityDecidesWhichJobBlocks() {
        drainQueue();
        long low = queued("low-1", 1, 0);
        long high = queued("high-2", 2, 5);
        assertThat(claim("r", 1, 2)).as("the high-priority 2-worker job is first in line").isZero();
        assertThat(claim("r", 2, 2)).isEqualTo(high);
        assertThat(claim("r", 1, 2)).isEqualTo(low);
    }

    @Test
    void concurrentClaimersTakeOnlyJobsTheyCanStaffAndEachJobOnce() throws Exception {
        drainQueue();
        int n = 30;
        List<Long> twoWorkerJobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long id = queued("mixed-" + i, i % 2 == 0 ? 1 : 2);
            if (i % 2 == 1) {
                twoWorkerJobs.add(id);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int agents = 1; agents <= 2; agents++) {
            int capacity = agents;
            results.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                long id;
                while ((id = claim("replica-with-" + capacity, capacity, capacity)) != 0) {
                    mine.add(id);
                }
                return mine;
            }));
        }
        List<Long> one = results.get(0).get(60, TimeUnit.SECONDS);
        List<Long> two = results.get(1).get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(one).as("the 1-agent replica never takes a 2-worker job").doesNotContainAnyElementsOf(twoWorkerJobs);
        assertThat(two).containsAll(twoWorkerJobs);
        List<Long> all = new ArrayList<>(one);
        all.addAll(two);
        assertThat(all).hasSize(n).doesNotHaveDuplicates();
        assertThat(jobs.inState(JobState.QUEUED)).isEmpty();
    }
}
