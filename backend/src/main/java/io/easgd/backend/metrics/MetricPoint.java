package io.easgd.backend.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One point of a series. {@code worker} is null for the center (or the averaged variable);
 * {@code t} is milliseconds since the job started running.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MetricPoint(long jobId, String series, Integer worker, long t, long step, double value) {
    /**
     * The series the platform records (docs/api.md); {@code tau} (the job's τ, at each change),
     * {@code step_ms} and {@code exchange_ms} (each worker's smoothed timings) in auto-τ jobs only;
     * {@code workers} (the job's p, at the start and each change) in worker range jobs only;
     * {@code compute_share} and {@code compute_utilization} from protocol 2 agents only,
     * {@code exchange_mbps} from every agent (docs/api.md, "Compute and wait").
     */
    public static final java.util.List<String> SERIES = java.util.List.of("test_error", "test_loss", "train_loss",
            "bytes_up", "bytes_down", "payload_bytes", "elastic_distance", "latency_ms", "staleness", "tau",
            "step_ms", "exchange_ms", "workers", "compute_share", "exchange_mbps", "compute_utilization");
}
