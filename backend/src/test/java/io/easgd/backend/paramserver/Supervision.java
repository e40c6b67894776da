package io.easgd.backend.paramserver;

import io.easgd.backend.agents.AgentFaults;
import io.easgd.backend.agents.AgentRegistry;
import io.easgd.backend.testing.FakeClock;
import io.easgd.backend.testing.TestSettings;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.training.BlowUpGuard;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parameter server's supervision built as Spring builds it — through each class's one
 * constructor — with a fake clock, a registry of agent sessions on fake connections, lanes that run
 * at once, the published events in a list and the worker and τ events recorded as text and rows.
 */
final class Supervision {
    static final Instant START = Instant.parse("2026-11-29T00:00:00Z");
    static final ToAgent.DatasetRef DATASET = new ToAgent.DatasetRef("mnist-10k", List.of(new ToAgent.FileRef(
            "train-images-idx3-ubyte", 1, "0".repeat(64), "/api/v1/datasets/mnist-10k/files/train-images-idx3-ubyte")));

    final AgentRegistry registry = new AgentRegistry();
    final Runs runs = new Runs();
    final List<Object> events = new ArrayList<>();
    final List<String> workerEvents = new ArrayList<>();
    final List<Map<String, Object>> tauEvents = new ArrayList<>();
    final List<Map<String, Object>> stragglerEvents = new ArrayList<>();
    final FakeClock clock = new FakeClock(START);
    final WorkerEventLog eventLog = new WorkerEventLog(null, null, clock) {
        @Override
        void record(JobRun run, WorkerSlot slot, String event, String detail) {
            workerEvents.add(slot.rank + " " + event + ": " + detail);
        }

        @Override
        void recordTau(JobRun run, Map<String, Object> row) {
            tauEvents.add(row);
        }

        @Override
        void recordStraggler(JobRun run, WorkerSlot slot, String state, double stepsPerSecond, double peerMedian) {
            stragglerEvents.add(stragglerRow(slot, state, stepsPerSecond, peerMedian, clock.instant()));
        }
    };
    final AgentFaults faults;
    final AutoTauControl autoTau = new AutoTauControl(registry, eventLog);
    final ElasticWorkers elastic = new ElasticWorkers(runs, eventLog, clock);
    final WorkerSupervisor supervisor;

    /** @param settings {@code easgd.*} settings, e.g. {@code agents.grace=30s} */
    Supervision(String... settings) {
        var props = TestSettings.of(settings);
        faults = new AgentFaults(props, clock);
        supervisor = new WorkerSupervisor(runs, registry, faults, eventLog, autoTau, elastic, props, clock,
                events::add);
    }

    /** A run of job {@code job} held by agents {@code agent-0 … agent-(holders-1)}, added to the runs. */
    JobRun run(long job, String specJson, MasterRule master, float[] center, int holders, long startStep,
               Integer liveTau) {
        JobSpec spec = JobSpec.parse(specJson);
        if (center != null) {
            master.init(center);
        }
        List<JobRun.Holder> list = new ArrayList<>();
        for (int r = 0; r < holders; r++) {
            list.add(new JobRun.Holder("agent-" + r, "agent-" + r));
        }
        JobRun run = new JobRun(job, spec, null, master, startStep, list,
                BlowUpGuard.of(center != null ? center : new float[] {1f}), new Lane("test", Runnable::run), DATASET,
                liveTau);
        runs.add(run);
        return run;
    }

    /** What the lifecycle does on AllReady. */
    void started(JobRun run) {
        run.phase.start(clock.instant());
    }
}
