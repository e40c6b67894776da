package io.easgd.backend.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The watchdog of the embedded server alone, without the backend: kill -9 of the postmaster, twice;
 * it comes back on the same port (picked freely at the first start) and data, with every committed
 * row, and a pool opened before the kill works again without being told.
 */
class EmbeddedPostgresRestartIT {
    @TempDir
    Path dir;

    @Test
    void aKilledPostmasterIsStartedAgainOnTheSamePortAndDataAndThePoolReconnects() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0);
             HikariDataSource pool = pool(server)) {
            int port = server.port();
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            jdbc.execute("create table kept (n int primary key)");
            for (int round = 1; round <= 2; round++) {
                jdbc.update("insert into kept values (?)", round);
                long before = kill(server);
                // a connection used in the last 500 ms is handed out unchecked (Hikari's alive-bypass
                // window), and the call it serves fails; callers that come later are the ones that wait
                Thread.sleep(600);

                // a caller that asks during the outage waits for the server instead of failing
                long started = System.nanoTime();
                assertThat(jdbc.queryForObject("select count(*) from kept", Integer.class)).isEqualTo(round);
                System.out.printf("round %d: the first query after kill -9 answered in %d ms%n", round,
                        (System.nanoTime() - started) / 1_000_000);

                assertThat(server.restarts()).isEqualTo(round);
                assertThat(server.port()).isEqualTo(port);
                assertThat(server.jdbcUrl()).contains(":" + port + "/");
                OptionalLong after = Postmaster.pid(server.dataDir());
                assertThat(after).isPresent();
                assertThat(after.getAsLong()).isNotEqualTo(before);
                assertThat(jdbc.queryForObject("show fsync", String.class)).isEqualTo("on");
                assertThat(jdbc.queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
                assertThat(jdbc.queryForObject("select inet_server_port()", Integer.class)).isEqualTo(port);
            }
        }
        assertThat(Postmaster.running(dir.resolve("postgres"))).isFalse();     // close() stopped it
    }

    @Test
    void aFixedPortIsKeptToo() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("postgres"), port);
             HikariDataSource pool = pool(server)) {
            kill(server);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> server.restarts() == 1 && server.running());
            assertThat(new JdbcTemplate(pool).queryForObject("select inet_server_port()", Integer.class)).isEqualTo(port);
        }
    }

    @Test
    void aServerStoppedFromOutsideIsStartedAgainToo() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0);
             HikariDataSource pool = pool(server)) {
            long pid = Postmaster.pid(server.dataDir()).orElseThrow();
            // SIGINT: a fast shutdown, what pg_ctl stop does (SIGTERM, a smart one, waits for the pool to go)
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor()).isZero();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> server.restarts() == 1 && server.running());
            assertThat(new JdbcTemplate(pool).queryForObject("select 1", Integer.class)).isEqualTo(1);
        }
    }

    private static HikariDataSource pool(EmbeddedPostgresServer server) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername("postgres");
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(EmbeddedPostgresConfig.CONNECTION_TIMEOUT.toMillis());
        return new HikariDataSource(config);
    }

    /** kill -9 of the postmaster named in postmaster.pid; returns its pid. */
    static long kill(EmbeddedPostgresServer server) throws Exception {
        long pid = Postmaster.pid(server.dataDir()).orElseThrow();
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        assertThat(postmaster.destroyForcibly()).isTrue();
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> !Postmaster.serves(pid, server.dataDir()));
        return pid;
    }
}
