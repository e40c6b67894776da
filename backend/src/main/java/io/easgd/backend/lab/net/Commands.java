package io.easgd.backend.lab.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ip} and {@code tc}: each command with a 20 s limit, its output captured, and a failure
 * reported with the command line and what it printed. The lab's only way to the system.
 */
class Commands {
    private static final long TIMEOUT_SECONDS = 20;

    /** What a command printed, and whether it succeeded. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs it; a non-zero exit is a {@link LabException} naming the command. */
    String run(String... cmd) {
        Result r = tryRun(cmd);
        if (!r.ok()) {
            throw new LabException(String.join(" ", cmd) + " failed (exit " + r.exitCode() + "): " + r.output().strip());
        }
        return r.output();
    }

    /** Runs it and returns how it went, failure included. */
    Result tryRun(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /** {@code ip netns exec <ns> <cmd…>}: the command line that runs {@code cmd} inside namespace {@code ns}. */
    static List<String> inNamespace(String ns, List<String> cmd) {
        List<String> all = new ArrayList<>(Arrays.asList("ip", "netns", "exec", ns));
        all.addAll(cmd);
        return all;
    }
}
