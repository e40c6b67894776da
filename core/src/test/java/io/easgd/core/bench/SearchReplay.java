package io.easgd.core.bench;

import io.easgd.core.search.SearchSpec;
import io.easgd.core.search.SuccessiveHalving;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * What an ASHA or Hyperband search would have done with a sweep's runs, replayed from their full curves of center
 * evaluations: the runs start in expansion order as one of {@code slots} parallel slots frees up, each run's clock
 * is its own (virtual) time from its start, and a run's rung k is decided at its first evaluation whose resource is
 * at or past the rung's value, by {@link SuccessiveHalving} against the decisions already taken at that rung of its
 * bracket in clock order; a stopped run frees its slot at that evaluation. Without a search every run goes to its
 * end (the full set, scheduled the same way). The decisions are taken with no lag: the platform decides within
 * {@code easgd.search.interval} of the evaluation (plus its metric flush), so there a stopped run runs a little
 * longer.
 *
 * <p>On the deterministic virtual cluster a run stopped at a rung is exactly the prefix of its full run (a seed
 * gives the same run bit for bit), so this replay is the search itself, not an approximation of it.
 */
final class SearchReplay {
    private SearchReplay() {
    }

    /**
     * One center evaluation: at {@code seconds} since the run started, {@code step} local steps of worker 0 (the
     * platform's {@code progress.step}), each worker's steps, the bytes on the wire so far (up and down, all
     * workers), the test error.
     */
    record Point(double seconds, long step, long[] workerSteps, long wireBytes, double testError) {
        double resource(SearchSpec.Resource r) {
            return switch (r) {
                case STEPS -> step;
                case SECONDS -> seconds;
                case BYTES -> wireBytes;
            };
        }
    }

    /** One run's full curve: {@code p} workers, {@code seconds} its whole (virtual) duration. */
    record Curve(String label, int p, double seconds, List<Point> points) {
        Curve {
            points = List.copyOf(points);
        }

        /** The curve up to and including point {@code last}. */
        Curve prefix(int last) {
            return new Curve(label, p, points.get(last).seconds(), points.subList(0, last + 1));
        }

        double bestTestError() {
            return points.stream().mapToDouble(Point::testError).min().orElse(Double.NaN);
        }

        /**
         * The platform's {@code secondsToTarget}: the time test error first was ≤ target, linearly interpolated
         * between that evaluation and the one before (the evaluation's own time if it was the first); NaN if never.
         */
        double secondsToTarget(double target) {
            for (int i = 0; i < points.size(); i++) {
                Point e = points.get(i);
                if (e.testError() <= target) {
                    if (i == 0) {
                        return e.seconds();
                    }
                    Point b = points.get(i - 1);
                    double f = (b.testError() - target) / (b.testError() - e.testError());
                    return b.seconds() + f * (e.seconds() - b.seconds());
                }
            }
            return Double.NaN;
        }
    }

    /** One decision at a rung: {@code clock} the schedule's time of it, {@code value} the resource there. */
    record Decision(int run, int bracket, int rung, long at, double value, double testError, double clock,
                    SuccessiveHalving.Decision rule) {
    }

    /**
     * What one run did in the replay: its bracket, the highest rung decided for it (-1: none), whether it was
     * stopped there, when it started and ended on the schedule's clock, and its curve as far as it ran.
     */
    record RunResult(int index, int bracket, int rung, boolean stopped, double start, double end, Curve ran) {
        /** Virtual seconds it ran × its workers: what it cost. */
        double workerSeconds() {
            return ran.seconds() * ran.p();
        }
    }

    record Result(List<RunResult> runs, List<Decision> decisions, double makespan) {
        double workerSeconds() {
            return runs.stream().mapToDouble(RunResult::workerSeconds).sum();
        }

        /** Runs stopped at each rung (index = rung). */
        int[] stoppedPerRung(int rungs) {
            int[] n = new int[rungs];
            for (RunResult r : runs) {
                if (r.stopped()) {
                    n[r.rung()]++;
                }
            }
            return n;
        }

        List<Curve> curves() {
            return runs.stream().map(RunResult::ran).toList();
        }
    }

