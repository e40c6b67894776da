package io.easgd.backend.lab;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervises one local agent process (slot {@code local-<i>}): starts it, and when it exits restarts
 * it after an exponential backoff (initial, doubling, capped; back to the initial delay once a
 * process stayed up for {@code stableAfter}). {@code crashLoopExits} exits within
 * {@code crashLoopWindow} stop the restarts: the slot is reported as {@link State#CRASH_LOOP} with an
 * ERROR log line naming the agent's log file. Exits are seen through {@link Process#onExit()}, so
 * no thread waits or polls; {@link #stop()} always wins over a pending exit or restart.
 *
 * <p>The clock (for backoff and crash-loop decisions), the launcher and the scheduler of delayed
 * restarts are injected, so the policy is tested with fakes and without sleeping.
 */
final class LocalAgentProcess {
    private static final Logger log = LoggerFactory.getLogger(LocalAgentProcess.class);

    /** Where a supervised slot stands. */
    enum State {
        /** The process runs. */
        RUNNING,
        /** The process exited; a restart is scheduled. */
        RESTARTING,
        /** It exited too often too quickly; it is not restarted any more. */
        CRASH_LOOP,
        /** The backend stopped it. */
        STOPPED
    }

    /** Starts the agent's process. */
    @FunctionalInterface
    interface Launcher {
        Process launch() throws IOException;
    }

    /** Runs a task once after a delay. */
    @FunctionalInterface
    interface Scheduler {
        void schedule(Duration delay, Runnable task);
    }

    /**
     * @param initialBackoff delay before the first restart, and again after a stable run
     * @param maxBackoff the doubling stops here
     * @param stableAfter a process that stayed up this long resets the backoff
     * @param crashLoopExits this many exits …
     * @param crashLoopWindow … within this window stop the restarts
     */
    record Policy(Duration initialBackoff, Duration maxBackoff, Duration stableAfter, int crashLoopExits,
                  Duration crashLoopWindow) {
        Policy {
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("easgd.agents.restart-backoff must be >= 0 and <= "
                        + "easgd.agents.restart-backoff-max, found " + initialBackoff + " and " + maxBackoff);
            }
            if (crashLoopExits < 1) {
                throw new IllegalArgumentException("easgd.agents.crash-loop-exits must be >= 1, found " + crashLoopExits);
            }
        }
    }

    /** A snapshot of the slot; {@code pid} is null while no process runs. */
    record Status(String slot, State state, Long pid, int restarts, Integer lastExitCode, Instant lastExitAt,
                  Instant startedAt, Instant nextRestartAt, Path logFile) {
    }

    private final String slot;
    private final Path logFile;
    private final Launcher launcher;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Policy policy;

    // guarded by this
    private State state = State.STOPPED;
    private boolean stopped;
    /** The running process: one this slot launched, or one a previous backend launched and this one adopted. */
    private Running process;
    /** Whether {@link #stop} leaves the process running (a restart of the backend in the fault lab). */
    private boolean keepRunning;
    private Instant startedAt;
    private int restarts;
    private int quickExitsInARow;
    private Integer lastExitCode;
    private Instant lastExitAt;
    private Instant nextRestartAt;
    private final Deque<Instant> recentExits = new ArrayDeque<>();

    LocalAgentProcess(String slot, Path logFile, Launcher launcher, Scheduler scheduler, Clock clock, Policy policy) {
        this.slot = slot;
        this.logFile = logFile;
        this.launcher = launcher;
        this.scheduler = scheduler;
        this.clock = clock;
        this.policy = policy;
    }

    String slot() {
        return slot;
    }

    /** A running agent process: launched here (its exit code is known) or adopted (it is not). */
    private interface Running {
        long pid();

        void destroy();

        void destroyForcibly();

        java.util.concurrent.CompletableFuture<?> onExit();

        Integer exitCode();

        static Running launched(Process p) {
            return new Running() {
                public long pid() {
                    return p.pid();
                }

                public void destroy() {
                    p.destroy();
                }

                public void destroyForcibly() {
                    p.destroyForcibly();
                }

                public java.util.concurrent.CompletableFuture<?> onExit() {
                    return p.onExit();
                }

                public Integer exitCode() {
                    return p.exitValue();
                }
            };
        }

        static Running adopted(ProcessHandle h) {
            return new Running() {
                public long pid() {
                    return h.pid();
                }

                public void destroy() {
                    h.destroy();
                }

                public void destroyForcibly() {
                    h.destroyForcibly();
                }

                public java.util.concurrent.CompletableFuture<?> onExit() {
                    return h.onExit();
                }

                public Integer exitCode() {
                    return null;
                }
            };
        }
    }

    /** Starts the process the first time. */
    synchronized void start() {
        if (!stopped && process == null && state == State.STOPPED) {
            launch(false);
        }
    }

    /**
     * Takes over {@code running}, an agent process of this slot that a previous backend started and that
     * outlived it: supervised from now on as if this slot had started it (its exit code is not known).
     */
    synchronized void adopt(ProcessHandle running) {
        if (!stopped && process == null && state == State.STOPPED) {
            Running r = Running.adopted(running);
            process = r;
            startedAt = running.info().startInstant().orElse(clock.instant());
            state = State.RUNNING;
            log.info("local agent {} adopted (pid {}, started by a previous backend); its log is {}", slot,
                    running.pid(), logFile);
            r.onExit().thenAccept(x -> onExit(r));
        }
    }

    /**
     * Stops supervising and asks the process to leave (SIGTERM); no restart happens after this. With
     * {@code keepRunning} the process is left running for the next backend to {@link #adopt}.
     */
    synchronized void stop(boolean keepRunning) {
        stopped = true;
        this.keepRunning = keepRunning;
        state = State.STOPPED;
        nextRestartAt = null;
        if (process != null && !keepRunning) {
            process.destroy();
        }
    }

    /** The running process's id, if one runs. */
    synchronized java.util.OptionalLong pid() {
        return process == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(process.pid());
    }

    /** After {@link #stop()}: waits for the process to end, killing it when it takes longer than {@code timeout}. */
    void awaitStopped(Duration timeout) {
        Running p;
        synchronized (this) {
            p = keepRunning ? null : process;
        }
        if (p == null) {
            return;
        }
        try {
            if (!waitFor(p, timeout)) {
                log.warn("local agent {} (pid {}) did not leave within {}; killing it", slot, p.pid(), timeout);
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    private static boolean waitFor(Running p, Duration timeout) throws InterruptedException {
        try {
            p.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    synchronized Status status() {
        return new Status(slot, state, process == null ? null : process.pid(), restarts, lastExitCode, lastExitAt,
                startedAt, nextRestartAt, logFile);
    }

    /** Called with the lock held. */
    private void launch(boolean restart) {
        Process p;
        try {
            p = launcher.launch();
        } catch (IOException | RuntimeException e) {
            startedAt = clock.instant();
            exited(null, null, e.toString());
            return;
        }
        Running r = Running.launched(p);
        process = r;
        startedAt = clock.instant();
        state = State.RUNNING;
        nextRestartAt = null;
        if (restart) {
            log.info("local agent {} restarted (pid {}, restart {}); its log is {}", slot, p.pid(), restarts, logFile);
        } else {
            log.info("local agent {} started (pid {}); its log is {}", slot, p.pid(), logFile);
        }
        r.onExit().thenAccept(x -> onExit(r));
    }

    private synchronized void onExit(Running p) {
        if (p != process) {
            return;                                  // an earlier process, already handled
        }
        exited(p, p.exitCode(), null);
    }

    /** The current process ended ({@code p} null: it could not be started, for {@code failure}). Called with the lock held. */
    private void exited(Running p, Integer exitCode, String failure) {
        process = null;
        if (stopped) {
            return;                                  // stop() wins: we asked it to leave
        }
        Instant now = clock.instant();
        Duration uptime = Duration.between(startedAt, now);
        lastExitCode = exitCode;
        lastExitAt = now;
        if (uptime.compareTo(policy.stableAfter()) >= 0) {
            quickExitsInARow = 0;
        }
        recentExits.addLast(now);
        while (!recentExits.isEmpty()
                && Duration.between(recentExits.peekFirst(), now).compareTo(policy.crashLoopWindow()) > 0) {
            recentExits.removeFirst();
        }
        String what = p == null ? "could not be started (" + failure + ")" : "(pid " + p.pid() + ") exited" + (exitCode == null ? "" : " with code " + exitCode)
                + " after " + seconds(uptime);
        if (recentExits.size() >= policy.crashLoopExits()) {
            state = State.CRASH_LOOP;
            nextRestartAt = null;
            log.error("local agent {} {}: that is {} exits within {}, so it is crash-looping and will not be "
                            + "restarted; look at its log {} (then restart the backend)", slot, what,
                    recentExits.size(), seconds(policy.crashLoopWindow()), logFile);
            return;
        }
        Duration delay = backoff(quickExitsInARow);
        quickExitsInARow++;
        state = State.RESTARTING;
        nextRestartAt = now.plus(delay);
        log.warn("local agent {} {}; restarting it in {} (restart {}); its log is {}", slot, what, seconds(delay),
                restarts + 1, logFile);
        scheduler.schedule(delay, this::restart);
    }

    private synchronized void restart() {
        if (stopped || state != State.RESTARTING) {
            return;
        }
        restarts++;
        launch(true);
    }

    /** initial · 2^n, capped at the maximum. */
    private Duration backoff(int n) {
        Duration d = policy.initialBackoff();
        for (int i = 0; i < n && d.compareTo(policy.maxBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : d;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s",
                d.toMillis() / 1000.0);
    }
}
