package io.easgd.agent;

import io.easgd.core.protocol.ToServer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What this machine offers, for {@code hello.capabilities}. Loads the ND4J backend. */
public final class Machine {
    private static final Logger log = LoggerFactory.getLogger(Machine.class);

    private Machine() {
    }

    public static ToServer.Capabilities capabilities() {
        int cores = Runtime.getRuntime().availableProcessors();
        long memory = Runtime.getRuntime().maxMemory();
        BackendChoice.Decision expected = BackendChoice.decideAndLog(System.getenv());
        ToServer.Backend backend = backendOf(Nd4j.getBackend().getClass().getName());
        if (backend != expected.backend()) {
            log.warn("ND4J loaded the {} backend where {} was expected; see ND4J's log lines above", backend,
                    expected.backend());
        }
        String gpuName = null;
        Long gpuMemory = null;
        if (backend == ToServer.Backend.CUDA) {
            try {
                Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
                if (env.get(Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY) instanceof List<?> devices && !devices.isEmpty()
                        && devices.get(0) instanceof Map<?, ?> device) {
                    Object name = device.get(Nd4jEnvironment.CUDA_DEVICE_NAME_KEY);
                    Object total = device.get(Nd4jEnvironment.CUDA_TOTAL_MEMORY_KEY);
                    gpuName = name != null ? name.toString() : null;
                    gpuMemory = total instanceof Number n ? n.longValue() : null;
                }
            } catch (RuntimeException e) {
                log.warn("cannot read the GPU's name and memory: {}", e.toString());
            }
        }
        return new ToServer.Capabilities(cores, memory, backend, gpuName, gpuMemory);
    }

    /** CUDA for ND4J's CUDA backend ({@code org.nd4j.linalg.jcublas.JCublasBackend}), CPU for anything else. */
    static ToServer.Backend backendOf(String backendClassName) {
        String name = backendClassName.toLowerCase(Locale.ROOT);
        return name.contains("cublas") || name.contains("cuda") ? ToServer.Backend.CUDA : ToServer.Backend.CPU;
    }
}
