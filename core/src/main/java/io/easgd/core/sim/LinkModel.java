package io.easgd.core.sim;

import io.easgd.core.spec.Simulate;

/**
 * The network of the virtual cluster, in virtual seconds: each worker has its own link (bandwidth
 * b_w, one-way latency L) to the parameter server, whose link (bandwidth b_s) is shared by all
 * workers, one FIFO each way. A transfer of n bytes that starts at t:
 * <ul>
 * <li>up: the server's inbound FIFO serves it from s = max(t + L, inFree) for n/b_s, and it cannot be
 * through before the worker's own link has sent it, t + L + n/b_w: it is at the master at
 * a = max(s + n/b_s, t + L + n/b_w); inFree = a. So when p uploads arrive at once the k-th in line
 * (k = 0, 1, ...) waits k·n/b_s behind the others: fan-in contention;</li>
 * <li>down: the same through the outbound FIFO from the instant the master has applied the upload,
 * latency at the far end: the reply is at the worker at max(s + n/b_s, a + n/b_w) + L.</li>
 * </ul>
 * A cut-through (fluid) model: the slower of the two links sets a lone transfer's time, n/min(b_w, b_s)
 * + L, as TCP through a bottleneck does; it is not store-and-forward (which would add both). Calls
 * must come in non-decreasing t (the event clock's order). Not thread-safe: the event loop owns it.
 */
final class LinkModel {
    private final double workerBytesPerSecond;
    private final double serverBytesPerSecond;
    private final double latency;
    private double inFree;
    private double outFree;

    LinkModel(double workerBitsPerSecond, double serverBitsPerSecond, double latencySeconds) {
        this.workerBytesPerSecond = workerBitsPerSecond / 8;
        this.serverBytesPerSecond = serverBitsPerSecond / 8;
        this.latency = latencySeconds;
    }

    static LinkModel of(Simulate s) {
        return new LinkModel(s.linkBitsPerSecond(), s.serverBitsPerSecond(), s.latencySeconds());
    }

    /** When an upload of {@code bytes} sent at {@code t} is at the master. */
    double upload(double t, long bytes) {
        double start = Math.max(t + latency, inFree);
        double at = Math.max(start + bytes / serverBytesPerSecond, t + latency + bytes / workerBytesPerSecond);
        inFree = at;
        return at;
    }

    /** When a reply of {@code bytes} the master sends at {@code t} is at the worker. */
    double download(double t, long bytes) {
        double start = Math.max(t, outFree);
        double sent = Math.max(start + bytes / serverBytesPerSecond, t + bytes / workerBytesPerSecond);
        outFree = sent;
        return sent + latency;
    }
}
