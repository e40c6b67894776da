package io.easgd.backend.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.lab.Lab;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL goes away under a running job and comes back: the embedded server killed with
 * SIGKILL (the backend's watchdog starts it again), an external one stopped and started by its
 * operator. The backend and two real agent JVMs run an EAMSGD job through it; the job completes as
 * if nothing happened, its state history holds no FAILED, and the metrics table has every training
 * step of both workers, including the ones reported while the database was away.
 */
class DatabaseOutageIT {
    private static final String SPEC = "{\"name\":\"outage\",\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":10,"
            + "\"eta\":0.1,\"delta\":0.9,\"stop\":{\"maxSteps\":800}}";
    private static final int STEPS = 800;

    @TempDir
    Path dataDir;
    @TempDir
    Path pgDir;

    @Test
    void theEmbeddedServerKilledMidJobIsRestartedAndTheJobCompletesWithNothingLost() throws Exception {
        try (Lab lab = new Lab(dataDir)) {
            long id = startJob(lab);
            Path pg = dataDir.resolve("postgres");
            EmbeddedPostgresServer server = lab.backend().getBean(EmbeddedPostgresServer.class);
            int port = server.port();

            long pid = Postmaster.pid(pg).orElseThrow();
            Instant killed = Instant.now();
            assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();     // kill -9
            long newPid = awaitNewPostmaster(pg, pid);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (server.restarts() == 0 && System.nanoTime() < deadline) {   // it answers once recovered
                Thread.sleep(50);
            }
            Instant back = Instant.now();
            System.out.printf("outage: postmaster %d killed, %d runs on port %d after %d ms%n", pid, newPid, port,
                    Duration.between(killed, back).toMillis());
            assertThat(server.restarts()).isEqualTo(1);
            assertThat(server.port()).isEqualTo(port);
            assertThat(lab.backend().getBean(JdbcTemplate.class).queryForObject("select inet_server_port()",
                    Integer.class)).isEqualTo(port);

            JsonNode health = awaitHealthUp(lab);
            assertThat(health.at("/components/embeddedPostgres/details/restarts").asInt()).isEqualTo(1);
            assertThat(health.at("/components/embeddedPostgres/details/pid").asLong()).isEqualTo(newPid);
            assertNothingLost(lab, id, killed, back, false);
        }
    }

    @Test
    void anExternalServerStoppedAndStartedMidJobIsUsedAgainAndTheJobCompletesWithNothingLost() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres external = external(port);
        try (Lab lab = new Lab(dataDir, "--spring.datasource.url=" + external.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres")) {
            long id = startJob(lab);

            Instant stopped = Instant.now();
            external.close();                         // pg_ctl stop -m fast: sessions end, everything committed stays
            Thread.sleep(4000);                       // away for several progress reports of each agent
            external = external(port);                // same port, same data directory
            Instant back = Instant.now();
            System.out.printf("outage: the external server was away for %d ms%n",
                    Duration.between(stopped, back).toMillis());

            awaitHealthUp(lab);
            assertNothingLost(lab, id, stopped, back, true);
        } finally {
            external.close();
        }
        assertThat(dataDir.resolve("postgres")).doesNotExist();
    }

    private EmbeddedPostgres external(int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(pgDir).setCleanDataDirectory(false).setPort(port).start();
    }

    /** Two agents, the job submitted and running, past its first 200 steps. */
    private static long startJob(Lab lab) throws Exception {
        lab.startAgent("a");
        lab.startAgent("b");
        lab.awaitIdleAgents(2, Duration.ofSeconds(90));
        long id = lab.post("/api/v1/jobs", SPEC).get("id").asLong();
        lab.awaitState(id, Duration.ofMinutes(2), "RUNNING");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (lab.get("/api/v1/jobs/" + id).at("/progress/step").asLong() < 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return id;
    }

    private static long awaitNewPostmaster(Path pg, long dead) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            OptionalLong pid = Postmaster.pid(pg);
            if (pid.isPresent() && pid.getAsLong() != dead && Postmaster.serves(pid.getAsLong(), pg)) {
                return pid.getAsLong();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the embedded PostgreSQL was not started again in 60 s");
    }

    private static JsonNode awaitHealthUp(Lab lab) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = null;
        while (System.nanoTime() < deadline) {
            try {
                JsonNode health = lab.get("/actuator/health");
                if ("UP".equals(health.get("status").asText())) {
                    return health;
                }
                last = health.toString();
            } catch (IllegalStateException e) {        // 503 while DOWN
                last = e.getMessage();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("/actuator/health is not UP again: " + last);
    }

    /**
     * The job completes, its history is QUEUED, ASSIGNING, RUNNING, COMPLETED, and each worker's
     * train_loss series holds every step 1..1500 — those before the outage, those reported during it
     * (kept in memory by the backend and written once the database was back) and those after.
     */
    private static void assertNothingLost(Lab lab, long id, Instant down, Instant up, boolean strictWindow)
            throws Exception {
        JsonNode job = awaitEnd(lab, id);
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.at("/result/testError").asDouble()).as(job.toString()).isLessThan(0.15);
        assertThat(job.at("/progress/step").asLong()).isEqualTo(STEPS);

        JdbcTemplate jdbc = lab.backend().getBean(JdbcTemplate.class);
        List<String> states = jdbc.queryForList("select to_state from job_events where job_id = ? order by id",
                String.class, id);
        assertThat(states).containsExactly("QUEUED", "ASSIGNING", "RUNNING", "COMPLETED");

        Instant started = jdbc.queryForObject("select started_at from jobs where id = ?", java.sql.Timestamp.class, id)
                .toInstant();
        long downMs = Duration.between(started, down).toMillis();
        long upMs = Duration.between(started, up).toMillis();
        for (int worker = 0; worker < 2; worker++) {
            List<Long> steps = jdbc.queryForList("select distinct step from metrics where job_id = ? "
                    + "and series = 'train_loss' and worker = ? order by step", Long.class, id, worker);
            long maxGap = 0;
            for (int i = 1; i < steps.size(); i++) {
                maxGap = Math.max(maxGap, steps.get(i) - steps.get(i - 1));
            }
            Map<String, Object> window = jdbc.queryForMap("select count(*) as points, min(step) as first, "
                    + "max(step) as last from metrics where job_id = ? and series = 'train_loss' and worker = ? "
                    + "and t_ms > ? and t_ms < ?", id, worker, downMs, upMs);
            System.out.printf("worker %d: %d distinct train_loss steps, largest gap %d; reported during the outage "
                    + "(t %d..%d ms): %s%n", worker, steps.size(), maxGap, downMs, upMs, window);
            assertThat(steps).as("worker %d", worker).hasSize(STEPS);
            assertThat(steps.get(0)).isEqualTo(1);
            assertThat(steps.get(steps.size() - 1)).isEqualTo(STEPS);
            assertThat(maxGap).isEqualTo(1);
            if (strictWindow || upMs - downMs >= 2000) {        // agents report once a second
                assertThat(((Number) window.get("points")).longValue()).as("worker %d, reported during the outage",
                        worker).isPositive();
            }
        }
    }

    private static JsonNode awaitEnd(Lab lab, long id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            try {
                job = lab.get("/api/v1/jobs/" + id);
                String state = job.get("state").asText();
                if (state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                    return job;
                }
            } catch (IllegalStateException e) {        // a request that met the outage
                System.out.println("GET during the outage: " + e.getMessage());
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + id + " did not end in 4 min: " + job);
    }
}
