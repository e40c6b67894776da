package io.easgd.backend.sweeps;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.backend.jobs.JobState;
import io.easgd.backend.sweeps.PaperVerdict.Answer;
import io.easgd.backend.sweeps.PaperVerdict.Outcome;
import io.easgd.core.spec.Algorithm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperVerdictTest {
    private static final Algorithm EASGD = Algorithm.EASGD;
    private static final Algorithm EAMSGD = Algorithm.EAMSGD;
    private static final Algorithm DOWNPOUR = Algorithm.DOWNPOUR;

    private static Outcome done(Algorithm a, int tau, double best, Double seconds, Long bytes) {
        return new Outcome(a, tau, JobState.COMPLETED, "reached 1000 steps per worker", best, seconds, bytes);
    }

    private static Outcome diverged(int tau) {
        return new Outcome(DOWNPOUR, tau, JobState.FAILED, "diverged: the test loss is NaN after 40 master updates",
                0.9, null, null);
    }

    /** The paper's picture at τ ∈ {1, 16}, three seeds: EAMSGD fastest, the elastic ones hold, DOWNPOUR blows up. */
    private static List<Outcome> paperLike() {
        List<Outcome> runs = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            runs.add(done(EASGD, 1, 0.025 + s * 0.001, 60.0 + s, 6_000_000L + s));
            runs.add(done(EAMSGD, 1, 0.020 + s * 0.001, 40.0 + s, 4_000_000L + s));
            runs.add(done(DOWNPOUR, 1, 0.026 + s * 0.001, 70.0 + s, 7_000_000L + s));
            runs.add(done(EASGD, 16, 0.027 + s * 0.001, 50.0 + s, 600_000L + s));
            runs.add(done(EAMSGD, 16, 0.022 + s * 0.001, 30.0 + s, 400_000L + s));
            runs.add(s == 2 ? done(DOWNPOUR, 16, 0.2, null, null) : diverged(16));
            runs.add(done(Algorithm.MSGD, 1, 0.024, 80.0 + s, 0L));
        }
        return runs;
    }

    private static PaperVerdict.Question q(PaperVerdict.Verdict v, String id) {
        return v.questions().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void thePapersClaimsHoldOnPaperLikeResults() {
        PaperVerdict.Verdict v = PaperVerdict.of(paperLike());
        assertThat(v.questions()).extracting(PaperVerdict.Question::answer)
                .containsExactly(Answer.YES, Answer.YES, Answer.YES);
        assertThat(q(v, "eamsgd-best-every-tau").detail()).isEqualTo("EAMSGD best at 2 of 2 τ values; "
                + "τ=1 (median time to target): EASGD 61.0 s, EAMSGD 41.0 s, DOWNPOUR 71.0 s; "
                + "τ=16 (median time to target): EASGD 51.0 s, EAMSGD 31.0 s, DOWNPOUR never.");
        assertThat(q(v, "elastic-holds-with-tau").detail()).isEqualTo("2 of 2 (algorithm, τ) pairs hold; "
                + "EASGD: τ=1 0.026, τ=16 0.028 (holds); EAMSGD: τ=1 0.021, τ=16 0.023 (holds).");
        assertThat(q(v, "downpour-unstable-large-tau").detail()).isEqualTo("Unstable at 1 of 1 τ ≥ 16; "
                + "τ=16: 2/3 runs diverged, median best error 0.900 vs 0.027 at τ=1.");
        assertThat(v.bytesToTarget()).containsExactly(
                new PaperVerdict.BytesRow("EASGD", 1, 6_000_001L, "3/3"),
                new PaperVerdict.BytesRow("EASGD", 16, 600_001L, "3/3"),
                new PaperVerdict.BytesRow("EAMSGD", 1, 4_000_001L, "3/3"),
                new PaperVerdict.BytesRow("EAMSGD", 16, 400_001L, "3/3"),
                new PaperVerdict.BytesRow("DOWNPOUR", 1, 7_000_001L, "3/3"),
                new PaperVerdict.BytesRow("DOWNPOUR", 16, null, "0/3"),
                new PaperVerdict.BytesRow("MSGD", 1, 0L, "3/3"));
    }

    @Test
    void theOppositePictureAnswersNo() {
        List<Outcome> runs = new ArrayList<>();
        for (int tau : new int[] {1, 16}) {
            runs.add(done(EASGD, tau, 0.02, 30.0, 1L));
            runs.add(done(EAMSGD, tau, tau == 1 ? 0.02 : 0.04, 50.0, 1L));   // slower everywhere, worse at τ=16
            runs.add(done(DOWNPOUR, tau, 0.021, 40.0, 1L));                    // as good at 16 as at 1
        }
        PaperVerdict.Verdict v = PaperVerdict.of(runs);
        assertThat(q(v, "eamsgd-best-every-tau").answer()).isEqualTo(Answer.NO);
        assertThat(q(v, "elastic-holds-with-tau").answer()).isEqualTo(Answer.PARTLY);    // EASGD holds, EAMSGD not
        assertThat(q(v, "downpour-unstable-large-tau").answer()).isEqualTo(Answer.NO);
    }

    @Test
    void withoutAnyRunReachingTheTargetTheMedianBestErrorDecides() {
        List<Outcome> runs = new ArrayList<>();
        for (int tau : new int[] {1, 4}) {
            runs.add(done(EASGD, tau, 0.05, null, null));
            runs.add(done(EAMSGD, tau, tau == 1 ? 0.04 : 0.06, null, null));
            runs.add(done(DOWNPOUR, tau, 0.045, null, null));
        }
        PaperVerdict.Verdict v = PaperVerdict.of(runs);
        assertThat(q(v, "eamsgd-best-every-tau").answer()).isEqualTo(Answer.PARTLY);
        assertThat(q(v, "eamsgd-best-every-tau").detail()).contains("τ=4 (none reached the target; median best error): "
                + "EASGD 0.050, EAMSGD 0.060, DOWNPOUR 0.045");
        assertThat(q(v, "downpour-unstable-large-tau").answer()).isEqualTo(Answer.UNDECIDED);
    }

    @Test
    void noVerdictUntilEveryCellHasAnEndedRun() {
        List<Outcome> runs = new ArrayList<>(paperLike());
        runs.removeIf(o -> o.algorithm() == EAMSGD && o.tau() == 16);
        runs.add(new Outcome(EAMSGD, 16, JobState.RUNNING, null, 0.03, null, null));
        runs.add(new Outcome(EAMSGD, 16, JobState.CANCELLED, "cancelled", 0.03, null, null));
        assertThat(PaperVerdict.of(runs)).isNull();
        runs.add(done(EAMSGD, 16, 0.03, 20.0, 5L));
        assertThat(PaperVerdict.of(runs)).isNotNull();
        assertThat(PaperVerdict.of(runs.stream().filter(o -> o.tau() == 1).toList())).isNull();   // one τ only
    }
}
