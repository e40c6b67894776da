package io.easgd.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.easgd.core.protocol.ToServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendChoiceTest {
    private static final String NO_DEVICE = "cudaGetDeviceCount: 0 devices, CUDA error 100";

    @Test
    void aCpuBuildRunsOnCpuAndSaysNothing() {
        BackendChoice.Decision d = BackendChoice.decide(new BackendChoice.Probe(false, true, 0, "x"), Map.of());
        assertThat(d).isEqualTo(new BackendChoice.Decision(ToServer.Backend.CPU, null, false));
    }

    @Test
    void aCudaBuildWithoutADeviceFallsBackToCpuInOneClearLine() {
        BackendChoice.Decision d = BackendChoice.decide(new BackendChoice.Probe(true, true, 0, NO_DEVICE), Map.of());
        assertThat(d).isEqualTo(new BackendChoice.Decision(ToServer.Backend.CPU,
                "no CUDA device found (cudaGetDeviceCount: 0 devices, CUDA error 100); falling back to the CPU backend",
                true));
    }

    @Test
    void aCudaBuildWithDevicesUsesThem() {
        assertThat(BackendChoice.decide(new BackendChoice.Probe(true, true, 2, null), Map.of()))
                .isEqualTo(new BackendChoice.Decision(ToServer.Backend.CUDA, "2 CUDA devices found: using the CUDA backend",
                        false));
        assertThat(BackendChoice.decide(new BackendChoice.Probe(true, true, 1, null),
                Map.of("BACKEND_PRIORITY_GPU", "100", "BACKEND_PRIORITY_CPU", "50")).backend())
                .isEqualTo(ToServer.Backend.CUDA);
    }

    @Test
    void nd4jsPriorityVariablesCanPutTheCpuFirst() {
        BackendChoice.Decision d = BackendChoice.decide(new BackendChoice.Probe(true, true, 1, null),
                Map.of("BACKEND_PRIORITY_CPU", "200"));
        assertThat(d.backend()).isEqualTo(ToServer.Backend.CPU);
        assertThat(d.message()).isEqualTo("BACKEND_PRIORITY_CPU (200) is above BACKEND_PRIORITY_GPU (100): using the CPU "
                + "backend although this build has the CUDA backend");
        assertThat(d.warn()).isFalse();
    }

    @Test
    void aCudaOnlyBuildWithoutADeviceSaysItCannotFallBack() {
        BackendChoice.Decision d = BackendChoice.decide(new BackendChoice.Probe(true, false, 0, NO_DEVICE), Map.of());
        assertThat(d.backend()).isEqualTo(ToServer.Backend.CUDA);
        assertThat(d.message()).startsWith("no CUDA device found (" + NO_DEVICE + ") and this build has no CPU backend");
        assertThat(d.warn()).isTrue();
    }

    @Test
    void theReasonIsTheInnermostCauseWithoutTheLibraryPath() {
        Throwable e = new ExceptionInInitializerError(new UnsatisfiedLinkError(
                "no jnicudart in java.library.path: /usr/java/packages/lib:/usr/lib/x86_64-linux-gnu/jni:/lib"));
        assertThat(BackendChoice.brief(e)).isEqualTo("UnsatisfiedLinkError: no jnicudart in java.library.path");
        assertThat(BackendChoice.brief(new IllegalStateException("x"))).isEqualTo("IllegalStateException: x");
    }

    /** The default build has no CUDA classes; under -Pcuda on a machine without a GPU, the real fallback. */
    @Test
    void thisMachine() {
        BackendChoice.Probe p = BackendChoice.probe();
        assertThat(p.cpuBuilt()).isTrue();
        BackendChoice.Decision d = BackendChoice.decide(p, System.getenv());
        if (!p.cudaBuilt()) {
            assertThat(d).isEqualTo(new BackendChoice.Decision(ToServer.Backend.CPU, null, false));
            return;
        }
        assumeTrue(p.devices() == 0, "this machine has a CUDA device");
        assertThat(d.backend()).isEqualTo(ToServer.Backend.CPU);
        assertThat(d.message()).startsWith("no CUDA device found (").endsWith("); falling back to the CPU backend");
    }
}
