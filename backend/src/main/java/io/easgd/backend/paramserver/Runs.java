package io.easgd.backend.paramserver;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The jobs running on this replica, by id. {@link RunLifecycle} adds and removes them; everyone reads. */
@Component
class Runs {
    private final Map<Long, JobRun> runs = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    Optional<JobRun> get(long jobId) {
        return Optional.ofNullable(runs.get(jobId));
    }

    /** The run, unless it is unknown here or already ending. */
    Optional<JobRun> live(long jobId) {
        JobRun r = runs.get(jobId);
        return r == null || r.phase.ending() ? Optional.empty() : Optional.of(r);
    }

    Collection<JobRun> all() {
        return List.copyOf(runs.values());
    }

    void add(JobRun run) {
        runs.put(run.jobId, run);
    }

    void remove(JobRun run) {
        runs.remove(run.jobId, run);
    }

    /** The backend is going away: runs are checkpointed and requeued, not ended. */
    void stopping() {
        stopping = true;
    }

    boolean isStopping() {
        return stopping;
    }
}
