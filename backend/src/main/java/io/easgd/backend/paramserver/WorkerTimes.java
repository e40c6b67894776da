package io.easgd.backend.paramserver;

import io.easgd.backend.metrics.MetricPoint;
import io.easgd.core.protocol.ToServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where each worker's time goes, from its progress messages (docs/api.md, "Compute and wait"):
 * per rank the {@code compute_share} and {@code exchange_mbps} series, and the job's
 * {@code compute_utilization} so far. One per {@link JobRun}, used on the job's lane only.
 *
 * <ul>
 *   <li>{@code compute_share}: Δ{@code computeMs} / (Δ{@code computeMs} + Δ{@code waitMs}) between
 *       two consecutive progress messages of the rank (protocol 2 agents only; from the worker's
 *       start for its first message), in [0, 1]; 1 − it is the share spent waiting for exchanges.
 *   <li>{@code exchange_mbps}: the bytes of one exchange (UP + DOWN on the wire, as the server counts
 *       them for the rank: Δbytes / Δexchanges since the worker's first message) × the message's exchanges
 *       × 8 / the sum of their {@code latencyMs}, in Mbit/s (10⁶ bit/s): the rate at which an exchange
 *       moved its bytes as the worker saw it. With overlap {@code latencyMs} is only the time the
 *       worker spent on it, so a figure above the link's capacity means the exchange was hidden.
 *   <li>{@code compute_utilization}: Σ over ranks of their compute / Σ over ranks of their wall
 *       time, a rank's wall time running from its worker's first step (the receipt of its first
 *       progress less the compute and wait it reports) to its latest progress; with p workers that
 *       start together this is Σ compute / (p × wall). The time a rank had no worker is not counted.
 * </ul>
 *
 * A new worker on a rank (a replacement, an agent that lost its session) starts its totals from
 * 0: its predecessor's compute and wall time are carried over, and the bytes are counted afresh.
 */
final class WorkerTimes {
    private static final class Rank {
        String agentId;
        /** The current worker's latest cumulative times; NaN before its first message with them. */
        double computeMs = Double.NaN;
        double waitMs = Double.NaN;
        /** The current worker's first step, estimated; null before its first message with times. */
        Instant start;
        Instant last;
        /** Earlier workers of the rank: their compute and wall time. */
        double carriedComputeMs;
        double carriedWallMs;
        /** Bytes and exchanges counted for the rank at the worker's first message; -1 before it. */
        long bytes = -1;
        long exchanges = -1;
        double bytesPerExchange = Double.NaN;

        double wallMs() {
            return start == null ? 0 : Duration.between(start, last).toNanos() / 1e6;
        }

        void newWorker(String id) {
            if (start != null) {
                carriedComputeMs += computeMs;
                carriedWallMs += wallMs();
            }
            agentId = id;
            computeMs = Double.NaN;
            waitMs = Double.NaN;
            start = null;
            bytes = -1;                                  // the new worker's CENTER is in the next Δbytes
            exchanges = -1;
        }
    }

    private final Map<Integer, Rank> ranks = new HashMap<>();

    /**
     * A progress message of {@code rank}, held by {@code agentId}; {@code bytes} (UP + DOWN) and
     * {@code exchanges} are the server's counts for the rank now. @return the metric points it makes
     */
    List<MetricPoint> progress(long jobId, int rank, String agentId, ToServer.Progress p, long bytes, long exchanges,
                               Instant now, long t) {
        Rank r = ranks.computeIfAbsent(rank, k -> new Rank());
        boolean restarted = p.computeMs() != null && r.start != null
                && (p.computeMs() < r.computeMs || p.waitMs() < r.waitMs);  // the agent's session began again
        if (!Objects.equals(agentId, r.agentId) || restarted) {
            r.newWorker(agentId);
        }
        long step = p.points().get(p.points().size() - 1).step();
        List<MetricPoint> out = new ArrayList<>(3);
        if (p.computeMs() != null) {
            double dc = p.computeMs() - (r.start == null ? 0 : r.computeMs);
            double dw = p.waitMs() - (r.start == null ? 0 : r.waitMs);
            if (r.start == null) {
                r.start = now.minusNanos((long) ((p.computeMs() + p.waitMs()) * 1e6));
            }
            r.computeMs = p.computeMs();
            r.waitMs = p.waitMs();
            r.last = now;
            if (dc + dw > 0) {
                out.add(new MetricPoint(jobId, "compute_share", rank, t, step, clamp(dc / (dc + dw))));
            }
            double utilization = utilization();
            if (Double.isFinite(utilization)) {
                out.add(new MetricPoint(jobId, "compute_utilization", null, t, step, utilization));
            }
        }
        if (r.exchanges < 0 || exchanges < r.exchanges || bytes < r.bytes) {
            r.bytes = bytes;                             // the counts from here on are this worker's exchanges'
            r.exchanges = exchanges;
        } else if (exchanges > r.exchanges) {
            r.bytesPerExchange = (double) (bytes - r.bytes) / (exchanges - r.exchanges);
        }
        int n = 0;
        double latencyMs = 0;
        for (ToServer.Point point : p.points()) {
            if (point.latencyMs() != null) {
                n++;
                latencyMs += point.latencyMs();
            }
        }
        if (n > 0 && latencyMs > 0 && Double.isFinite(r.bytesPerExchange)) {
            double mbps = r.bytesPerExchange * n * 8 / (latencyMs / 1000) / 1e6;
            out.add(new MetricPoint(jobId, "exchange_mbps", rank, t, step, Math.round(mbps * 1000) / 1000.0));
        }
        return out;
    }

    /** Σ compute / Σ wall time over the ranks so far; NaN before any wall time. */
    double utilization() {
        double compute = 0;
        double wall = 0;
        for (Rank r : ranks.values()) {
            compute += r.carriedComputeMs + (r.start == null ? 0 : r.computeMs);
            wall += r.carriedWallMs + r.wallMs();
        }
        return wall > 0 ? clamp(compute / wall) : Double.NaN;
    }

    private static double clamp(double share) {
        return Math.round(Math.max(0, Math.min(1, share)) * 10_000) / 10_000.0;
    }
}
