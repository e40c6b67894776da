package io.easgd.core.protocol;

import io.easgd.core.spec.JobSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One sample of every message, as in docs/protocol.md; each has a golden file named after its key. */
final class Samples {
    private Samples() {
    }

    static final ToServer.Capabilities CPU = new ToServer.Capabilities(2, 4_294_967_296L, ToServer.Backend.CPU, null, null);
    static final JobSpec SPEC = JobSpec.parse(
            "{\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":10,\"eta\":0.1,\"delta\":0.9,\"stop\":{\"maxSteps\":2000}}");
    /** The same with {@code "tau": "auto"} and the default auto-τ settings. */
    static final JobSpec AUTO_SPEC = JobSpec.parse(
            "{\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":\"auto\",\"eta\":0.1,\"delta\":0.9,\"stop\":{\"maxSteps\":2000}}");

    static Map<String, ToServer> toServer() {
        Map<String, ToServer> m = new LinkedHashMap<>();
        m.put("hello", ToServer.Hello.of("agent-token-1", "a1b2c3d4", "host-1", CPU, null));
        m.put("hello-resume", ToServer.Hello.of("agent-token-1", "a1b2c3d4", "gpu-box",
                new ToServer.Capabilities(16, 17_179_869_184L, ToServer.Backend.CUDA, "NVIDIA GeForce RTX 3090",
                        25_769_803_776L),
                new ToServer.Resume(12, 0, 340, 34)));
        m.put("heartbeat", new ToServer.Heartbeat(17));
        m.put("ready", new ToServer.Ready(12, 0));
        m.put("progress", new ToServer.Progress(12, 0, List.of(
                new ToServer.Point(340, 0.31, 4.2), new ToServer.Point(341, 0.29, null))));
        m.put("progress-auto", new ToServer.Progress(12, 0, List.of(
                new ToServer.Point(340, 0.31, 86.4), new ToServer.Point(341, 0.29, null)), 20.0, 86.0, 43));
        m.put("progress-overlap", new ToServer.Progress(12, 0, List.of(
                new ToServer.Point(340, 0.31, 1.2), new ToServer.Point(341, 0.29, null)), null, null, null, 9));
        m.put("finished", new ToServer.Finished(12, 0, 2000));
        m.put("failed", new ToServer.Failed(12, 0, "worker 0 has a non-finite training loss (NaN) at step 912"));
        m.put("leaving", new ToServer.Leaving("SIGTERM"));
        m.put("sim-started", new ToServer.SimStarted(14, 0, 16, 12.3, true, 0.08, false));
        m.put("sim-progress", new ToServer.SimProgress(14, 0, 4.5375, 340,
                List.of(new ToServer.SimEval(4.5375, 340, 1352, 0.2412, 0.0695, 1_728_000_000L)),
                List.of(new ToServer.SimExchange(3, 340, 4.5261, 3, 1_077_288, 1_077_288, 9.1)),
                List.of(new ToServer.SimLoss(0, 340, 4.5375, 0.31), new ToServer.SimLoss(1, 339, 4.5352, 0.29))));
        m.put("sim-ended", new ToServer.SimEnded(14, 0, ToServer.SimOutcome.COMPLETED,
                "reached stop.maxSteps 2000", 26.6925, 2000, 3200, 3_447_321_600L, 3_447_321_600L));
        return m;
    }

    static Map<String, ToAgent> toAgent() {
        Map<String, ToAgent> m = new LinkedHashMap<>();
        m.put("welcome", ToAgent.Welcome.of("a1b2c3d4", false));
        m.put("assign", new ToAgent.Assign(12, 0, SPEC, SPEC.workerSeed(0), 269_322, 0,
                new ToAgent.DatasetRef("mnist-10k", List.of(
                        file("train-images-idx3-ubyte", 6_272_016, "1"),
                        file("train-labels-idx1-ubyte", 8_008, "2"),
                        file("t10k-images-idx3-ubyte", 1_568_016, "3"),
                        file("t10k-labels-idx1-ubyte", 2_008, "4")))));
        m.put("assign-auto", new ToAgent.Assign(12, 1, AUTO_SPEC, AUTO_SPEC.workerSeed(1) + 340, 269_322, 340,
                new ToAgent.DatasetRef("mnist-10k", List.of(file("train-images-idx3-ubyte", 6_272_016, "1"))), 43));
        m.put("set-tau", new ToAgent.SetTau(12, 43, "τ 1 → 43: exchange 86 ms, step 20 ms, target 10 %"));
        m.put("stop", new ToAgent.Stop(12, "COMPLETED: reached the target test error 0.05"));
        m.put("error", new ToAgent.Error("job 12 is unknown"));
        return m;
    }

    private static ToAgent.FileRef file(String name, long size, String digit) {
        return new ToAgent.FileRef(name, size, digit.repeat(64), "/api/v1/datasets/mnist-10k/files/" + name);
    }
}
