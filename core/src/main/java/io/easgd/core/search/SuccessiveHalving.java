package io.easgd.core.search;

import java.util.List;

/**
 * The promotion rule of asynchronous successive halving in its early-stopping form (Li et al., "A System for
 * Massively Parallel Hyperparameter Tuning", MLSys 2020; docs/algorithms.md "Searches"): a run reaching a rung
 * is ranked among the n runs of its bracket decided at that rung so far, itself included, by the center's test
 * error there (lower is better; a tie ranks the earlier decision first; NaN ranks last); it is promoted — runs
 * on — when its rank is at most ⌈n/η⌉, else stopped. Decisions are never revisited: an early run that was
 * promoted stays promoted when better ones arrive later, which is what makes the rule asynchronous.
 */
public final class SuccessiveHalving {
    private SuccessiveHalving() {
    }

    /**
     * @param rank 1 = the best of the {@code of} runs decided at the rung so far
     * @param keep ⌈of/η⌉, how many of them are promoted at most
     */
    public record Decision(int rank, int of, int keep, boolean promoted) {
    }

    /**
     * Decides one run at a rung.
     *
     * @param earlier the test errors of the runs decided at this rung of this bracket before, in any order
     * @param error this run's test error at the rung
     * @param reductionFactor η ≥ 2
     */
    public static Decision decide(List<Double> earlier, double error, int reductionFactor) {
        if (reductionFactor < 2) {
            throw new IllegalArgumentException("the reduction factor must be at least 2, found " + reductionFactor);
        }
        int of = earlier.size() + 1;
        int rank = 1;
        for (double e : earlier) {
            if (ranksBefore(e, error)) {
                rank++;
            }
        }
        int keep = (of + reductionFactor - 1) / reductionFactor;
        return new Decision(rank, of, keep, rank <= keep);
    }

    /** An earlier decision's error {@code e} ranks before {@code error}: lower or equal (earlier wins ties). */
    private static boolean ranksBefore(double e, double error) {
        if (Double.isNaN(error)) {
            return true;
        }
        return !Double.isNaN(e) && e <= error;
    }
}
