package io.easgd.backend.paramserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.lab.Lab;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A simulated job end to end: the backend and ONE worker-agent JVM; the job's virtual cluster of p = 4
 * EAMSGD workers (MLP on mnist-10k) runs on that agent, and its results come back as the job's metrics,
 * in virtual seconds. Then a plan of short simulated runs on a tiny grid, and its 400s.
 */
class SimulatedJobE2EIT {
    private static Lab lab;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        lab = new Lab(Files.createTempDirectory("easgd-sim-lab-"));
        lab.startAgent("sim-a");
        lab.awaitIdleAgents(1, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aSimulatedJobRunsOnOneAgentAndItsMetricsAreInVirtualSeconds() throws Exception {
        long id = lab.post("/api/v1/jobs", "{\"name\":\"sim-p4\",\"algorithm\":\"EAMSGD\",\"tau\":4,\"eta\":0.1,"
                + "\"delta\":0.9,\"seed\":7,\"stop\":{\"maxSteps\":300},"
                + "\"simulate\":{\"workers\":4,\"link\":\"1gbit,0.2ms\",\"stepMs\":\"measured\"}}").get("id").asLong();
        JsonNode job = lab.awaitState(id, Duration.ofMinutes(6), "COMPLETED", "FAILED", "CANCELLED");
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.get("reason").asText()).startsWith("simulated: ");

        // the job says it was simulated, and with which numbers
        JsonNode sim = job.get("simulation");
        assertThat(sim.get("workers").asInt()).isEqualTo(4);
        assertThat(sim.get("link").asText()).isEqualTo("1gbit,0.2ms");
        assertThat(sim.get("stepMsMeasured").asBoolean()).isTrue();
        assertThat(sim.get("stepMs").asDouble()).isPositive();
        double end = sim.get("virtualSeconds").asDouble();
        assertThat(end).isPositive();
        assertThat(job.at("/progress/step").asLong()).isEqualTo(300);

        // one staleness point per exchange: 4 workers x 300 steps / tau 4
        JsonNode staleness = lab.get("/api/v1/jobs/" + id + "/metrics?series=staleness&maxPoints=100000").get("series");
        int exchanges = 0;
        long lastT = 0;
        for (JsonNode s : staleness) {
            exchanges += s.get("points").size();
            for (JsonNode p : s.get("points")) {
                lastT = Math.max(lastT, p.get("t").asLong());
            }
        }
        assertThat(staleness).hasSize(4);
        assertThat(exchanges).isEqualTo(4 * 300 / 4);

        // the center's test error, in virtual time; the last point is at the run's virtual end
        JsonNode error = lab.get("/api/v1/jobs/" + id + "/metrics?series=test_error&maxPoints=100000").at("/series/0/points");
        assertThat(error.size()).isGreaterThan(2);
        JsonNode last = error.get(error.size() - 1);
        assertThat(last.get("value").asDouble()).isLessThanOrEqualTo(0.15);
        assertThat(last.get("t").asLong()).isPositive().isLessThanOrEqualTo(Math.round(end * 1000));
        // the run's last point (its last step or exchange) is at the virtual end time the agent reported
        JsonNode loss = lab.get("/api/v1/jobs/" + id + "/metrics?series=train_loss&maxPoints=100000").get("series");
        assertThat(loss).hasSize(4);
        for (JsonNode s : loss) {
            for (JsonNode p : s.get("points")) {
                lastT = Math.max(lastT, p.get("t").asLong());
            }
        }
        lastT = Math.max(lastT, last.get("t").asLong());
        assertThat(lastT).isPositive().isEqualTo(Math.round(end * 1000));
        assertThat(job.at("/result/testError").asDouble()).isEqualTo(last.get("value").asDouble());
        assertThat(job.at("/result/bytesUp").asLong()).isPositive();
        System.out.printf("SIMULATED JOB p=4 EAMSGD tau=4 MLP 300 steps on 1gbit,0.2ms: stepMs %.2f (measured), "
                        + "virtual end %.3f s, %d exchanges, last test error %.4f%n", sim.get("stepMs").asDouble(), end,
                exchanges, last.get("value").asDouble());

        // no model: the virtual cluster keeps its center on the agent
        HttpResponse<String> model = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lab.port()
                + "/api/v1/jobs/" + id + "/model")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(model.statusCode()).isEqualTo(404);
        assertThat(model.body()).contains("is simulated");
    }

    @Test
    void aPlanOnATinyGridTablesTheVirtualTimeToTheTargetAndItsBadFieldsAre400s() throws Exception {
        JsonNode plan = lab.post("/api/v1/plans", "{\"spec\":{\"algorithm\":\"EAMSGD\",\"eta\":0.1,\"delta\":0.9},"
                + "\"link\":\"1gbit,0.2ms\",\"stepMs\":5,\"jitter\":0,\"workers\":[1,2],\"tau\":[1,4],"
                + "\"target\":{\"testError\":0.2},\"budget\":{\"maxSteps\":120}}");
        long id = plan.get("id").asLong();
        assertThat(plan.get("cells")).hasSize(4);
        long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
        while (!"COMPLETED".equals(plan.get("state").asText()) && !"FAILED".equals(plan.get("state").asText())
                && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            plan = lab.get("/api/v1/plans/" + id);
        }
        assertThat(plan.get("state").asText()).as(plan.toString()).isEqualTo("COMPLETED");
        double fastest = Double.POSITIVE_INFINITY;
        for (JsonNode c : plan.get("cells")) {
            JsonNode job = lab.get("/api/v1/jobs/" + c.get("jobId").asLong());
            assertThat(job.at("/spec/simulate/workers").asInt()).isEqualTo(c.get("workers").asInt());
            assertThat(job.at("/spec/tau").asInt()).isEqualTo(c.get("tau").asInt());
            if (c.get("reached").asBoolean()) {
                assertThat(c.get("secondsToTarget").asDouble()).isPositive()
                        .isLessThanOrEqualTo(job.at("/simulation/virtualSeconds").asDouble() + 1e-3);
                fastest = Math.min(fastest, c.get("secondsToTarget").asDouble());
            } else {
                assertThat(c.get("note").asText()).startsWith("not reached within the budget");
            }
        }
        if (fastest < Double.POSITIVE_INFINITY) {
            assertThat(plan.at("/fastest/secondsToTarget").asDouble()).isEqualTo(fastest);
        }
        System.out.println("PLAN tiny grid: " + plan.get("summary").asText());

        assertBadRequest("{\"link\":\"1gbit,0.2ms\"}", "target.testError");
        assertBadRequest("{\"link\":\"1gbit,0.2ms\",\"workers\":[0],\"target\":{\"testError\":0.1}}", "workers[0]");
        assertBadRequest("{\"link\":\"fast\",\"target\":{\"testError\":0.1}}", "link");
        assertBadRequest("{\"spec\":{\"eta\":-1},\"link\":\"1gbit,0.2ms\",\"target\":{\"testError\":0.1}}", "spec.eta");
    }

    private static void assertBadRequest(String body, String field) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lab.port()
                        + "/api/v1/plans")).header("Authorization", "Bearer " + Lab.API_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"field\":\"" + field + "\"");
    }
}
