package io.easgd.backend.plans;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.backend.audit.Actor;
import io.easgd.backend.db.Db;
import io.easgd.backend.jobs.JobState;
import io.easgd.backend.sweeps.Sweep;
import io.easgd.backend.sweeps.SweepService;
import io.easgd.core.spec.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Creates a plan (its sweep of simulated runs, then its row) and reads it as a table of (p, τ). */
@Service
public class PlanService {
    private final SweepService sweeps;
    private final PlanRepository plans;
    private final Db db;

    public PlanService(SweepService sweeps, PlanRepository plans, Db db) {
        this.sweeps = sweeps;
        this.plans = plans;
        this.db = db;
    }

    public Mono<Plan> create(String body, Actor by) {
        return db.call(() -> PlanRequest.parse(body)).flatMap(request -> {
            ObjectNode stored = Json.MAPPER.valueToTree(request);
            String name = "plan " + request.link() + " to " + request.targetTestError();
            return sweeps.create(request.sweep(name).toString(), by)
                    .flatMap(sweep -> db.call(() -> plans.insert(sweep.id(), stored)));
        }).flatMap(this::get);
    }

    public Mono<Plan> get(long id) {
        return db.call(() -> plans.get(id)).flatMap(row -> sweeps.get(row.sweepId()).map(sweep -> view(row, sweep)));
    }

    static Plan view(PlanRepository.Row row, Sweep sweep) {
        PlanRequest r;
        try {
            r = Json.MAPPER.readValue(row.request(), PlanRequest.class);
        } catch (Exception e) {
            throw new IllegalStateException("reading plan " + row.id() + ": " + e.getMessage(), e);
        }
        List<Plan.Cell> cells = new ArrayList<>();
        for (Sweep.Run run : sweep.runs()) {
            int p = ((Number) run.params().get("workers")).intValue();
            int tau = ((Number) run.params().get("tau")).intValue();
            cells.add(cell(p, tau, run));
        }
        Plan.Cell fastest = cells.stream().filter(c -> c.secondsToTarget() != null)
                .min(Comparator.comparingDouble(Plan.Cell::secondsToTarget).thenComparingInt(Plan.Cell::workers)
                        .thenComparingInt(Plan.Cell::tau))
                .orElse(null);
        return new Plan(row.id(), row.sweepId(), sweep.state(), row.createdAt(), r.link(), r.serverLink(),
                r.targetTestError(), r.maxSteps(), r.workers(), r.tau(), cells, fastest, summary(r, cells, fastest));
    }

    static Plan.Cell cell(int p, int tau, Sweep.Run run) {
        Double t = run.secondsToTarget();
        boolean ended = run.state().isFinal();
        Boolean reached = t != null ? Boolean.TRUE : ended ? Boolean.FALSE : null;
        String note;
        if (t != null) {
            note = String.format(Locale.ROOT, "%.1f virtual s to the target", t);
        } else if (run.state() == JobState.FAILED || run.state() == JobState.CANCELLED) {
            note = run.state().name().toLowerCase(Locale.ROOT) + (run.bestTestError() != null
                    ? String.format(Locale.ROOT, "; best test error %.4f", run.bestTestError()) : "");
        } else if (ended) {
            note = "not reached within the budget" + (run.bestTestError() != null
                    ? String.format(Locale.ROOT, "; best test error %.4f", run.bestTestError()) : "");
        } else {
            note = run.state() == JobState.RUNNING ? "running" : "queued";
        }
        return new Plan.Cell(p, tau, run.jobId(), run.state(), t, reached, run.bestTestError(), note);
    }

    private static String summary(PlanRequest r, List<Plan.Cell> cells, Plan.Cell fastest) {
        long done = cells.stream().filter(c -> c.state().isFinal()).count();
        String head = done + " of " + cells.size() + " runs done";
        if (fastest == null) {
            return head + (done == cells.size() ? "; none reached test error " + r.targetTestError()
                    + " within " + r.maxSteps() + " steps" : "");
        }
        return head + String.format(Locale.ROOT, "; fastest so far: p = %d, τ = %d, %.1f virtual s to test error %s over %s",
                fastest.workers(), fastest.tau(), fastest.secondsToTarget(), r.targetTestError(), r.link());
    }
}
