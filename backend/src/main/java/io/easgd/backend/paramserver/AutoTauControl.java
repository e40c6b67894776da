package io.easgd.backend.paramserver;

import io.easgd.backend.agents.AgentRegistry;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.training.AutoTauPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Auto-τ ({@code "tau": "auto"}) on the parameter server, on each job's lane: every progress
 * message of a rank brings its smoothed timings; once every training rank has reported some,
 * {@link AutoTauPolicy} decides from the latest of each (the costliest exchange sets the one τ of
 * the job). A change goes to every
 * worker as {@code setTau}, becomes a {@code tau} event in the job's stream ("τ 1 → 12: exchange 86
 * ms, step 20 ms, target 10 %") and a point of the {@code tau} series, and is written to the job's
 * row ({@code live_tau}, by {@link MetricFlusher}) so that a replacement worker and a run resumed
 * after a restart continue with it. A worker that reports another τ than the job's (it reconnected
 * and missed the message) is sent it again.
 */
@Component
class AutoTauControl {
    private static final Logger log = LoggerFactory.getLogger(AutoTauControl.class);

    private final AgentRegistry registry;
    private final WorkerEventLog eventLog;

    AutoTauControl(AgentRegistry registry, WorkerEventLog eventLog) {
        this.registry = registry;
        this.eventLog = eventLog;
    }

    /** Training started: the first point of the {@code tau} series, at the τ the run starts with. */
    @EventListener
    void onAllReady(RunEvents.AllReady e) {
        JobRun run = e.run();
        if (run.autoTau != null) {
            run.add(new MetricPoint(run.jobId, "tau", null, 0, run.jobStep(), run.autoTau.tau()));
        }
    }

    /** A rank reported progress; on the job's lane. */
    void onProgress(JobRun run, WorkerSlot slot, ToServer.Progress p, Instant now) {
        AutoTauRun auto = run.autoTau;
        if (auto == null) {
            return;
        }
        int r = slot.rank;
        long t = run.millis(now);
        long step = p.points().get(p.points().size() - 1).step();
        if (p.stepMs() != null) {
            auto.measuredStep(r, p.stepMs());
            run.add(new MetricPoint(run.jobId, "step_ms", r, t, step, p.stepMs()));
        }
        if (p.exchangeMs() != null) {
            auto.measuredExchange(r, p.exchangeMs());
            run.add(new MetricPoint(run.jobId, "exchange_ms", r, t, step, p.exchangeMs()));
        }
        if (p.tau() != null && p.tau() != auto.tau() && auto.sentTau(r) != auto.tau()) {
            send(run, slot, auto.tau(), "the job's tau is " + auto.tau());      // it missed the last setTau
        }
        decide(run, now);
    }

    /** The agent of {@code slot} reconnected: it may have missed a setTau, its next progress will tell. */
    void onResumed(JobRun run, WorkerSlot slot) {
        if (run.autoTau != null) {
            run.autoTau.sent(slot.rank, 0);
        }
    }

    /** A new agent holds the rank (a replacement, or an admission to a worker range), assigned with the job's current τ. */
    void onJoined(JobRun run, WorkerSlot slot) {
        if (run.autoTau != null) {
            run.autoTau.joined(slot.rank, slot.exchange.exchanges());
        }
    }

    private void decide(JobRun run, Instant now) {
        AutoTauRun auto = run.autoTau;
        List<AutoTauPolicy.Measurement> ms = new ArrayList<>();
        long settled = Long.MAX_VALUE;
        for (WorkerSlot s : run.slots) {
            if (!s.isTraining()) {
                continue;
            }
            settled = Math.min(settled, s.exchange.exchanges() - auto.exchangesAtChange(s.rank));
            double step = auto.stepMs(s.rank);
            double wire = auto.exchangeMs(s.rank);
            if (!(step > 0 && wire >= 0)) {
                return;                  // every training worker's timings first: the costliest one decides
            }
            ms.add(new AutoTauPolicy.Measurement(s.rank, step / 1000, wire / 1000));
        }
        if (ms.isEmpty()) {
            return;
        }
        int from = auto.tau();
        AutoTauPolicy.Decision d = auto.policy.decide(from, ms, settled);
        if (d.changed()) {
            change(run, from, d.tau(), "τ " + from + " → " + d.tau() + ": " + d.reason(), now);
        }
    }

    /** Sets the job's τ: every worker is told, and the change is recorded. */
    void change(JobRun run, int from, int to, String reason, Instant now) {
        AutoTauRun auto = run.autoTau;
        auto.set(to);
        for (WorkerSlot s : run.slots) {
            auto.changedAt(s.rank, s.exchange.exchanges());
            if (s.isActive()) {
                send(run, s, to, reason);
            }
        }
        long t = run.millis(now);
        long step = run.jobStep();
        run.add(new MetricPoint(run.jobId, "tau", null, t, step, to));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("jobId", run.jobId);
        row.put("from", from);
        row.put("to", to);
        row.put("reason", reason);
        row.put("step", step);
        row.put("t", t);
        row.put("at", now.toString());
        log.info("job {}: {}", run.jobId, reason);
        eventLog.recordTau(run, row);
    }

    private void send(JobRun run, WorkerSlot slot, int tau, String reason) {
        registry.get(slot.agentId()).filter(a -> Long.valueOf(run.jobId).equals(a.jobId()))
                .ifPresent(a -> a.send(new ToAgent.SetTau(run.jobId, tau, reason)));
        run.autoTau.sent(slot.rank, tau);
    }
}
