package io.easgd.backend.bench.micro;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Round trips of one measurement: each exchange's latency (UP sent → DOWN reassembled, as the
 * agent sees it), and the time from the first exchange's start to the last one's end, for
 * round trips per second. Thread-safe: several agents record into one.
 */
final class Recorder {
    private long[] nanos = new long[256];
    private int count;
    private long firstStart = Long.MAX_VALUE;
    private long lastEnd = Long.MIN_VALUE;
    private final Set<Object> busy = new HashSet<>();
    private String failure;

    synchronized void begin(Object agent) {
        busy.add(agent);
    }

    synchronized void end(Object agent, long t0, long t1) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = t1 - t0;
        firstStart = Math.min(firstStart, t0);
        lastEnd = Math.max(lastEnd, t1);
        busy.remove(agent);
        notifyAll();
    }

    synchronized void fail(String why) {
        failure = why;
        notifyAll();
    }

    synchronized void awaitIdle(Object agent) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (busy.contains(agent) && failure == null && System.nanoTime() < deadline) {
            wait(100);
        }
    }

    synchronized int count() {
        return count;
    }

    /** Exchanges per second over the window from the first start to the last end. */
    synchronized double perSecond() {
        check();
        return count / ((lastEnd - firstStart) / 1e9);
    }

    /** Nearest-rank percentile of the latencies, in milliseconds. */
    synchronized double percentileMillis(double q) {
        check();
        long[] s = Arrays.copyOf(nanos, count);
        Arrays.sort(s);
        int rank = (int) Math.ceil(q / 100.0 * count);
        return s[Math.max(0, Math.min(count - 1, rank - 1))] / 1e6;
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("an agent failed during the measurement: " + failure);
        }
        if (count == 0) {
            throw new IllegalStateException("no exchange completed during the measurement");
        }
    }
}
