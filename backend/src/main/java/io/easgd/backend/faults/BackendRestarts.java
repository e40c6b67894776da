package io.easgd.backend.faults;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Restarts this backend for the fault lab: a detached helper ({@code setsid sh}) sends the signal
 * (TERM for a graceful stop, KILL for a crash) from outside, waits until this process is gone (at most
 * {@value #WAIT_SECONDS} s, then KILL), and starts the backend again with this process's own command
 * line, environment and working directory, its output appended to {@code <data dir>/logs/backend.log}.
 * The restarted backend is nobody's child: it is stopped like any backend (SIGTERM to its pid, which
 * {@code GET /api/v1/lab/faults} shows).
 *
 * <p>Only a backend that runs as its own JVM can do this (launched with {@code java -jar} or its main
 * class, not inside a test or another program) and only on a fixed {@code server.port}, which its agents
 * reconnect to.
 */
final class BackendRestarts {
    static final int WAIT_SECONDS = 120;
    private static final String SCRIPT = "pid=$1; sig=$2; shift 2; kill -s \"$sig\" \"$pid\"; i=0; "
            + "while kill -0 \"$pid\" 2>/dev/null; do sleep 0.2; i=$((i+1)); "
            + "if [ $i -ge " + (WAIT_SECONDS * 5) + " ]; then kill -s KILL \"$pid\"; fi; done; exec \"$@\"";

    private final Path logFile;
    private final int port;

    BackendRestarts(Path dataDir, int port) {
        this.logFile = dataDir.resolve("logs").resolve("backend.log").toAbsolutePath();
        this.port = port;
    }

    /** Empty when this backend can restart itself; otherwise why not. */
    Optional<String> unavailable() {
        String command = System.getProperty("sun.java.command", "");
        String main = command.split("\\s+")[0];
        boolean ownJvm = main.endsWith(".jar") || main.equals("io.easgd.backend.EasgdApplication")
                || main.startsWith("org.springframework.boot.loader.");
        if (!ownJvm) {
            return Optional.of("the backend runs inside another program (" + (main.isEmpty() ? "unknown" : main)
                    + "), not as its own JVM (java -jar backend/target/easgd-backend.jar): it cannot restart itself");
        }
        if (port <= 0) {
            return Optional.of("server.port is 0 (a random port): a restarted backend would listen elsewhere than its "
                    + "agents reconnect to; set SERVER_PORT");
        }
        if (ProcessHandle.current().info().command().isEmpty()) {
            return Optional.of("this JVM's command line cannot be read (/proc)");
        }
        return Optional.empty();
    }

    /** Starts the helper; this process gets {@code signal} (TERM or KILL) from it right after. */
    void restart(String signal) throws IOException {
        ProcessHandle.Info self = ProcessHandle.current().info();
        List<String> cmd = new ArrayList<>(List.of("setsid", "sh", "-c", SCRIPT, "easgd-restart",
                String.valueOf(ProcessHandle.current().pid()), signal));
        cmd.add(self.command().orElseThrow());
        self.arguments().ifPresent(a -> cmd.addAll(List.of(a)));
        Files.createDirectories(logFile.getParent());
        new ProcessBuilder(cmd).directory(new File(System.getProperty("user.dir")))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
    }

    Path logFile() {
        return logFile;
    }
}
