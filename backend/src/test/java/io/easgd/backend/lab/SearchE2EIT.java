package io.easgd.backend.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An ASHA search end to end on real agents (docs/api.md "Searches"): three EAMSGD runs of the MLP on MNIST-10k,
 * p = 2 (so they run one after the other on the lab's two agents and arrive at each rung in order), rungs at 100
 * and 200 of 400 steps, η = 2. The first run is alone at each rung and runs on; the second has a learning rate
 * that learns next to nothing, is second of two at rung 0 (only the best ⌈2/2⌉ = 1 runs on) and is stopped there:
 * STOPPED_EARLY with its rung, long before its 400 steps, for a fraction of the first run's worker time. Every
 * decision is a row, a {@code rung} event on the job's stream, and in the sweep's CSV.
 */
@ExtendWith(SharedLab.Extension.class)
class SearchE2EIT {
    private static Lab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = SharedLab.get();
    }

    @Test
    void ashaStopsTheLosingRunAtItsFirstRungAndTheOthersRunToTheEnd() throws Exception {
        lab.awaitIdleAgents(2, Duration.ofMinutes(2));
        JsonNode sweep = lab.post("/api/v1/sweeps", """
                { "name": "asha-e2e",
                  "base": { "algorithm": "EAMSGD", "workers": 2, "tau": 4, "delta": 0.9 },
                  "grid": { "eta": [0.05, 0.00001, 0.1] },
                  "search": { "method": "asha", "reductionFactor": 2, "minSteps": 100, "maxSteps": 400 },
                  "target": { "testError": 0.2 } }""");
        long id = sweep.get("id").asLong();
        assertThat(sweep.at("/search/max").asLong()).isEqualTo(400);
        assertThat(sweep.at("/search/brackets").asInt()).isEqualTo(1);
        assertThat(sweep.at("/base/stop/maxSteps").asLong()).isEqualTo(400);
        List<Long> jobs = new ArrayList<>();
        sweep.get("runs").forEach(r -> jobs.add(r.get("jobId").asLong()));
        for (long job : jobs) {
            lab.awaitState(job, Duration.ofMinutes(3), "COMPLETED", "FAILED", "CANCELLED", "STOPPED_EARLY");
        }
        JsonNode done = lab.get("/api/v1/sweeps/" + id);
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        JsonNode runs = done.get("runs");

        JsonNode first = lab.get("/api/v1/jobs/" + jobs.get(0));
        assertThat(first.get("state").asText()).as(first.toString()).isEqualTo("COMPLETED");
        assertThat(first.at("/progress/step").asLong()).isEqualTo(400);
        JsonNode loser = lab.get("/api/v1/jobs/" + jobs.get(1));
        assertThat(loser.get("state").asText()).as(loser.toString()).isEqualTo("STOPPED_EARLY");
        assertThat(loser.get("reason").asText()).startsWith("stopped early at rung 0 of the ASHA search (100 steps): test error ")
                .endsWith(" was 2nd of 2 at that rung, the best 1 run on");
        assertThat(loser.at("/progress/step").asLong()).isBetween(100L, 399L);
        assertThat(runs.get(1).get("rung").asInt()).isZero();
        assertThat(runs.get(0).get("rung").asInt()).isEqualTo(1);
        assertThat(runs.get(1).get("workerSeconds").asDouble())
                .isLessThan(runs.get(0).get("workerSeconds").asDouble());
        assertThat(done.at("/counts/stoppedEarly").asInt()).isGreaterThanOrEqualTo(1);

        // rung 0: the first alone (promoted), the loser 2nd of 2 (stopped), the third ranked by the rule
        JsonNode rung0 = done.get("rungs").get(0);
        assertThat(rung0.get("at").asLong()).isEqualTo(100);
        JsonNode d0 = rung0.get("decisions");
        assertThat(d0.get(0).get("jobId").asLong()).isEqualTo(jobs.get(0));
        assertThat(d0.get(0).get("decision").asText()).isEqualTo("PROMOTED");
        assertThat(d0.get(1).get("jobId").asLong()).isEqualTo(jobs.get(1));
        assertThat(d0.get(1).get("decision").asText()).isEqualTo("STOPPED");
        assertThat(d0.get(1).get("testError").asDouble()).isGreaterThan(d0.get(0).get("testError").asDouble());
        assertThat(d0.get(1).get("value").asDouble()).isGreaterThanOrEqualTo(100);
        // every decision follows the rule (keep = ceil(n/2)), and a stopped run is STOPPED_EARLY
        for (JsonNode rung : done.get("rungs")) {
            for (JsonNode d : rung.get("decisions")) {
                boolean promoted = d.get("rank").asInt() <= (d.get("of").asInt() + 1) / 2;
                assertThat(d.get("keep").asInt()).isEqualTo((d.get("of").asInt() + 1) / 2);
                assertThat(d.get("decision").asText()).as(d.toString()).isEqualTo(promoted ? "PROMOTED" : "STOPPED");
                if (!promoted) {
                    assertThat(lab.get("/api/v1/jobs/" + d.get("jobId").asLong()).get("state").asText())
                            .as(d.toString()).isEqualTo("STOPPED_EARLY");
                }
            }
        }

        // every decision is a rung event on the job's stream
        JdbcTemplate jdbc = lab.backend().getBean(JdbcTemplate.class);
        List<String> events = jdbc.queryForList("select data->>'decision' from job_stream where job_id = ? and event = 'rung' "
                + "order by id", String.class, jobs.get(1));
        assertThat(events).containsExactly("STOPPED");
        assertThat(jdbc.queryForList("select data->>'decision' from job_stream where job_id = ? and event = 'rung' "
                + "order by id", String.class, jobs.get(0))).containsExactly("PROMOTED", "PROMOTED");

        // the results table and the metrics as CSV
        String csv = new String(lab.getBytes("/api/v1/sweeps/" + id + "/results.csv"), StandardCharsets.UTF_8);
        String[] lines = csv.split("\n");
        assertThat(lines[0]).isEqualTo("jobId,label,state,eta,bestTestError,finalTestError,secondsToTarget,bytesToTarget,"
                + "bytesTotal,wallSeconds,workerSeconds,rung,best");
        assertThat(lines).hasSize(4);
        assertThat(lines[2]).startsWith(jobs.get(1) + ",").contains(",STOPPED_EARLY,1.0E-5,");
        String metrics = new String(lab.getBytes("/api/v1/jobs/" + jobs.get(0) + "/metrics.csv?series=test_error"),
                StandardCharsets.UTF_8);
        assertThat(metrics.split("\n")[0]).isEqualTo("series,worker,t,step,value");
        assertThat(metrics.split("\n")).hasSizeGreaterThan(2).allSatisfy(l -> assertThat(l).matches(
                "series,worker,t,step,value|test_error,,[0-9]+,[0-9]+,[0-9.E-]+"));

        // the sweep page in a real browser: a line per run in the parallel coordinates, the STOPPED decision,
        // the CSV download (frontend/e2e/search.e2e.mjs)
        JsonNode shown = browser(id);
        assertThat(shown.get("runs").asInt()).isEqualTo(3);
        assertThat(shown.get("stopped").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(shown.get("csvLines").asInt()).isEqualTo(4);
    }

    private static JsonNode browser(long sweepId) throws Exception {
        return BrowserScript.run("e2e/search.e2e.mjs", lab.port(), java.util.Map.of("SWEEP_ID", Long.toString(sweepId)),
                Duration.ofMinutes(2));
    }
}
