package io.easgd.backend.lab;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.easgd.backend.lab.LocalAgentProcess.State;
import io.easgd.backend.testing.FakeClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The supervision policy of one local agent, with a fake clock, fake processes and a fake scheduler: no sleeping. */
class LocalAgentProcessTest {
    private static final Path LOG = Path.of("/data/logs/agent-1.log");

    private final FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final List<FakeProcess> launched = new ArrayList<>();
    private final List<Scheduled> scheduled = new ArrayList<>();
    private boolean launchFails;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(LocalAgentProcess.class);

    private record Scheduled(Duration delay, Runnable task) {
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    private LocalAgentProcess supervisor(Duration initial, Duration max, Duration stableAfter, int crashLoopExits,
                                         Duration window) {
        return new LocalAgentProcess("local-1", LOG, () -> {
            if (launchFails) {
                throw new IOException("java: not found");
            }
            FakeProcess p = new FakeProcess(1000 + launched.size());
            launched.add(p);
            return p;
        }, (delay, task) -> scheduled.add(new Scheduled(delay, task)), clock,
                new LocalAgentProcess.Policy(initial, max, stableAfter, crashLoopExits, window));
    }

    private FakeProcess current() {
        return launched.get(launched.size() - 1);
    }

    /** Lets the current process run for {@code uptime}, kills it, and returns the restart delay asked for. */
    private Duration dieAfter(LocalAgentProcess s, Duration uptime, int code) {
        clock.advance(uptime);
        int before = scheduled.size();
        current().die(code);
        assertThat(scheduled).as("a restart was scheduled").hasSize(before + 1);
        return scheduled.get(before).delay();
    }

    /** Runs the pending restart after its delay. */
    private void runRestart() {
        Scheduled next = scheduled.get(scheduled.size() - 1);
        clock.advance(next.delay());
        next.task().run();
    }

