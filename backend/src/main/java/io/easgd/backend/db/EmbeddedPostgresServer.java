package io.easgd.backend.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;

/**
 * The embedded PostgreSQL server and its watchdog. The server runs as its own processes (Zonky
 * starts it with {@code pg_ctl}), so it can die while the backend runs: killed by an operator or
 * the OOM killer. A thread of its own, {@code easgd-db-watchdog}, looks every second at the
 * postmaster named in {@code postmaster.pid}; when it is gone it waits for the dead server's
 * remaining processes to exit, clears a lock file the dead postmaster could not remove, and starts
 * the server again on the same port and data directory with the same settings. PostgreSQL replays
 * its write-ahead log at that start (fsync and synchronous commit are on), so every committed
 * transaction is kept; the connection pool, whose URL names that same port, reconnects by itself.
 *
 * <p>The port stays the same across restarts even when {@code easgd.db.port} is 0: the one picked
 * at the first start is reused. A restart that fails (the port was taken meanwhile, the disk is
 * full) is logged and tried again, after 1 s, then 2, 4… up to 30 s.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** How often the watchdog looks at the postmaster. */
    static final Duration WATCH_EVERY = Duration.ofSeconds(1);
    /** How long the processes of a dead server get to exit on their own before they are killed. */
    static final Duration LEFTOVERS_GRACE = Duration.ofSeconds(20);
    /** How long a start (including crash recovery) may take before it counts as failed. */
    static final Duration START_WAIT = Duration.ofSeconds(60);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final String ZONKY_LOGGER = EmbeddedPostgres.class.getName();

    private final Path dataDir;
    private final int port;
    private final String jdbcUrl;
    private final ScheduledExecutorService watchdog;
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile EmbeddedPostgres current;
    private volatile boolean closing;
    private volatile Instant lastRestartAt;
    private volatile String lastFailure;
    private volatile boolean down;
    private int failuresInARow;
    private Instant nextAttemptAt = Instant.EPOCH;

    /**
     * Starts the server on {@code dataDir} ({@code port} 0: a free one) and its watchdog. A server
     * left running on that directory by a backend killed with SIGKILL is stopped first.
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port) throws IOException {
        Path dir = dataDir.toAbsolutePath();
        Files.createDirectories(dir);
        EmbeddedPostgresConfig.stopOrphan(dir);
        clearStaleLockFile(dir);
        EmbeddedPostgres pg = launch(dir, port);
        return new EmbeddedPostgresServer(dir, pg);
    }

    private EmbeddedPostgresServer(Path dataDir, EmbeddedPostgres first) {
        this.dataDir = dataDir;
        this.current = first;
        this.port = first.getPort();
        this.jdbcUrl = first.getJdbcUrl("postgres", "postgres");
        log.info("embedded PostgreSQL on port {} with data in {} (pid {})", port, dataDir, pidText());
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "easgd-db-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::watch, WATCH_EVERY.toMillis(), WATCH_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The same settings at every start: durable (Zonky turns fsync and synchronous commit off by default). */
    private static EmbeddedPostgres launch(Path dir, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setPGStartupWait(START_WAIT)
                // stopped by close() when the Spring context closes, after the pool and everything
                // that writes through it; Zonky's own JVM hook would race the last writes at shutdown
                .setRegisterShutdownHook(false);
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** JDBC URL of the {@code postgres} database as user {@code postgres}; the same across restarts. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** How many times the watchdog started the server again. */
    public int restarts() {
        return restarts.get();
    }

    /** When the watchdog last started the server again; null if never. */
    public Instant lastRestartAt() {
        return lastRestartAt;
    }

    /** Why the last restart failed, while the server is still down; null otherwise. */
    public String lastFailure() {
        return lastFailure;
    }

    /** The postmaster's pid, if one runs on the data directory. */
    public OptionalLong pid() {
        OptionalLong pid = Postmaster.pid(dataDir);
        return pid.isPresent() && Postmaster.serves(pid.getAsLong(), dataDir) ? pid : OptionalLong.empty();
    }

    /** True while the postmaster runs (it may still be recovering). */
    public boolean running() {
        return !down && Postmaster.running(dataDir);
    }

    private String pidText() {
        OptionalLong pid = Postmaster.pid(dataDir);
        return pid.isPresent() ? Long.toString(pid.getAsLong()) : "unknown";
    }

    // ---------------------------------------------------------------- the watchdog, on its own thread

    private void watch() {
        try {
            if (closing || Instant.now().isBefore(nextAttemptAt)) {
                return;
            }
            if (Postmaster.running(dataDir)) {
                if (down) {                         // an attempt that timed out came up after all
                    down = false;
                    lastFailure = null;
                    failuresInARow = 0;
                    log.warn("the embedded PostgreSQL runs again on port {} (pid {})", port, pidText());
                }
                return;
            }
            down = true;
            restart();
        } catch (RuntimeException | Error e) {
            log.error("the embedded PostgreSQL watchdog: {}", e.toString(), e);
        }
    }

    private synchronized void restart() {
        if (closing) {
            return;
        }
        long started = System.nanoTime();
        OptionalLong deadPid = Postmaster.pid(dataDir);
        if (failuresInARow == 0) {
            log.warn("the embedded PostgreSQL (pid {}) is not running any more; starting it again on port {} "
                    + "with data in {}", deadPid.isPresent() ? deadPid.getAsLong() : "unknown", port, dataDir);
        }
        try {
            awaitLeftoversGone();
            clearStaleLockFile(dataDir);
            release(current);
            current = null;
            if (closing) {
                return;
            }
            current = launch(dataDir, port);
            if (closing || !Postmaster.running(dataDir)) {   // Zonky's wait returns early when interrupted
                throw new IOException("the server did not come up");
            }
            restarts.incrementAndGet();
            lastRestartAt = Instant.now();
            lastFailure = null;
            failuresInARow = 0;
            nextAttemptAt = Instant.EPOCH;
            down = false;
            log.warn("the embedded PostgreSQL runs again on port {} (pid {}), started in {} ms (after a crash it "
                    + "replays its write-ahead log: every committed transaction is kept); restarts so far: {}",
                    port, pidText(), (System.nanoTime() - started) / 1_000_000, restarts.get());
        } catch (IOException | RuntimeException e) {
            if (closing) {
                log.info("the backend stops: the embedded PostgreSQL is not started again ({})", e.toString());
                return;
            }
            failuresInARow++;
            Duration backoff = backoff(failuresInARow);
            nextAttemptAt = Instant.now().plus(backoff);
            lastFailure = e.toString();
            log.error("starting the embedded PostgreSQL again on port {} failed (attempt {}): {}; next attempt in {} s",
                    port, failuresInARow, e.toString(), backoff.toSeconds(), e);
            if (e instanceof java.nio.channels.OverlappingFileLockException
                    || String.valueOf(e.getMessage()).startsWith("could not lock")) {
                System.gc();                     // a failed start leaks Zonky's lock stream; collecting it frees the lock
            }
        }
    }

    static Duration backoff(int failures) {
        long seconds = 1L << Math.min(failures - 1, 5);
        return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
    }

    /**
     * The children of a killed postmaster exit when they notice it is gone, usually within a
     * second. A new server must not start while one of them still works on the data directory;
     * after {@link #LEFTOVERS_GRACE} they are killed (what PostgreSQL's own error message asks an
     * administrator to do).
     */
    private void awaitLeftoversGone() throws IOException {
        long deadline = System.nanoTime() + LEFTOVERS_GRACE.toNanos();
        List<ProcessHandle> left = Postmaster.serverProcesses(dataDir);
        while (!left.isEmpty() && System.nanoTime() < deadline && !closing) {
            sleep(100);
            left = Postmaster.serverProcesses(dataDir);
        }
        if (left.isEmpty()) {
            return;
        }
        log.warn("processes of the dead PostgreSQL server still work on {} after {} s: {}; killing them",
                dataDir, LEFTOVERS_GRACE.toSeconds(), left.stream().map(ProcessHandle::pid).toList());
        left.forEach(ProcessHandle::destroyForcibly);
        long killDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Postmaster.serverProcesses(dataDir).isEmpty()) {
            if (System.nanoTime() > killDeadline) {
                throw new IOException("processes of the dead PostgreSQL server on " + dataDir + " do not exit: "
                        + Postmaster.serverProcesses(dataDir).stream().map(ProcessHandle::pid).toList());
            }
            sleep(100);
        }
    }

    /**
     * A postmaster killed with SIGKILL leaves its lock files behind: {@code postmaster.pid} in the
     * data directory and {@code .s.PGSQL.<port>.lock} next to its Unix socket ({@code /tmp}).
     * PostgreSQL takes over such a file itself when no process has the pid written in it any more,
     * but refuses to start while that pid is listed — and a killed postmaster stays listed as a
     * zombie when its parent (pid 1 of a container, say) does not reap it; the pid may also have
     * been given to an unrelated process meanwhile. In those two cases the files are removed here,
     * once no process of the old server is left ({@link #awaitLeftoversGone}, or
     * {@link EmbeddedPostgresConfig#stopOrphan} at start).
     */
    static void clearStaleLockFile(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        OptionalLong pid = Postmaster.pid(dataDir);
        if (pid.isEmpty() || !Postmaster.listed(pid.getAsLong()) || Postmaster.serves(pid.getAsLong(), dataDir)) {
            return;                         // no file, a pid PostgreSQL will see is gone, or a live server
        }
        if (!Postmaster.serverProcesses(dataDir).isEmpty()) {
            return;                         // let PostgreSQL refuse: processes of the old server remain
        }
        String why = Postmaster.zombie(pid.getAsLong()) ? "a zombie its parent has not reaped" : "now another process";
        Optional<Path> socketLock = Postmaster.socketLockFile(dataDir)
                .filter(f -> Postmaster.pidIn(f).equals(pid));
        if (socketLock.isPresent()) {
            log.info("removing the socket lock file {} of the dead PostgreSQL (pid {}, {})", socketLock.get(),
                    pid.getAsLong(), why);
            Files.deleteIfExists(socketLock.get());
        }
        log.info("removing the lock file of the dead PostgreSQL (pid {}, {}) from {}", pid.getAsLong(), why, dataDir);
        Files.deleteIfExists(pidFile);
    }

    /**
     * Lets go of a Zonky instance whose server is dead: its {@code close()} releases the data
     * directory's {@code epg-lock} (a new instance cannot start before) and runs {@code pg_ctl stop},
     * which fails on a dead server; that expected failure is kept out of the log.
     */
    private static void release(EmbeddedPostgres dead) {
        if (dead == null) {
            return;
        }
        LoggingSystem logging = LoggingSystem.get(EmbeddedPostgresServer.class.getClassLoader());
        LoggerConfiguration before = logging.getLoggerConfiguration(ZONKY_LOGGER);
        LogLevel level = before == null ? null : before.getConfiguredLevel();
        logging.setLogLevel(ZONKY_LOGGER, LogLevel.OFF);
        try {
            dead.close();
        } catch (IOException | RuntimeException e) {
            log.debug("releasing the dead embedded PostgreSQL: {}", e.toString());
        } finally {
            logging.setLogLevel(ZONKY_LOGGER, level);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // ---------------------------------------------------------------- shutdown

    /** Stops the watchdog, then the server (a fast shutdown: open sessions end, everything committed is kept). */
    @Override
    public void close() throws IOException {
        closing = true;
        watchdog.shutdownNow();
        try {
            if (!watchdog.awaitTermination(2, TimeUnit.MINUTES)) {
                log.warn("the embedded PostgreSQL watchdog did not stop in 2 min");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            EmbeddedPostgres pg = current;
            if (pg != null && Postmaster.running(dataDir)) {
                pg.close();
            } else {
                release(pg);
                EmbeddedPostgresConfig.stopOrphan(dataDir);   // one a failed restart may have left running
            }
        }
    }
}
