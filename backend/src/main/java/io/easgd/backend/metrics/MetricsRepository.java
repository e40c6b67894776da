package io.easgd.backend.metrics;

import io.easgd.backend.stream.JobStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Metric points: one table for queries, and the job's SSE stream for live viewers. Blocking. */
@Repository
public class MetricsRepository {
    private final JdbcTemplate jdbc;
    private final JobStream stream;

    public MetricsRepository(JdbcTemplate jdbc, JobStream stream) {
        this.jdbc = jdbc;
        this.stream = stream;
    }

    /** Stores points of one job and appends them to its stream; call inside a transaction. */
    public void record(long jobId, List<MetricPoint> points) {
        if (points.isEmpty()) {
            return;
        }
        stream.lock(jobId);
        jdbc.batchUpdate("insert into metrics (job_id, series, worker, t_ms, step, value) values (?, ?, ?, ?, ?, ?)",
                points.stream().map(p -> new Object[] {jobId, p.series(), p.worker() == null ? -1 : p.worker(),
                        p.t(), p.step(), p.value()}).toList());
        stream.appendAll(jobId, "metric", points);
    }

    /** Points of the given series in [from, to] ms, oldest first, grouped by series and worker. */
    public Map<SeriesKey, List<MetricPoint>> read(long jobId, List<String> series, long from, long to) {
        Map<SeriesKey, List<MetricPoint>> out = new LinkedHashMap<>();
        jdbc.query("select series, worker, t_ms, step, value from metrics where job_id = ? and series = any(?) "
                        + "and t_ms between ? and ? order by series, worker, t_ms, step",
                rs -> {
                    int w = rs.getInt("worker");
                    Integer worker = w < 0 ? null : w;
                    String s = rs.getString("series");
                    out.computeIfAbsent(new SeriesKey(s, worker), k -> new ArrayList<>())
                            .add(new MetricPoint(jobId, s, worker, rs.getLong("t_ms"), rs.getLong("step"),
                                    rs.getDouble("value")));
                }, jobId, series.toArray(String[]::new), from, to);
        return out;
    }

    /** A series of one worker (null: the center). */
    public record SeriesKey(String series, Integer worker) {
    }
}