    @Test
    void restartsADeadProcessWithADoublingBackoffCappedAtTheMaximum() {
        LocalAgentProcess s = supervisor(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), 100,
                Duration.ofMinutes(2));
        s.start();
        assertThat(s.status().state()).isEqualTo(State.RUNNING);
        assertThat(s.status().pid()).isEqualTo(1000L);

        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            delays.add(dieAfter(s, Duration.ofSeconds(2), 137).toSeconds());
            LocalAgentProcess.Status down = s.status();
            assertThat(down.state()).isEqualTo(State.RESTARTING);
            assertThat(down.pid()).isNull();
            assertThat(down.lastExitCode()).isEqualTo(137);
            assertThat(down.lastExitAt()).isEqualTo(clock.instant());
            assertThat(down.nextRestartAt()).isEqualTo(clock.instant().plusSeconds(delays.get(i)));
            runRestart();
            assertThat(s.status().state()).isEqualTo(State.RUNNING);
            assertThat(s.status().restarts()).isEqualTo(i + 1);
            assertThat(s.status().pid()).isEqualTo(1000L + i + 1);
        }
        assertThat(delays).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        assertThat(launched).hasSize(10);
        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN).first()
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("local-1", "pid 1000", "exited with code 137", "restarting it in 1 s", "restart 1");
    }

    @Test
    void aProcessThatStayedUpLongEnoughResetsTheBackoff() {
        LocalAgentProcess s = supervisor(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), 100,
                Duration.ofMinutes(2));
        s.start();
        assertThat(dieAfter(s, Duration.ofSeconds(5), 1)).isEqualTo(Duration.ofSeconds(1));
        runRestart();
        assertThat(dieAfter(s, Duration.ofSeconds(5), 1)).isEqualTo(Duration.ofSeconds(2));
        runRestart();
        assertThat(dieAfter(s, Duration.ofSeconds(59), 1)).isEqualTo(Duration.ofSeconds(4));
        runRestart();
        assertThat(dieAfter(s, Duration.ofSeconds(60), 1)).as("stable for 60 s").isEqualTo(Duration.ofSeconds(1));
        runRestart();
        assertThat(dieAfter(s, Duration.ofSeconds(5), 1)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void fiveQuickExitsWithinTheWindowAreACrashLoopAndStopTheRestarts() {
        LocalAgentProcess s = supervisor(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), 5,
                Duration.ofMinutes(2));
        s.start();
        for (int i = 0; i < 4; i++) {
            dieAfter(s, Duration.ofSeconds(3), 1);
            runRestart();
        }
        clock.advance(Duration.ofSeconds(3));
        current().die(1);
        LocalAgentProcess.Status st = s.status();
        assertThat(st.state()).isEqualTo(State.CRASH_LOOP);
        assertThat(st.restarts()).isEqualTo(4);
        assertThat(st.pid()).isNull();
        assertThat(st.nextRestartAt()).isNull();
        assertThat(scheduled).as("no restart after the fifth exit").hasSize(4);
        assertThat(launched).hasSize(5);
        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.ERROR).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("local-1", "exited with code 1", "5 exits within 120 s", "crash-looping", LOG.toString());
    }

    @Test
    void exitsSpreadWiderThanTheWindowAreNoCrashLoop() {
        LocalAgentProcess s = supervisor(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(20), 3,
                Duration.ofMinutes(1));
        s.start();
        for (int i = 0; i < 10; i++) {
            assertThat(dieAfter(s, Duration.ofSeconds(30), 137)).isEqualTo(Duration.ofSeconds(1));
            runRestart();
        }
        assertThat(s.status().state()).isEqualTo(State.RUNNING);
        assertThat(s.status().restarts()).isEqualTo(10);
    }

    @Test
    void aProcessThatCannotBeStartedIsRetriedLikeAnExitAndEndsInACrashLoop() {
        LocalAgentProcess s = supervisor(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), 3,
                Duration.ofMinutes(2));
        launchFails = true;
        s.start();
        assertThat(s.status().state()).isEqualTo(State.RESTARTING);
        assertThat(s.status().lastExitCode()).isNull();
        runRestart();
        runRestart();
        assertThat(s.status().state()).isEqualTo(State.CRASH_LOOP);
        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.ERROR).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("could not be started (java.io.IOException: java: not found)", "3 exits within 120 s", LOG.toString());
        assertThat(scheduled).extracting(Scheduled::delay).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(launched).isEmpty();
    }

    @Test
    void stopSendsSigtermAndTheExitItCausesIsNotRestarted() {
        LocalAgentProcess s = supervisor(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), 5,
                Duration.ofMinutes(2));
        s.start();
        FakeProcess p = current();
        s.stop(false);
        assertThat(p.destroyed).isTrue();
        assertThat(p.onExit()).isDone();
        assertThat(scheduled).isEmpty();
        assertThat(s.status().state()).isEqualTo(State.STOPPED);
        s.awaitStopped(Duration.ofSeconds(1));
        assertThat(launched).hasSize(1);
    }

    @Test
    void stopWinsOverARestartAlreadyScheduled() {
        LocalAgentProcess s = supervisor(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), 5,
                Duration.ofMinutes(2));
        s.start();
        dieAfter(s, Duration.ofSeconds(1), 137);
        s.stop(false);
        runRestart();
        assertThat(launched).hasSize(1);
        assertThat(s.status().state()).isEqualTo(State.STOPPED);
        assertThat(s.status().restarts()).isZero();
    }

    @Test
    void anExitThatRacesWithStopIsNotRestarted() {
        LocalAgentProcess s = supervisor(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), 5,
                Duration.ofMinutes(2));
        s.start();
        FakeProcess p = current();
        p.ignoreDestroy = true;           // it dies on its own right after stop() asked it to leave
        s.stop(false);
        p.die(1);
        assertThat(scheduled).isEmpty();
        assertThat(s.status().state()).isEqualTo(State.STOPPED);
    }

    @Test
    void aProcessThatExitsWhileItIsBeingStartedIsStillRestarted() {
        LocalAgentProcess s = new LocalAgentProcess("local-1", LOG, () -> {
            FakeProcess p = new FakeProcess(7);
            launched.add(p);
            p.die(2);                      // already gone when onExit() is attached
            return p;
        }, (delay, task) -> scheduled.add(new Scheduled(delay, task)), clock,
                new LocalAgentProcess.Policy(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), 5,
                        Duration.ofMinutes(2)));
        s.start();
        assertThat(s.status().state()).isEqualTo(State.RESTARTING);
        assertThat(s.status().lastExitCode()).isEqualTo(2);
        assertThat(scheduled).hasSize(1);
    }

    /** A process that exits when told to. */
    static final class FakeProcess extends Process {
        private final long pid;
        private final CompletableFuture<Process> exit = new CompletableFuture<>();
        private volatile int code;
        volatile boolean destroyed;
        volatile boolean ignoreDestroy;

        FakeProcess(long pid) {
            this.pid = pid;
        }

        void die(int exitCode) {
            code = exitCode;
            exit.complete(this);
        }

        @Override
        public OutputStream getOutputStream() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public InputStream getInputStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public InputStream getErrorStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public int waitFor() {
            exit.join();
            return code;
        }

        @Override
        public boolean waitFor(long timeout, TimeUnit unit) {
            return exit.isDone();
        }

        @Override
        public int exitValue() {
            if (!exit.isDone()) {
                throw new IllegalThreadStateException("running");
            }
            return code;
        }

        @Override
        public void destroy() {
            destroyed = true;
            if (!ignoreDestroy) {
                die(143);
            }
        }

        @Override
        public Process destroyForcibly() {
            die(137);
            return this;
        }

        @Override
        public boolean isAlive() {
            return !exit.isDone();
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public CompletableFuture<Process> onExit() {
            return exit;
        }
    }
}
