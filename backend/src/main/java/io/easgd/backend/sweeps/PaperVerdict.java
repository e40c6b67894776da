package io.easgd.backend.sweeps;

import io.easgd.backend.jobs.JobState;
import io.easgd.core.spec.Algorithm;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The paper's claims checked against a sweep's results (docs/api.md, "Verdict"). Pure. Runs are
 * grouped by algorithm and τ; only runs that ended (COMPLETED or FAILED) count; medians are over
 * seeds. There is a verdict once EASGD, EAMSGD and DOWNPOUR each have an ended run at τ = 1 and at
 * every other τ of the sweep (at least one).
 */
public final class PaperVerdict {
    static final List<Algorithm> COMPARED = List.of(Algorithm.EASGD, Algorithm.EAMSGD, Algorithm.DOWNPOUR);
    /** How much worse than at τ = 1 the median best test error may be and still "hold". */
    static final double HOLD_MARGIN = 0.005;
    /** A best test error at or above this is a diverged run (10 classes: chance is 0.9). */
    static final double DIVERGED_ERROR = 0.5;

    public enum Answer { YES, NO, PARTLY, UNDECIDED }

    /** One run as the verdict sees it. */
    public record Outcome(Algorithm algorithm, int tau, JobState state, String reason, Double bestTestError,
                          Double secondsToTarget, Long bytesToTarget) {
        boolean ended() {
            return state == JobState.COMPLETED || state == JobState.FAILED || state == JobState.STOPPED_EARLY;
        }

        boolean diverged() {
            String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
            return (state == JobState.FAILED && (r.contains("diverg") || r.contains("non-finite") || r.contains("nan")))
                    || (bestTestError != null && bestTestError >= DIVERGED_ERROR);
        }
    }

    @Schema(name = "VerdictQuestion")
    public record Question(String id, String question, Answer answer, String detail) {
    }

    /** Median bytes on the wire to the target over the runs that reached it, and how many did ("2/3"). */
    @Schema(name = "VerdictBytes")
    public record BytesRow(String algorithm, int tau, Long medianBytesToTarget, String reached) {
    }

    @Schema(name = "SweepVerdict")
    public record Verdict(List<Question> questions, List<BytesRow> bytesToTarget) {
    }

    private PaperVerdict() {
    }

    /** The verdict, or null while a needed cell has no ended run (or the sweep lacks the cells). */
    public static Verdict of(List<Outcome> runs) {
        List<Outcome> ended = runs.stream().filter(Outcome::ended).toList();
        SortedSet<Integer> taus = runs.stream().filter(o -> COMPARED.contains(o.algorithm())).map(Outcome::tau)
                .collect(Collectors.toCollection(TreeSet::new));
        if (!taus.contains(1) || taus.size() < 2) {
            return null;
        }
        for (Algorithm a : COMPARED) {
            for (int tau : taus) {
                if (cell(ended, a, tau).isEmpty()) {
                    return null;
                }
            }
        }
        return new Verdict(List.of(eamsgdBest(ended, taus), elasticHolds(ended, taus), downpourUnstable(ended, taus)),
                bytes(ended, runs));
    }

    private static Question eamsgdBest(List<Outcome> ended, SortedSet<Integer> taus) {
        int decided = 0;
        int wins = 0;
        List<String> details = new ArrayList<>();
        for (int tau : taus) {
            double[] time = COMPARED.stream().mapToDouble(a -> median(cell(ended, a, tau), Outcome::secondsToTarget))
                    .toArray();
            boolean byTime = Arrays.stream(time).anyMatch(Double::isFinite);
            double[] value = byTime ? time : COMPARED.stream()
                    .mapToDouble(a -> median(cell(ended, a, tau), Outcome::bestTestError)).toArray();
            if (Arrays.stream(value).noneMatch(Double::isFinite)) {
                details.add("τ=" + tau + ": no result");
                continue;
            }
            decided++;
            double eamsgd = value[COMPARED.indexOf(Algorithm.EAMSGD)];
            boolean best = Double.isFinite(eamsgd) && Arrays.stream(value).allMatch(v -> eamsgd <= v);
            if (best) {
                wins++;
            }
            StringBuilder d = new StringBuilder("τ=" + tau + (byTime ? " (median time to target): " : " (none reached the target; median best error): "));
            for (int i = 0; i < COMPARED.size(); i++) {
                d.append(i == 0 ? "" : ", ").append(COMPARED.get(i)).append(' ')
                        .append(byTime ? seconds(value[i]) : error(value[i]));
            }
            details.add(d.toString());
        }
        return new Question("eamsgd-best-every-tau",
                "At every τ, is EAMSGD the fastest of EASGD, EAMSGD and DOWNPOUR to the target test error?",
                answer(wins, decided), "EAMSGD best at " + wins + " of " + decided + " τ values; "
                        + String.join("; ", details) + ".");
    }

