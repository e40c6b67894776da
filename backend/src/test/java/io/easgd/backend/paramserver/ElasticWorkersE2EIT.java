package io.easgd.backend.paramserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.easgd.backend.lab.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Elastic worker counts end to end: the backend and two real worker-agent JVMs on loopback run EAMSGD
 * with {@code "workers": {"min": 1, "max": 2}}. It is claimed with one agent (its min); the other, idle
 * with no queued job to take it, joins it as rank 1 (p 1 → 2, α 0.9 → 0.45); agent b (rank 0 or 1,
 * as the claim fell) is killed (SIGKILL) and its rank is retired (p 2 → 1, α 0.45 → 0.9) rather than
 * waited for; the job completes on the other rank and trains.
 */
class ElasticWorkersE2EIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Lab lab;
    private static Process agentB;

    @BeforeAll
    static void start() throws Exception {
        Path dataDir = Files.createTempDirectory("easgd-elastic-");
        lab = new Lab(dataDir, "--easgd.agents.grace=30s");  // a retirement must not wait for the grace period
        lab.startAgent("a");
        agentB = lab.startAgent("b");
        lab.awaitIdleAgents(2, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aRangeJobStartsAtMinGrowsWhenAnAgentComesShrinksWhenOneDiesAndCompletes() throws Exception {
        long id = lab.post("/api/v1/jobs", "{\"name\":\"e2e-elastic\",\"algorithm\":\"EAMSGD\","
                + "\"workers\":{\"min\":1,\"max\":2},\"tau\":4,\"eta\":0.1,\"delta\":0.9,\"stop\":{\"maxSteps\":3000}}")
                .get("id").asLong();
        JsonNode running = lab.awaitState(id, Duration.ofMinutes(2), "RUNNING");
        assertThat(running.at("/spec/workers/min").asInt()).isEqualTo(1);
        assertThat(running.at("/spec/workers/max").asInt()).isEqualTo(2);
        assertThat(running.at("/spec/beta").asDouble()).isEqualTo(0.9);

        // the second agent is idle and nothing is queued, so it joins the running job as rank 1
        Process b = agentB;
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> workers(id).size() == 2 && workers(id).get(1).get("state").asText().equals("TRAINING"));
        long joinedAt = workers(id).get(1).get("step").asLong();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))   // it trains with rank 0
                .until(() -> workers(id).get(1).get("step").asLong() >= joinedAt + 40);
        assertThat(lab.get("/api/v1/jobs/" + id).at("/progress/workers").asInt()).isEqualTo(2);
        String stateAfterJoin = lab.get("/api/v1/jobs/" + id).get("state").asText();

        // agent b holds rank 0 or the joined rank 1, whichever the claim gave the other agent first
        int killed = workers(id).stream().filter(w -> "b".equals(w.get("agentName").asText()))
                .mapToInt(w -> w.get("rank").asInt()).findFirst().orElseThrow();
        int kept = 1 - killed;
        b.destroyForcibly();                                     // a crash: its rank is retired at once, p 2 → 1
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> workerEvents(id).stream().anyMatch(e -> e.get("event").asText().equals("RETIRED")));

        JsonNode job = lab.awaitState(id, Duration.ofMinutes(8), "COMPLETED", "FAILED", "CANCELLED");
        assertThat(stateAfterJoin).isEqualTo("RUNNING");
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.get("reason").asText()).isEqualTo("reached 3000 steps per worker");
        assertThat(job.at("/progress/workers").asInt()).isEqualTo(1);
        assertThat(job.at("/result/ranks/" + killed + "/state").asText()).isEqualTo("RETIRED");
        assertThat(job.at("/result/ranks/" + kept + "/state").asText()).isEqualTo("FINISHED");

        List<JsonNode> changes = workerEvents(id).stream()
                .filter(e -> e.get("event").asText().equals("ADMITTED") || e.get("event").asText().equals("RETIRED"))
                .toList();
        assertThat(changes).extracting(e -> e.get("event").asText()).containsExactly("ADMITTED", "RETIRED");
        assertThat(changes.get(0).get("detail").asText()).startsWith("worker 1 joined (agent ")
                .endsWith("p 1 → 2, α 0.9 → 0.45");
        assertThat(changes.get(1).get("detail").asText()).startsWith("worker " + killed + " left at step ")
                .endsWith("p 2 → 1, α 0.45 → 0.9");
        // the workers series: the start, then each change
        List<Double> p = new ArrayList<>();
        for (JsonNode s : lab.get("/api/v1/jobs/" + id + "/metrics?series=workers&maxPoints=1000").get("series")) {
            s.get("points").forEach(pt -> p.add(pt.get("value").asDouble()));
        }
        assertThat(p).containsExactly(1.0, 2.0, 1.0);
        JdbcTemplate jdbc = lab.backend().getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("select live_workers from jobs where id = ?", Integer.class, id)).isEqualTo(1);

        double error = job.at("/result/testError").asDouble();
        System.out.printf("ELASTIC E2E EAMSGD workers 1..2 on loopback: %s; %s; test error %.4f%n",
                changes.get(0).get("detail").asText(), changes.get(1).get("detail").asText(), error);
        assertThat(error).as("center test error").isLessThan(0.06);
    }

    private static List<JsonNode> workers(long id) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        lab.get("/api/v1/jobs/" + id + "/workers").forEach(out::add);
        return out;
    }

    /** The job's worker events (JOINED, ADMITTED, LOST, RETIRED, …), oldest first. */
    private static List<JsonNode> workerEvents(long id) throws Exception {
        JdbcTemplate jdbc = lab.backend().getBean(JdbcTemplate.class);
        List<JsonNode> out = new ArrayList<>();
        for (String data : jdbc.queryForList("select data::text from job_stream where job_id = ? and event = 'worker' "
                + "and data->>'event' is not null order by id", String.class, id)) {
            out.add(JSON.readTree(data));
        }
        return out;
    }
}
