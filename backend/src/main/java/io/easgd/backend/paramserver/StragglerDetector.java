package io.easgd.backend.paramserver;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which ranks are stragglers (docs/operations.md "Stragglers"): a live rank whose recent step rate
 * r_i is below {@code slowerThan} × m_i, m_i the median of its live peers' rates, continuously for at
 * least {@code forDuration}, becomes one ({@code SLOW}); it {@code RECOVERED} as soon as r_i ≥
 * {@code slowerThan} × m_i again. With fewer than 2 live ranks, or a peer median of 0 (the peers
 * stand still too, e.g. at a barrier), nothing is compared and no state changes. A policy: it
 * decides from what it is given; {@link WorkerSupervisor} keeps the state in the slots and tells the stream.
 */
final class StragglerDetector {
    /** A rank whose last progress report is older than this has stopped: its rate counts as 0. */
    static final Duration STALE = Duration.ofSeconds(3);

    private final double slowerThan;
    private final Duration forDuration;

    StragglerDetector(double slowerThan, Duration forDuration) {
        this.slowerThan = slowerThan;
        this.forDuration = forDuration;
    }

    /** A live rank as it stands: its recent rate, whether it is a straggler now and since when it has been slow (or null). */
    record Rank(int rank, double stepsPerSecond, boolean straggler, Instant slowSince) {
    }

    /**
     * What to do with a rank: its new {@code slowSince} (null when not slow), {@code change} SLOW or
     * RECOVERED when its straggler state flips (else null), and the peer median it was compared with.
     */
    record Verdict(int rank, Instant slowSince, String change, double stepsPerSecond, double peerMedian) {
    }

    /** One verdict per rank of {@code live}, in its order. */
    List<Verdict> judge(List<Rank> live, Instant now) {
        List<Verdict> out = new ArrayList<>(live.size());
        if (live.size() < 2) {
            for (Rank r : live) {
                out.add(new Verdict(r.rank(), null, null, r.stepsPerSecond(), Double.NaN));
            }
            return out;
        }
        for (Rank r : live) {
            double median = peerMedian(live, r.rank());
            if (median <= 0) {
                out.add(new Verdict(r.rank(), null, null, r.stepsPerSecond(), median));
                continue;
            }
            boolean slow = r.stepsPerSecond() < slowerThan * median;
            if (!slow) {
                out.add(new Verdict(r.rank(), null, r.straggler() ? "RECOVERED" : null, r.stepsPerSecond(), median));
                continue;
            }
            Instant since = r.slowSince() != null ? r.slowSince() : now;
            boolean due = !r.straggler() && !now.isBefore(since.plus(forDuration));
            out.add(new Verdict(r.rank(), since, due ? "SLOW" : null, r.stepsPerSecond(), median));
        }
        return out;
    }

    /** The median of the rates of every rank of {@code live} but {@code rank} (the mean of the middle two for an even count). */
    static double peerMedian(List<Rank> live, int rank) {
        double[] peers = live.stream().filter(r -> r.rank() != rank).mapToDouble(Rank::stepsPerSecond).toArray();
        Arrays.sort(peers);
        int n = peers.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? peers[n / 2] : (peers[n / 2 - 1] + peers[n / 2]) / 2;
    }
}
