package io.easgd.backend.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.core.spec.JobSpec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The query the agents' KEDA ScaledObject polls (deploy/kubernetes), run as KEDA runs it against a
 * real PostgreSQL built by the real migrations, with jobs stored as the backend stores them: the
 * number it returns is the number of agents KEDA asks for.
 */
class KedaScalerQueryIT {
    @TempDir
    static Path pgDir;
    static EmbeddedPostgres pg;
    static JdbcTemplate db;
    static final String QUERY = KubernetesManifestsTest.scalerQuery();

    @BeforeAll
    static void database() throws Exception {
        pg = EmbeddedPostgres.builder().setDataDirectory(pgDir).start();
        Flyway.configure().dataSource(pg.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        db = new JdbcTemplate(pg.getPostgresDatabase());
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @BeforeEach
    void empty() {
        db.update("delete from jobs");
    }

    private void job(String state, int workers) {
        db.update("insert into jobs (name, state, algorithm, spec) values (?, ?, 'EASGD', ?::jsonb)",
                state.toLowerCase() + "-" + workers, state, JobSpec.parse("{\"workers\":" + workers + "}").toJson());
    }

    private long agentsWanted() {
        return db.queryForObject(QUERY, Long.class);
    }

    @Test
    void noJobsNoAgents() {
        assertThat(agentsWanted()).isZero();
        job("COMPLETED", 4);
        job("FAILED", 2);
        job("CANCELLED", 8);
        assertThat(agentsWanted()).as("ended jobs want nothing").isZero();
    }

    @Test
    void runningJobsKeepTheirAgents() {
        job("RUNNING", 2);
        job("ASSIGNING", 1);
        assertThat(agentsWanted()).isEqualTo(3);
    }

    @Test
    void queuedJobsAddTheirWorkersAndHeadroomForTheLargestOnTheOtherReplica() {
        job("QUEUED", 1);
        assertThat(agentsWanted()).as("a 1-worker job fits on any replica: no headroom").isEqualTo(1);
        job("QUEUED", 4);
        // 1 + 4 queued, plus (2 replicas - 1) x (4 - 1): 8 agents over 2 replicas put 4 on one of them
        assertThat(agentsWanted()).isEqualTo(8);
        job("QUEUED", 2);
        job("RUNNING", 2);
        job("ASSIGNING", 1);
        job("COMPLETED", 16);
        // running 2 + 1, queued 1 + 4 + 2, headroom 3
        assertThat(agentsWanted()).isEqualTo(13);
    }
}
