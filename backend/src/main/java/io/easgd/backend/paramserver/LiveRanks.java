package io.easgd.backend.paramserver;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A read-only look at the ranks of a job running on this replica, for observers outside the
 * parameter server (the fault lab times heals with it). It changes nothing: every figure is read
 * from the rank's {@link WorkerSlot} and {@link RankExchange}, which own them.
 */
@Component
public class LiveRanks {
    /**
     * One rank now. {@code step} is the job step of its last progress report (counted from the job's start,
     * like {@code lastAppliedStep}, not from this run's: a run resumed from a checkpoint at step 117 shows
     * 117 before its first report, not 0). {@code lastExchangeAt} is null until its current holder had an upload applied;
     * {@code exchanges} counts the master's applies of the rank's uploads in this run, {@code resendsDropped}
     * the copies that arrived again and were answered without being applied, {@code uploadsDropped}
     * the uploads in flight that were never applied; {@code lastAppliedStep} is the job step of the last
     * upload of the current holder that the master applied (-1 before one).
     */
    public record Rank(int rank, String agentId, String agentName, String state, long step, long lastAppliedStep,
                       Instant lastExchangeAt, long exchanges, long resendsDropped, long uploadsDropped) {
        /** Held by an agent that trains (not lost, finished or vacant). */
        public boolean live() {
            return agentId != null && !"LOST".equals(state) && !"FINISHED".equals(state) && !"VACANT".equals(state);
        }
    }

    /**
     * A job's ranks and the master's update count; {@code runStartedAt} tells one run of the job from the
     * next (a restart of the backend starts a new run, whose counters begin at 0).
     */
    public record Job(long jobId, boolean running, Instant runStartedAt, long masterUpdates, List<Rank> ranks) {
    }

    private final Runs runs;

    LiveRanks(Runs runs) {
        this.runs = runs;
    }

    /** The job's counted ranks (not the vacant ones of a worker range), or empty when it does not run here. */
    public Optional<Job> of(long jobId) {
        return runs.get(jobId).map(run -> {
            List<Rank> ranks = new ArrayList<>();
            for (WorkerSlot s : run.slots) {
                if (s.counted()) {
                    RankExchange x = s.exchange;
                    ranks.add(new Rank(s.rank, s.agentId(), s.agentName(), s.stateName(), run.startStep + s.step(),
                            x.lastAppliedStep(), x.lastExchangeAt(),
                            x.exchanges(), x.duplicates(), x.abandoned()));
                }
            }
            return new Job(jobId, run.phase.running(), run.phase.startedAt(), run.master.updates(), List.copyOf(ranks));
        });
    }
}
