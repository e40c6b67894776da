package io.easgd.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.core.protocol.ToServer;
import org.junit.jupiter.api.Test;

class MachineTest {
    @Test
    void theBackendIsNamedFromNd4jsBackendClass() {
        assertThat(Machine.backendOf("org.nd4j.linalg.cpu.nativecpu.CpuBackend")).isEqualTo(ToServer.Backend.CPU);
        assertThat(Machine.backendOf("org.nd4j.linalg.jcublas.JCublasBackend")).isEqualTo(ToServer.Backend.CUDA);
    }

    @Test
    void thisMachineReportsTheCpuBackendAndNoGpu() {
        ToServer.Capabilities c = Machine.capabilities();
        assertThat(c.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.memoryBytes()).isEqualTo(Runtime.getRuntime().maxMemory());
        assertThat(c.backend()).isEqualTo(ToServer.Backend.CPU);
        assertThat(c.gpuName()).isNull();
        assertThat(c.gpuMemoryBytes()).isNull();
    }
}
