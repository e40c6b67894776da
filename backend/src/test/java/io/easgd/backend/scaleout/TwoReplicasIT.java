package io.easgd.backend.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.easgd.backend.lab.PackagedBackend;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two backend processes ({@code java -jar easgd-backend.jar}, as a Kubernetes Deployment with
 * replicas: 2 runs them) on one PostgreSQL, each with its own local agents: replica "a" with one,
 * replica "b" with two. A mixed batch of small MLP jobs (1 and 2 workers), submitted half to each,
 * must all complete, each claimed once, by a replica whose own agents held every rank, and the
 * 2-worker jobs only by "b" (one agent can never staff them, so "a" passes them over).
 */
class TwoReplicasIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGENT_TOKEN = "two-replicas-agent";
    private static final int JOBS = 12;

    record Replica(String id, int agents, PackagedBackend backend) {
    }

    @Test
    void twoBackendsOnOneDatabaseEachRunOnlyJobsTheirOwnAgentsCanStaff(@TempDir Path pgDir, @TempDir Path aDir,
                                                                       @TempDir Path bDir) throws Exception {
        long t0 = System.nanoTime();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(pgDir).start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            List<Replica> replicas = new ArrayList<>();
            try {
                Path alive = aDir.resolve("agent.alive");   // its local agent inherits the backend's environment
                replicas.add(start("replica-a", 1, aDir, url, Map.of("EASGD_HEALTH_FILE", alive.toString())));
                replicas.add(start("replica-b", 2, bDir, url, Map.of()));
                Map<String, String> ownerOfAgent = new HashMap<>();
                for (Replica r : replicas) {
                    JsonNode agents = r.backend().await("/api/v1/agents", a -> idle(a) == r.agents(),
                            Duration.ofMinutes(3));
                    for (JsonNode a : agents) {
                        ownerOfAgent.put(a.get("id").asText(), r.id());
                    }
                }
                assertThat(ownerOfAgent).hasSize(3);
                assertThat(healthCheck(alive)).as("the compose/Kubernetes check of a connected agent").isZero();

                List<Long> ids = new ArrayList<>();
                Map<Long, Integer> workers = new HashMap<>();
                for (int i = 0; i < JOBS; i++) {
                    int p = i % 2 == 0 ? 1 : 2;
                    long id = submit(replicas.get(i / 2 % 2), "mixed-" + i, p);   // any replica takes submissions
                    ids.add(id);
                    workers.put(id, p);
                }
                Replica a = replicas.get(0);
                for (long id : ids) {
                    JsonNode job = a.backend().await("/api/v1/jobs/" + id, j -> j.hasNonNull("finishedAt"),
                            Duration.ofMinutes(3));
                    assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
                }

                JdbcTemplate db = new JdbcTemplate(pg.getPostgresDatabase());
                Map<String, Integer> perReplica = new HashMap<>();
                for (long id : ids) {
                    List<String> claims = db.queryForList("select reason from job_events where job_id = ? "
                            + "and to_state = 'ASSIGNING' order by id", String.class, id);
                    assertThat(claims).as("job %d is claimed exactly once", id).hasSize(1);
                    String claimer = db.queryForObject("select claimed_by from jobs where id = ?", String.class, id);
                    assertThat(claims.get(0)).isEqualTo("claimed by " + claimer);
                    assertThat(db.queryForList("select to_state from job_events where job_id = ? order by id",
                            String.class, id)).containsExactly("QUEUED", "ASSIGNING", "RUNNING", "COMPLETED");
                    JsonNode job = a.backend().get("/api/v1/jobs/" + id);
                    Set<String> holders = new HashSet<>();
                    job.at("/result/ranks").forEach(rank -> rank.get("agents").forEach(h -> holders.add(h.asText())));
                    assertThat(job.at("/result/ranks")).hasSize(workers.get(id));
                    assertThat(holders).as("job %d's workers", id).isNotEmpty()
                            .allSatisfy(h -> assertThat(ownerOfAgent.get(h)).isEqualTo(claimer));
                    if (workers.get(id) == 2) {
                        assertThat(claimer).as("only b has 2 agents").isEqualTo("replica-b");
                    }
                    perReplica.merge(claimer, 1, Integer::sum);
                }
                assertThat(db.queryForObject("select count(*) from jobs where state <> 'COMPLETED'", Integer.class))
                        .isZero();
                assertThat(perReplica).containsOnlyKeys("replica-a", "replica-b");
                System.out.printf("TWO-REPLICAS jobs=%d completed=%d per replica=%s total %.1f s%n", JOBS, ids.size(),
                        perReplica, (System.nanoTime() - t0) / 1e9);
                a.backend().close();
                assertThat(healthCheck(alive)).as("its agent stopped: the file is gone").isOne();
            } finally {
                for (Replica r : replicas) {
                    r.backend().close();
                }
            }
        }
    }

    /** docker-compose.yml's and deploy/kubernetes's health check of an agent: its exit code. */
    private static int healthCheck(Path file) throws Exception {
        Process check = new ProcessBuilder("sh", "-c", "test -n \"$(find " + file + " -mmin -1 2>/dev/null)\"")
                .inheritIO().start();
        return check.waitFor();
    }

    private static Replica start(String id, int agents, Path dataDir, String jdbcUrl, Map<String, String> env)
            throws IOException {
        Map<String, String> all = new HashMap<>(env);
        all.put("EASGD_AGENT_TOKEN", AGENT_TOKEN);
        return new Replica(id, agents, PackagedBackend.start(dataDir, all, "--easgd.instance-id=" + id,
                "--easgd.agents.local=" + agents,
                "--easgd.agents.jar=" + PackagedBackend.root().resolve("worker-agent/target/worker-agent.jar"),
                "--easgd.agents.java-options=-Xmx768m", "--easgd.eval.interval=5s",
                "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres"));
    }

    private static long submit(Replica r, String name, int workers) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"algorithm\":\"EASGD\",\"workers\":" + workers
                + ",\"tau\":4,\"eta\":0.1,\"stop\":{\"maxSteps\":40}}";
        HttpResponse<String> created = r.backend().post("/api/v1/jobs", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        return JSON.readTree(created.body()).get("id").asLong();
    }

    private static int idle(JsonNode agents) {
        int n = 0;
        for (JsonNode a : agents) {
            n += "IDLE".equals(a.get("state").asText()) ? 1 : 0;
        }
        return n;
    }
}
