package io.easgd.backend.faults;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Sends a signal to a process with {@code kill}: the fault lab's pause (STOP), resume (CONT) and fast shutdown (INT). */
final class Signals {
    private Signals() {
    }

    /** {@code kill -<signal> <pid>}; false, with nothing sent, when the process is gone. */
    static boolean send(String signal, long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                Process p = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).redirectErrorStream(true).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("kill -" + signal + " " + pid + " did not return within 10 s");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + out.strip());
                }
                return true;
            } catch (IOException e) {
                throw new IllegalStateException("kill -" + signal + " " + pid + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending " + signal + " to " + pid, e);
            }
        }
        return false;
    }
}
