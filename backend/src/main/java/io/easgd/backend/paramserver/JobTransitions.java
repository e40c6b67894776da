package io.easgd.backend.paramserver;

import io.easgd.backend.jobs.IllegalTransitionException;
import io.easgd.backend.jobs.JobRepository;
import io.easgd.backend.jobs.JobState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves a job the parameter server runs to another state, retrying while the database is away
 * ({@link DbRetry}); a move the job's current state does not allow (it was cancelled meanwhile) is
 * logged, not thrown. The one way {@link RunLifecycle} and {@link Scheduler} change a job's state.
 */
@Component
class JobTransitions {
    private static final Logger log = LoggerFactory.getLogger(JobTransitions.class);

    private final JobRepository jobs;
    private final TransactionTemplate tx;

    JobTransitions(JobRepository jobs, TransactionTemplate tx) {
        this.jobs = jobs;
        this.tx = tx;
    }

    void move(long jobId, JobState state, String reason) {
        try {
            DbRetry.run("moving job " + jobId + " to " + state,
                    () -> tx.executeWithoutResult(s -> jobs.transition(jobId, state, reason)));
        } catch (IllegalTransitionException e) {
            log.info("job {} not moved to {}: {}", jobId, state, e.getMessage());
        }
    }
}
