package io.easgd.backend.db;

import io.easgd.backend.EasgdProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The default database: a PostgreSQL server started by this process, its data directory in
 * {@code <data dir>/postgres}, kept across restarts, with fsync and synchronous commit on (Zonky
 * turns them off by default, which would lose user data on a crash). Skipped when
 * {@code spring.datasource.url} (env {@code SPRING_DATASOURCE_URL}) names an external server.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedPostgresConfig {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfig.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EasgdProperties props) throws IOException {
        Path dir = props.dataDir().resolve("postgres").toAbsolutePath();
        Files.createDirectories(dir);
        stopOrphan(dir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on");
        if (props.db().port() > 0) {
            builder.setPort(props.db().port());
        }
        EmbeddedPostgres pg = builder.start();
        log.info("embedded PostgreSQL on port {} with data in {}", pg.getPort(), dir);
        return pg;
    }

    /**
     * A backend killed with SIGKILL leaves its PostgreSQL running, holding the data directory; a new
     * server on it would refuse to start. Such an orphan has no clients left, so it is asked to shut
     * down cleanly (SIGTERM, PostgreSQL's smart shutdown: everything committed is kept) and the
     * start goes on as usual.
     */
    static void stopOrphan(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (RuntimeException e) {
            return;                                   // unreadable: let PostgreSQL judge the lock file
        }
        java.util.Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        log.warn("an embedded PostgreSQL (pid {}) left by a previous backend still holds {}; shutting it down", pid, dir);
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the PostgreSQL left by a previous backend (pid " + pid + ") did not stop in 60 s; "
                    + "stop it and start again", e);
        }
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres pg) {
        return pooled(pg.getJdbcUrl("postgres", "postgres"));
    }

    private static DataSource pooled(String url) {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(16);
        config.setPoolName("easgd-embedded");
        try {
            return new com.zaxxer.hikari.HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("connecting to the embedded PostgreSQL: " + e.getMessage(), e));
        }
    }
}
