package io.easgd.backend.bench.platform;

import io.easgd.backend.bench.BenchReport;
import io.easgd.core.rules.Stability;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The push-pull baselines of the bytes benchmarks (P5, P7), each tuned before it is compared: plain
 * DOWNPOUR τ = 1 over an η grid that reaches its stability bound (round-robin p·τ·η &lt; π/2,
 * {@link Stability#DOWNPOUR_LIMIT}: 0.785 at p = 2), and MDOWNPOUR (the master's momentum δ = 0.9) beside it
 * over the same effective steps η/(1 − δ). One tuning pass runs every grid point once; each baseline then
 * runs with the η that reached the target in the fewest bytes, and a round's baseline is the better of
 * the two (issue #20: "baselines tuned over a grid that brackets their optimum up to their stability bound,
 * with a momentum baseline beside plain DOWNPOUR"). The scan is written into the report's JSON.
 */
final class BaselineTuning {
    /** One candidate baseline job. */
    record Candidate(String algorithm, double eta) {
        String label() {
            return String.format(Locale.ROOT, "%s eta=%s", algorithm, eta);
        }
    }

    /** Measures a candidate once: bytes to the target, NaN when it never got there. */
    @FunctionalInterface
    interface Trial {
        double bytesToTarget(Candidate c, int round) throws Exception;
    }

    /** What the tuning chose: the best η of each baseline algorithm. */
    record Chosen(Candidate downpour, Candidate momentum) {
    }

    private static final double MOMENTUM = 0.9;

    private BaselineTuning() {
    }

    /** The grid: DOWNPOUR η up to its bound at p = 2, MDOWNPOUR at the same η(1 − δ); smoke: one each. */
    static List<Candidate> grid(int p, boolean smoke) {
        double bound = Stability.DOWNPOUR_LIMIT / p;                 // τ = 1
        double[] etas = smoke ? new double[] {0.4} : new double[] {0.05, 0.1, 0.2, 0.4, 0.6, Math.floor(bound * 100) / 100};
        List<Candidate> out = new ArrayList<>();
        for (double eta : etas) {
            out.add(new Candidate("DOWNPOUR", eta));
        }
        for (double eta : etas) {
            out.add(new Candidate("MDOWNPOUR", Math.round(eta * (1 - MOMENTUM) * 10_000) / 10_000.0));
        }
        return out;
    }

    /** Runs the grid once (round −1 in the CSV) and records the scan in {@code report}. */
    static Chosen tune(int p, boolean smoke, Trial trial, BenchReport report) throws Exception {
        Map<String, Double> scan = new LinkedHashMap<>();
        Candidate bestPlain = null;
        Candidate bestMomentum = null;
        double plainBytes = Double.NaN;
        double momentumBytes = Double.NaN;
        for (Candidate c : grid(p, smoke)) {
            double bytes = trial.bytesToTarget(c, -1);
            scan.put(c.label(), bytes);
            boolean plain = c.algorithm().equals("DOWNPOUR");
            if (plain && beats(bytes, bestPlain, plainBytes)) {
                bestPlain = c;
                plainBytes = bytes;
            } else if (!plain && beats(bytes, bestMomentum, momentumBytes)) {
                bestMomentum = c;
                momentumBytes = bytes;
            }
        }
        report.meta("baselineTuning", Map.of("grid", scan, "chosen", List.of(bestPlain.label(), bestMomentum.label()),
                "rule", "each baseline's eta with the fewest bytes to the target over one pass of the grid; "
                        + "DOWNPOUR up to its stability bound pi/(2p) at tau=1, MDOWNPOUR (delta " + MOMENTUM
                        + ") at eta*(1-delta)"));
        return new Chosen(bestPlain, bestMomentum);
    }

    /** Whether {@code bytes} beats the best so far (none yet, or fewer bytes; a NaN — target never reached — loses). */
    private static boolean beats(double bytes, Candidate best, double bestBytes) {
        return best == null || !Double.isNaN(bytes) && (Double.isNaN(bestBytes) || bytes < bestBytes);
    }

    /** The better (fewer bytes; a NaN loses) of two measurements. */
    static double better(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }
}