    /**
     * Replays the search over {@code curves} (expansion order) with {@code slots} runs at once.
     *
     * @param search null: no early stopping, every run to its end
     */
    static Result replay(List<Curve> curves, SearchSpec search, int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be >= 1, found " + slots);
        }
        int n = curves.size();
        int[] bracket = new int[n];
        List<List<Long>> rungs = new ArrayList<>();
        int maxRungs = search == null ? 0 : search.rungs(0).size();
        List<List<List<Double>>> errorsAt = new ArrayList<>();      // [bracket][rung] → errors decided there
        int brackets = search == null ? 1 : search.brackets();
        for (int b = 0; b < brackets; b++) {
            List<List<Double>> perRung = new ArrayList<>();
            for (int k = 0; k < maxRungs; k++) {
                perRung.add(new ArrayList<>());
            }
            errorsAt.add(perRung);
        }
        for (int i = 0; i < n; i++) {
            bracket[i] = search == null ? 0 : search.bracketOf(i);
            rungs.add(search == null ? List.of() : search.rungs(bracket[i]));
        }
        double[] start = new double[n];
        RunResult[] results = new RunResult[n];
        int[] highest = new int[n];
        java.util.Arrays.fill(highest, -1);
        List<Decision> decisions = new ArrayList<>();
        // events: (time, run) — ties in time go to the run earlier in expansion order, then creation order
        record Event(double time, int run, long seq, int rung, int point) {
        }
        PriorityQueue<Event> events = new PriorityQueue<>(Comparator.comparingDouble(Event::time)
                .thenComparingInt(Event::run).thenComparingLong(Event::seq));
        long[] seq = {0};
        int[] next = {0};
        int free = slots;
        double clock = 0;

        // a run's next milestone from rung k on: the deciding evaluation of rung k, or its end (rung -1)
        java.util.function.BiConsumer<Integer, Integer> milestone = (run, k) -> {
            Curve c = curves.get(run);
            List<Long> rs = rungs.get(run);
            if (k < rs.size()) {
                for (int j = 0; j < c.points().size(); j++) {
                    if (c.points().get(j).resource(search.resource()) >= rs.get(k)) {
                        events.add(new Event(start[run] + c.points().get(j).seconds(), run, seq[0]++, k, j));
                        return;
                    }
                }
            }
            events.add(new Event(start[run] + c.seconds(), run, seq[0]++, -1, -1));   // ends before (or without) a rung
        };
        while (free > 0 && next[0] < n) {
            start[next[0]] = 0;
            milestone.accept(next[0]++, 0);
            free--;
        }
        while (!events.isEmpty()) {
            Event e = events.poll();
            clock = e.time();
            int run = e.run();
            Curve c = curves.get(run);
            boolean ended;
            if (e.rung() < 0) {
                results[run] = new RunResult(run, bracket[run], highest[run], false, start[run], clock, c);
                ended = true;
            } else {
                Point at = c.points().get(e.point());
                List<Double> earlier = errorsAt.get(bracket[run]).get(e.rung());
                SuccessiveHalving.Decision d = SuccessiveHalving.decide(earlier, at.testError(),
                        search.reductionFactor());
                earlier.add(at.testError());
                decisions.add(new Decision(run, bracket[run], e.rung(), rungs.get(run).get(e.rung()),
                        at.resource(search.resource()), at.testError(), clock, d));
                highest[run] = e.rung();
                if (d.promoted()) {
                    milestone.accept(run, e.rung() + 1);
                    ended = false;
                } else {
                    results[run] = new RunResult(run, bracket[run], e.rung(), true, start[run], clock,
                            c.prefix(e.point()));
                    ended = true;
                }
            }
            if (ended) {
                free++;
                while (free > 0 && next[0] < n) {
                    start[next[0]] = clock;
                    milestone.accept(next[0]++, 0);
                    free--;
                }
            }
        }
        return new Result(List.of(results), List.copyOf(decisions), clock);
    }

    /**
     * The platform's best run of a sweep (docs/api.md "Sweep", {@code best}): the smallest {@code secondsToTarget};
     * when none reached the target, the lowest best test error; ties go to the lower best error, then the earlier
     * run. -1 for no runs.
     */
    static int best(List<Curve> curves, double target) {
        int best = -1;
        for (int i = 0; i < curves.size(); i++) {
            if (best < 0 || better(curves.get(i), curves.get(best), target)) {
                best = i;
            }
        }
        return best;
    }

    private static boolean better(Curve a, Curve b, double target) {
        double ta = a.secondsToTarget(target);
        double tb = b.secondsToTarget(target);
        if (!Double.isNaN(ta) || !Double.isNaN(tb)) {
            if (Double.isNaN(tb)) {
                return true;
            }
            if (Double.isNaN(ta) || ta > tb) {
                return false;
            }
            if (ta < tb) {
                return true;
            }
        }
        return a.bestTestError() < b.bestTestError();     // NaN compares false: a run without evaluations never wins
    }
}