    private static Question elasticHolds(List<Outcome> ended, SortedSet<Integer> taus) {
        int checked = 0;
        int holds = 0;
        List<String> details = new ArrayList<>();
        for (Algorithm a : List.of(Algorithm.EASGD, Algorithm.EAMSGD)) {
            double atOne = median(cell(ended, a, 1), Outcome::bestTestError);
            if (!Double.isFinite(atOne)) {
                details.add(a + ": no result at τ=1");
                continue;
            }
            StringBuilder d = new StringBuilder(a + ": τ=1 " + error(atOne));
            for (int tau : taus.tailSet(2)) {
                double m = median(cell(ended, a, tau), Outcome::bestTestError);
                checked++;
                boolean ok = m <= atOne + HOLD_MARGIN;
                if (ok) {
                    holds++;
                }
                d.append(", τ=").append(tau).append(' ').append(error(m)).append(ok ? " (holds)" : " (worse)");
            }
            details.add(d.toString());
        }
        return new Question("elastic-holds-with-tau",
                "Do EASGD and EAMSGD improve or hold (median best test error within +" + HOLD_MARGIN
                        + " of τ=1) with larger τ?",
                answer(holds, checked), holds + " of " + checked + " (algorithm, τ) pairs hold; "
                        + String.join("; ", details) + ".");
    }

    private static Question downpourUnstable(List<Outcome> ended, SortedSet<Integer> taus) {
        SortedSet<Integer> large = taus.tailSet(16);
        String question = "Is DOWNPOUR unstable at τ ≥ 16 with the learning rate it uses at τ = 1 (runs diverge, "
                + "or the median best test error is more than twice τ=1's)?";
        if (large.isEmpty()) {
            return new Question("downpour-unstable-large-tau", question, Answer.UNDECIDED, "The sweep has no τ ≥ 16.");
        }
        double atOne = median(cell(ended, Algorithm.DOWNPOUR, 1), Outcome::bestTestError);
        int unstable = 0;
        List<String> details = new ArrayList<>();
        for (int tau : large) {
            List<Outcome> c = cell(ended, Algorithm.DOWNPOUR, tau);
            long diverged = c.stream().filter(Outcome::diverged).count();
            double m = median(c, Outcome::bestTestError);
            boolean worse = Double.isFinite(atOne) && m > 2 * atOne;
            if (diverged > 0 || worse) {
                unstable++;
            }
            details.add("τ=" + tau + ": " + diverged + "/" + c.size() + " runs diverged, median best error "
                    + error(m) + " vs " + error(atOne) + " at τ=1");
        }
        return new Question("downpour-unstable-large-tau", question, answer(unstable, large.size()),
                "Unstable at " + unstable + " of " + large.size() + " τ ≥ 16; " + String.join("; ", details) + ".");
    }

    private static List<BytesRow> bytes(List<Outcome> ended, List<Outcome> all) {
        List<BytesRow> rows = new ArrayList<>();
        all.stream().map(Outcome::algorithm).distinct().sorted().forEach(a ->
                all.stream().filter(o -> o.algorithm() == a).map(Outcome::tau).distinct().sorted().forEach(tau -> {
                    List<Outcome> c = cell(ended, a, tau);
                    List<Outcome> reached = c.stream().filter(o -> o.secondsToTarget() != null && o.bytesToTarget() != null)
                            .toList();
                    double m = median(reached, o -> o.bytesToTarget().doubleValue());
                    rows.add(new BytesRow(a.name(), tau, Double.isFinite(m) ? Math.round(m) : null,
                            reached.size() + "/" + c.size()));
                }));
        return rows;
    }

    private static List<Outcome> cell(List<Outcome> runs, Algorithm a, int tau) {
        return runs.stream().filter(o -> o.algorithm() == a && o.tau() == tau).toList();
    }

    /** Median over the runs; a missing value counts as +∞ (never reached, never evaluated); +∞ for no runs. */
    static double median(List<Outcome> runs, Function<Outcome, Double> value) {
        double[] v = runs.stream().map(value).mapToDouble(x -> x == null ? Double.POSITIVE_INFINITY : x).sorted().toArray();
        if (v.length == 0) {
            return Double.POSITIVE_INFINITY;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    private static Answer answer(int yes, int of) {
        return of == 0 ? Answer.UNDECIDED : yes == of ? Answer.YES : yes == 0 ? Answer.NO : Answer.PARTLY;
    }

    private static String seconds(double s) {
        return Double.isFinite(s) ? String.format(Locale.ROOT, "%.1f s", s) : "never";
    }

    private static String error(double e) {
        return Double.isFinite(e) ? String.format(Locale.ROOT, "%.3f", e) : "none";
    }
}
