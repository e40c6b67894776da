package io.easgd.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.easgd.core.search.SearchSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search replay on hand-made curves, worked by hand: which run stops where, and what the search cost. */
class SearchReplayTest {
    /** One worker, evaluations at steps 10, 20, 30, 40, one virtual second per 10 steps. */
    private static SearchReplay.Curve curve(String label, double... errors) {
        List<SearchReplay.Point> points = new ArrayList<>();
        for (int i = 0; i < errors.length; i++) {
            long step = 10L * (i + 1);
            points.add(new SearchReplay.Point(step / 10.0, step, new long[] {step}, 1000 * step, errors[i]));
        }
        return new SearchReplay.Curve(label, 1, errors.length, points);
    }

    private static final List<SearchReplay.Curve> RUNS = List.of(
            curve("a", 0.5, 0.4, 0.3, 0.2),
            curve("b", 0.6, 0.55, 0.5, 0.45),
            curve("c", 0.4, 0.35, 0.25, 0.2),
            curve("d", 0.45, 0.5, 0.45, 0.4));
    /** η = 2, rungs at 10 and 20 of 40 steps. */
    private static final SearchSpec ASHA = new SearchSpec(SearchSpec.Method.ASHA, 2, SearchSpec.Resource.STEPS, 10, 40, 1);

    @Test
    void oneSlotStopsTheRunsWorkedByHand() {
        SearchReplay.Result r = SearchReplay.replay(RUNS, ASHA, 1);

        // a: first at both rungs, promoted (1 of 1), runs to its end at 4 s
        // b: 0.6 is 2nd of 2 at rung 0 (keep 1): stopped at 1 s
        // c: 0.4 is 1st of 3 at rung 0 (keep 2), 0.35 1st of 2 at rung 1 (keep 1): to its end
        // d: 0.45 is 2nd of 4 at rung 0 (keep 2): promoted; 0.5 is 3rd of 3 at rung 1 (keep 2): stopped at 2 s
        assertThat(r.runs()).extracting(SearchReplay.RunResult::stopped).containsExactly(false, true, false, true);
        assertThat(r.runs()).extracting(SearchReplay.RunResult::rung).containsExactly(1, 0, 1, 1);
        assertThat(r.runs()).extracting(x -> x.ran().seconds()).containsExactly(4.0, 1.0, 4.0, 2.0);
        assertThat(r.workerSeconds()).isEqualTo(11.0);
        assertThat(SearchReplay.replay(RUNS, null, 1).workerSeconds()).isEqualTo(16.0);
        assertThat(r.stoppedPerRung(2)).containsExactly(1, 1);
        // one slot: one after another
        assertThat(r.runs()).extracting(SearchReplay.RunResult::start).containsExactly(0.0, 4.0, 5.0, 9.0);
        assertThat(r.makespan()).isEqualTo(11.0);
        SearchReplay.Decision dStop = r.decisions().get(r.decisions().size() - 1);
        assertThat(dStop.run()).isEqualTo(3);
        assertThat(dStop.rule()).isEqualTo(new io.easgd.core.search.SuccessiveHalving.Decision(3, 3, 2, false));
        assertThat(dStop.at()).isEqualTo(20);
        assertThat(dStop.clock()).isEqualTo(11.0);
        // the stopped run's curve is the prefix of its full one
        assertThat(r.runs().get(3).ran().points()).hasSize(2);
    }

    @Test
    void twoSlotsDecideInClockOrderTiesToTheEarlierRun() {
        SearchReplay.Result r = SearchReplay.replay(RUNS, ASHA, 2);

        // a and b reach rung 0 together at 1 s: a is decided first (1 of 1), b is 2nd of 2 and stops; c starts at 1 s
        assertThat(r.runs().get(1).stopped()).isTrue();
        assertThat(r.runs().get(1).end()).isEqualTo(1.0);
        assertThat(r.runs().get(2).start()).isEqualTo(1.0);
        // a at rung 1 (2 s) before c at rung 0 (also 2 s); c then 1st of 2 at rung 1 (3 s) and runs on
        assertThat(r.decisions()).extracting(SearchReplay.Decision::run).containsExactly(0, 1, 0, 2, 2, 3, 3);
        assertThat(r.runs()).extracting(SearchReplay.RunResult::stopped).containsExactly(false, true, false, true);
        // d starts when a ends (4 s): 0.45 is 2nd of 4 (keep 2), 0.5 3rd of 3 at rung 1: stopped at 6 s
        assertThat(r.runs().get(3).start()).isEqualTo(4.0);
        assertThat(r.runs().get(3).end()).isEqualTo(6.0);
        assertThat(r.workerSeconds()).isEqualTo(11.0);
    }

    @Test
    void hyperbandDealsRunsToBracketsAndTheLastRunsToTheEnd() {
        SearchSpec hb = new SearchSpec(SearchSpec.Method.HYPERBAND, 2, SearchSpec.Resource.STEPS, 10, 40,
                SearchSpec.maxBrackets(2, 10, 40));
        SearchReplay.Result r = SearchReplay.replay(RUNS, hb, 1);

        // brackets [10, 20], [20], []: a → 0, b → 1, c → 2, d → 0
        assertThat(r.runs()).extracting(SearchReplay.RunResult::bracket).containsExactly(0, 1, 2, 0);
        // a 1st everywhere; b alone at bracket 1's rung 20 (1 of 1): on; c no rungs; d 0.45 1st of 2 at rung 10
        // (against a's 0.5), then 0.5 2nd of 2 at rung 20 (keep 1, a had 0.4): stopped at 2 s
        assertThat(r.runs()).extracting(SearchReplay.RunResult::stopped).containsExactly(false, false, false, true);
        assertThat(r.runs().get(3).rung()).isEqualTo(1);
        assertThat(r.workerSeconds()).isEqualTo(4 + 4 + 4 + 2);
    }

    @Test
    void bestIsFastestToTargetInterpolatedElseLowestError() {
        // c crosses 0.3 between 0.35 at 2 s and 0.25 at 3 s: 2.5 s; a at its evaluation of 0.3, 3 s
        assertThat(RUNS.get(2).secondsToTarget(0.3)).isCloseTo(2.5, within(1e-12));
        assertThat(RUNS.get(0).secondsToTarget(0.3)).isEqualTo(3.0);
        assertThat(SearchReplay.best(RUNS, 0.3)).isEqualTo(2);
        // nobody reaches 0.1: the lowest best error, tie (a and c at 0.2) to the earlier run
        assertThat(SearchReplay.best(RUNS, 0.1)).isEqualTo(0);
    }
}
