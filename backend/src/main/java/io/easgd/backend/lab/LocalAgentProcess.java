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
    private Process process;
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

    /** Starts the process the first time. */
    synchronized void start() {
        if (!stopped && process == null && state == State.STOPPED) {
            launch(false);
        }
    }

    /** Stops supervising and asks the process to leave (SIGTERM); no restart happens after this. */
    synchronized void stop() {
        stopped = true;
        state = State.STOPPED;
        nextRestartAt = null;
        if (process != null) {
            process.destroy();
        }
    }

    /** After {@link #stop()}: waits for the process to end, killing it when it takes longer than {@code timeout}. */
    void awaitStopped(Duration timeout) {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return;
        }
        try {
            if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                log.warn("local agent {} (pid {}) did not leave within {}; killing it", slot, p.pid(), timeout);
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
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
        process = p;
        startedAt = clock.instant();
        state = State.RUNNING;
        nextRestartAt = null;
        if (restart) {
            log.info("local agent {} restarted (pid {}, restart {}); its log is {}", slot, p.pid(), restarts, logFile);
        } else {
            log.info("local agent {} started (pid {}); its log is {}", slot, p.pid(), logFile);
        }
        p.onExit().thenAccept(this::onExit);
    }

    private synchronized void onExit(Process p) {
        if (p != process) {
            return;                                  // an earlier process, already handled
        }
        exited(p, p.exitValue(), null);
    }

    /** The current process ended ({@code p} null: it could not be started, for {@code failure}). Called with the lock held. */
    private void exited(Process p, Integer exitCode, String failure) {
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
        String what = p == null ? "could not be started (" + failure + ")" : "(pid " + p.pid() + ") exited with code " + exitCode
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
