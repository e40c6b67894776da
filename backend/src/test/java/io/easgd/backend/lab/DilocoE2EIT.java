package io.easgd.backend.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * DILOCO end to end: the backend and two worker-agent JVMs over real WebSockets train the MLP on
 * MNIST-10k in synchronous rounds of H inner steps (Δ_i up, x̃ down); a worker killed mid-job is
 * replaced and its replacement rejoins at the next round. Runs on the {@link SharedLab}.
 */
@ExtendWith(SharedLab.Extension.class)
class DilocoE2EIT {
    private static Lab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = SharedLab.get();
    }

    @Test
    void twoAgentsTrainTheMlpAndAWorkerKilledMidJobIsReplacedAtTheNextRound() throws Exception {
        // p = 2, H = 50 (the default), Nesterov inside, outer Nesterov 0.7 / 0.9: 1,000 steps = 20 rounds, and every
        // rank takes part in all 20, the replaced one too (in this JVM, without a loss, the same spec ends at
        // 4.55 %: DilocoConvergenceTest)
        JsonNode submitted = lab.post("/api/v1/jobs", "{\"name\":\"diloco\",\"algorithm\":\"DILOCO\",\"workers\":2,"
                + "\"stop\":{\"maxSteps\":1000}}");
        assertThat(submitted.at("/spec/tau").asInt()).isEqualTo(50);
        assertThat(submitted.at("/spec/innerOptimizer").asText()).isEqualTo("nesterov");
        assertThat(submitted.at("/spec/outerLr").asDouble()).isEqualTo(0.7);
        long id = submitted.get("id").asLong();
        lab.awaitState(id, Duration.ofMinutes(3), "RUNNING");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (lab.get("/api/v1/jobs/" + id).at("/progress/step").asLong() < 105 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        SharedLab.killAgent(SharedLab.agentNames().get(1));              // SIGKILL mid-round: its peer waits
        SharedLab.startAgent("diloco-c");

        JsonNode job = lab.awaitState(id, Duration.ofMinutes(5), "COMPLETED", "FAILED", "CANCELLED");
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.get("reason").asText()).isEqualTo("reached 1000 steps per worker");
        JsonNode ranks = job.at("/result/ranks");
        assertThat(ranks.size()).isEqualTo(2);
        for (JsonNode rank : ranks) {
            assertThat(rank.get("exchanges").asLong()).as(rank.toString()).isEqualTo(20);   // one per round
            assertThat(rank.get("steps").asLong()).as(rank.toString()).isEqualTo(1000);
            assertThat(rank.get("state").asText()).isEqualTo("FINISHED");
        }
        assertThat(ranks.findValuesAsText("replacements")).containsExactlyInAnyOrder("0", "1");
        assertThat(job.at("/result/testError").asDouble()).as(job.toString()).isLessThan(0.06);
        JdbcTemplate jdbc = lab.backend().getBean(JdbcTemplate.class);
        List<String> events = jdbc.queryForList("select data->>'event' from job_stream where job_id = ? "
                + "and event = 'worker' and data->>'event' is not null order by id", String.class, id);
        assertThat(events).containsSubsequence("LOST", "REPLACED", "JOINED");
        List<String> details = jdbc.queryForList("select data->>'detail' from job_stream where job_id = ? "
                + "and event = 'worker' and data->>'event' = 'REPLACED'", String.class, id);
        assertThat(details).singleElement().asString().matches(".* from step [0-9]*0$");   // a round boundary
    }
}
