package io.easgd.backend.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the load agents sent and received, per job and in total; shared by every {@link LoadAgent}. Thread-safe. */
final class LoadStats {

    /** One job, as the load agents saw it. */
    static final class JobTally {
        /** train_loss points the agents sent in progress messages that were written to the socket. */
        final AtomicLong points = new AtomicLong();
        final AtomicLong progressMessages = new AtomicLong();
        final AtomicLong exchanges = new AtomicLong();
        final AtomicLong finishedRanks = new AtomicLong();
        final AtomicLong stoppedRanks = new AtomicLong();
    }

    private final Map<Long, JobTally> jobs = new ConcurrentHashMap<>();
    final LongAdder exchanges = new LongAdder();
    final LongAdder points = new LongAdder();
    final LongAdder progressMessages = new LongAdder();
    final LongAdder upFrames = new LongAdder();
    final LongAdder upBytes = new LongAdder();
    final LongAdder downFrames = new LongAdder();
    final LongAdder heartbeats = new LongAdder();
    final LongAdder assignments = new LongAdder();
    /** Things a well-behaved server never makes an agent see (message before welcome, close, stray frame …). */
    final ConcurrentLinkedQueue<String> anomalies = new ConcurrentLinkedQueue<>();
    private final Latencies exchangeMicros = new Latencies();
    private final Latencies readyToCenterMicros = new Latencies();

    JobTally job(long jobId) {
        return jobs.computeIfAbsent(jobId, id -> new JobTally());
    }

    Map<Long, JobTally> jobs() {
        return jobs;
    }

    void exchangeTook(long micros) {
        exchangeMicros.add(micros);
    }

    void centerTook(long micros) {
        readyToCenterMicros.add(micros);
    }

    Latencies exchangeMicros() {
        return exchangeMicros;
    }

    Latencies readyToCenterMicros() {
        return readyToCenterMicros;
    }

    void anomaly(String what) {
        if (anomalies.size() < 1000) {
            anomalies.add(what);
        }
    }

    /** A growable list of samples with nearest-rank percentiles. Thread-safe. */
    static final class Latencies {
        private long[] values = new long[1024];
        private int size;

        synchronized void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        synchronized int count() {
            return size;
        }

        /** Nearest-rank percentile (0 < q ≤ 100); 0 when empty. */
        synchronized long percentile(double q) {
            if (size == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(q / 100.0 * size);
            return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
        }

        synchronized long max() {
            long m = 0;
            for (int i = 0; i < size; i++) {
                m = Math.max(m, values[i]);
            }
            return m;
        }

        synchronized double mean() {
            if (size == 0) {
                return 0;
            }
            double s = 0;
            for (int i = 0; i < size; i++) {
                s += values[i];
            }
            return s / size;
        }

        synchronized List<Long> snapshot() {
            List<Long> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                out.add(values[i]);
            }
            return out;
        }
    }
}
