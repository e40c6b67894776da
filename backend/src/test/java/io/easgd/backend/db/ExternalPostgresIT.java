package io.easgd.backend.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.backend.EasgdApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The other database path: a PostgreSQL server that is not ours, named by spring.datasource.url
 * (env SPRING_DATASOURCE_URL). Also checks the migrations on an empty database.
 */
class ExternalPostgresIT {
    @TempDir
    Path dataDir;
    @TempDir
    Path pgDir;

    @Test
    void migrationsBuildTheSchemaTheCodeExpectsOnAnEmptyDatabase() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(pgDir).start()) {
            Flyway flyway = Flyway.configure().dataSource(pg.getPostgresDatabase()).locations("classpath:db/migration").load();
            // every script in the folder runs (a misnamed one, which Flyway skips silently, fails here), and
            // there are at least the eleven of V11__rungs_after_end
            int scripts = new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/*.sql").length;
            assertThat(scripts).isGreaterThanOrEqualTo(11);
            assertThat(flyway.migrate().migrationsExecuted).isEqualTo(scripts);
            JdbcTemplate jdbc = new JdbcTemplate(pg.getPostgresDatabase());
            List<String> tables = jdbc.queryForList("select table_name from information_schema.tables "
                    + "where table_schema = 'public' and table_name <> 'flyway_schema_history' order by 1", String.class);
            assertThat(tables).containsExactly("agent_tokens", "audit", "job_events", "job_stream", "jobs",
                    "lab_fault_schedules", "lab_faults", "metrics", "plans", "settings", "sweep_rungs", "sweep_runs", "sweeps");
            assertThat(jdbc.queryForList("select column_name from information_schema.columns where table_name = "
                    + "'agent_tokens' order by ordinal_position", String.class)).containsExactly("id", "name",
                    "token_sha256", "created_at", "created_by", "last_used_at", "revoked_at", "revoked_by");
            assertThat(jdbc.queryForList("select column_name from information_schema.columns where table_name = "
                    + "'audit' order by ordinal_position", String.class)).containsExactly("id", "at", "actor",
                    "remote_address", "action", "target_type", "target_id", "detail");
            List<Map<String, Object>> cols = jdbc.queryForList("select column_name, data_type from information_schema.columns "
                    + "where table_name = 'jobs' order by ordinal_position");
            assertThat(cols).extracting(c -> c.get("column_name")).containsExactly("id", "name", "state", "priority",
                    "algorithm", "spec", "created_at", "started_at", "finished_at", "claimed_by", "step", "total_steps",
                    "test_error", "test_loss", "bytes_up", "bytes_down", "reason", "ranks", "sweep_id", "live_tau", "live_workers", "simulation");
            assertThat(cols.get(5).get("data_type")).isEqualTo("jsonb");
            assertThat(jdbc.queryForObject("select data_type from information_schema.columns where table_name = "
                    + "'sweep_rungs' and column_name = 'after_end'", String.class)).isEqualTo("boolean");
            assertThat(flyway.migrate().migrationsExecuted).isZero();     // idempotent
        }
    }

    @Test
    void anExternalUrlIsUsedInsteadOfTheEmbeddedServer() throws Exception {
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().setDataDirectory(pgDir).start()) {
            String url = external.getJdbcUrl("postgres", "postgres");
            try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(EasgdApplication.class).run(
                    "--server.port=0", "--easgd.data-dir=" + dataDir, "--easgd.api-token=t",
                    "--easgd.agents.local=0", "--spring.datasource.url=" + url,
                    "--spring.datasource.username=postgres")) {
                int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
                WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
                        .post().uri("/api/v1/jobs").header("Authorization", "Bearer t")
                        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"external\"}")
                        .exchange().expectStatus().isAccepted();
            }
            assertThat(Files.exists(dataDir.resolve("postgres"))).isFalse();
            assertThat(new JdbcTemplate(external.getPostgresDatabase())
                    .queryForObject("select name from jobs", String.class)).isEqualTo("external");
        }
    }
}
