package io.easgd.backend.sweeps;

import io.easgd.backend.jobs.Job;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.backend.metrics.MetricsRepository;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * A job's results for a sweep, read from its metric points. Those of an ended job never change and
 * are kept in memory (a few numbers per job), so reloading a sweep of ended jobs reads no metrics.
 * Blocking: call through Db.
 */
@Component
public class SweepResults {
    private static final int MAX_CACHED = 100_000;

    private final MetricsRepository metrics;
    private final SweepRepository sweeps;
    private final Map<Key, RunResults.Derived> ended = new ConcurrentHashMap<>();

    private record Key(long jobId, double target) {
    }

    public SweepResults(MetricsRepository metrics, SweepRepository sweeps) {
        this.metrics = metrics;
        this.sweeps = sweeps;
    }

    public RunResults.Derived of(Job job, double target) {
        Key key = new Key(job.id(), target);
        RunResults.Derived cached = ended.get(key);
        if (cached != null) {
            return cached;
        }
        if (job.startedAt() == null) {
            return RunResults.Derived.NONE;
        }
        List<MetricPoint> errors = metrics.read(job.id(), List.of("test_error"), 0, Long.MAX_VALUE)
                .getOrDefault(new MetricsRepository.SeriesKey("test_error", null), List.of());
        RunResults.Derived d = RunResults.derive(errors, target, t -> sweeps.bytesAt(job.id(), t));
        if (job.state().isFinal() && ended.size() < MAX_CACHED) {
            ended.put(key, d);
        }
        return d;
    }
}
