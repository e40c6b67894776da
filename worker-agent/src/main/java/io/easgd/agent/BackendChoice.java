package io.easgd.agent;

import io.easgd.core.protocol.ToServer;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which ND4J backend this agent will train on, decided — and said in one log line — before ND4J loads.
 *
 * <p>A CPU build ({@code nd4j-native-platform}) has only the CPU backend. A CUDA build ({@code -Pcuda})
 * has both {@code nd4j-cuda-11.6-platform} and {@code nd4j-native-platform}: ND4J tries the backend
 * of highest priority first ({@code BACKEND_PRIORITY_GPU}, default 100, over {@code BACKEND_PRIORITY_CPU},
 * default 0; environment variables only) and takes the next when one cannot run — the CUDA backend
 * cannot without a device. ND4J's own message for that is a WARN about a skipped "JCublasBackend"; this
 * asks the CUDA runtime the same question first ({@code cudaGetDeviceCount}, what ND4J's CUDA backend
 * asks) and says plainly: "no CUDA device found (…); falling back to the CPU backend".
 */
final class BackendChoice {
    private static final Logger log = LoggerFactory.getLogger(BackendChoice.class);
    static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";
    static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    static final String CUDA_RUNTIME = "org.bytedeco.cuda.global.cudart";

    /**
     * What the machine and the build offer.
     *
     * @param cudaBuilt the CUDA backend is on the classpath
     * @param cpuBuilt the CPU backend is on the classpath
     * @param devices CUDA devices the runtime counts (0 when it could not count)
     * @param problem why there is no device: the runtime's error code or why it did not load; null with a device
     */
    record Probe(boolean cudaBuilt, boolean cpuBuilt, int devices, String problem) {
    }

    /**
     * The decision.
     *
     * @param backend the backend ND4J will load
     * @param message the line to log (null: nothing to say, a CPU build)
     * @param warn whether it is a warning (a CUDA build that runs on CPU)
     */
    record Decision(ToServer.Backend backend, String message, boolean warn) {
    }

    private BackendChoice() {
    }

    /** Probes this machine and logs the decision. */
    static Decision decideAndLog(Map<String, String> env) {
        Decision d = decide(probe(), env);
        if (d.message() != null) {
            if (d.warn()) {
                log.warn(d.message());
            } else {
                log.info(d.message());
            }
        }
        return d;
    }

    /** The decision for what {@code probe} found, with ND4J's priority variables from {@code env}. */
    static Decision decide(Probe probe, Map<String, String> env) {
        if (!probe.cudaBuilt()) {
            return new Decision(ToServer.Backend.CPU, null, false);
        }
        int cpu = priority(env, "BACKEND_PRIORITY_CPU", 0);
        int gpu = priority(env, "BACKEND_PRIORITY_GPU", 100);
        if (probe.cpuBuilt() && cpu > gpu) {
            return new Decision(ToServer.Backend.CPU, "BACKEND_PRIORITY_CPU (" + cpu + ") is above BACKEND_PRIORITY_GPU ("
                    + gpu + "): using the CPU backend although this build has the CUDA backend", false);
        }
        if (probe.devices() > 0) {
            return new Decision(ToServer.Backend.CUDA, probe.devices() + " CUDA device" + (probe.devices() == 1 ? "" : "s")
                    + " found: using the CUDA backend", false);
        }
        if (!probe.cpuBuilt()) {
            return new Decision(ToServer.Backend.CUDA, "no CUDA device found (" + probe.problem() + ") and this build "
                    + "has no CPU backend to fall back to (nd4j-native-platform): ND4J will fail to start", true);
        }
        return new Decision(ToServer.Backend.CPU, "no CUDA device found (" + probe.problem()
                + "); falling back to the CPU backend", true);
    }

    /** Asks the CUDA runtime how many devices it sees, through reflection: a CPU build has no CUDA classes. */
    static Probe probe() {
        boolean cuda = present(CUDA_BACKEND);
        boolean cpu = present(CPU_BACKEND);
        if (!cuda) {
            return new Probe(false, cpu, 0, "this build has no CUDA backend");
        }
        try {
            Class<?> runtime = Class.forName(CUDA_RUNTIME);
            int[] count = {0};
            int error = (Integer) runtime.getMethod("cudaGetDeviceCount", int[].class).invoke(null, (Object) count);
            if (error != 0 || count[0] <= 0) {
                return new Probe(true, cpu, 0, "cudaGetDeviceCount: " + count[0] + " devices, CUDA error " + error);
            }
            return new Probe(true, cpu, count[0], null);
        } catch (InvocationTargetException e) {
            return new Probe(true, cpu, 0, "the CUDA runtime failed: " + brief(e.getCause()));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return new Probe(true, cpu, 0, "the CUDA runtime did not load: " + brief(e));
        }
    }

    /** The innermost cause, without the library path JavaCPP appends (a long list of directories). */
    static String brief(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage());
        int path = m.indexOf("java.library.path");
        return root.getClass().getSimpleName() + ": " + (path >= 0 ? m.substring(0, path + "java.library.path".length()) : m);
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, BackendChoice.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static int priority(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        try {
            return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
