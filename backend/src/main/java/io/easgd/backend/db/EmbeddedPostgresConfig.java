package io.easgd.backend.db;

import io.easgd.backend.EasgdProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The default database: a PostgreSQL server started by this process, its data directory in
 * {@code <data dir>/postgres}, kept across restarts, with fsync and synchronous commit on (Zonky
 * turns them off by default, which would lose user data on a crash). A watchdog starts it again on
 * the same port and data if it dies under the running backend ({@link EmbeddedPostgresServer}).
 * Skipped when {@code spring.datasource.url} (env {@code SPRING_DATASOURCE_URL}) names an external
 * server.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedPostgresConfig {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfig.class);
    /** How long a caller waits for a pooled connection: long enough to ride out a restart of the server. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(30);

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgres(EasgdProperties props) throws IOException {
        return EmbeddedPostgresServer.start(props.dataDir().resolve("postgres"), props.db().port());
    }

    /** {@code embeddedPostgres} in {@code /actuator/health}: the postmaster's pid and port, and its restarts. */
    @Bean
    HealthIndicator embeddedPostgresHealthIndicator(EmbeddedPostgresServer server) {
        return () -> {
            Health.Builder health = server.running() ? Health.up() : Health.down();
            server.pid().ifPresent(pid -> health.withDetail("pid", pid));
            health.withDetail("port", server.port()).withDetail("restarts", server.restarts());
            if (server.lastRestartAt() != null) {
                health.withDetail("lastRestartAt", server.lastRestartAt().toString());
            }
            if (server.lastFailure() != null) {
                health.withDetail("lastFailure", server.lastFailure());
            }
            return health.build();
        };
    }

    /**
     * A backend killed with SIGKILL leaves its PostgreSQL running, holding the data directory; a new
     * server on it would refuse to start. Such an orphan has no clients left, so it is asked to shut
     * down cleanly (SIGTERM, PostgreSQL's smart shutdown: everything committed is kept) and the
     * start goes on as usual. A postmaster that is already dead (or a zombie nobody reaped) is no
     * orphan: {@link EmbeddedPostgresServer#clearStaleLockFile} deals with its lock file.
     */
    static void stopOrphan(Path dir) throws IOException {
        OptionalLong pid = Postmaster.pid(dir);
        if (pid.isEmpty() || !Postmaster.serves(pid.getAsLong(), dir)) {
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid.getAsLong());
        if (orphan.isEmpty()) {
            return;
        }
        log.warn("an embedded PostgreSQL (pid {}) left by a previous backend still holds {}; shutting it down",
                pid.getAsLong(), dir);
        orphan.get().destroy();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Postmaster.serves(pid.getAsLong(), dir)) {     // a zombie counts as stopped
            if (System.nanoTime() > deadline) {
                throw new IOException("the PostgreSQL left by a previous backend (pid " + pid.getAsLong()
                        + ") did not stop in 60 s; stop it and start again");
            }
            pause();
        }
        // give its parent a moment to reap it; where nobody does (pid 1 of a container that is not an
        // init), the zombie stays and EmbeddedPostgresServer.clearStaleLockFile deals with its lock file
        long reaped = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Postmaster.listed(pid.getAsLong()) && System.nanoTime() < reaped) {
            pause();
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the PostgreSQL left by a previous backend", e);
        }
    }

    @Bean
    DataSource dataSource(EmbeddedPostgresServer pg) {
        return pooled(pg.jdbcUrl());
    }

    /**
     * The pool. It never gives up on the server: while the server is away, a caller waits up to
     * {@link #CONNECTION_TIMEOUT} for a connection (Hikari keeps trying to open new ones in the
     * background, with a backoff of at most a few seconds) and gets one as soon as the server is
     * back, so a restart by the watchdog (a few seconds) is only a delay for most callers. Those
     * that held a connection when the server died get an error (SQLState 08006); Hikari then
     * evicts that connection, and checks any connection idle for more than 500 ms before handing
     * it out. ({@code initializationFailTimeout} only matters at start, where the server is up.)
     */
    private static DataSource pooled(String url) {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(16);
        config.setPoolName("easgd-embedded");
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        try {
            return new com.zaxxer.hikari.HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("connecting to the embedded PostgreSQL: " + e.getMessage(), e));
        }
    }
}
