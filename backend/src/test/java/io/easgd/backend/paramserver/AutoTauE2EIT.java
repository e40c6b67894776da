package io.easgd.backend.paramserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.easgd.backend.lab.Lab;
import io.easgd.backend.lab.SharedLab;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Auto-τ end to end: the backend and two worker-agent JVMs on loopback train EAMSGD p = 2 with
 * {@code "tau": "auto"} (the defaults: 10 % of the step time on the wire, τ in [1, 256], from 1);
 * the workers' timings reach the server, τ changes reach the workers, each change is a {@code tau}
 * event and point, and the job trains. Runs on the {@link SharedLab}.
 */
@ExtendWith(SharedLab.Extension.class)
class AutoTauE2EIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Lab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = SharedLab.get();
    }

    @Test
    void eamsgdWithTauAutoOnLoopbackPicksATauWithinItsBoundsAndTrains() throws Exception {
        long id = lab.post("/api/v1/jobs", "{\"name\":\"e2e-autotau\",\"algorithm\":\"EAMSGD\",\"workers\":2,"
                + "\"tau\":\"auto\",\"eta\":0.1,\"delta\":0.9,\"stop\":{\"maxSteps\":2000}}").get("id").asLong();
        JsonNode job = lab.awaitState(id, Duration.ofMinutes(8), "COMPLETED", "FAILED", "CANCELLED");
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.at("/spec/tau").asText()).isEqualTo("auto");
        assertThat(job.at("/spec/autoTau/max").asInt()).isEqualTo(256);

        // the τ series: the starting τ at t = 0, then each change, all within [min, max]
        List<double[]> tau = points(id, "tau", null);
        assertThat(tau).isNotEmpty();
        assertThat(tau.get(0)[0]).isZero();
        assertThat(tau.get(0)[2]).isEqualTo(1.0);                  // autoTau.initial
        assertThat(tau).allSatisfy(p -> assertThat(p[2]).isBetween(1.0, 256.0));
        int now = job.at("/progress/tau").asInt();
        assertThat((double) now).isEqualTo(tau.get(tau.size() - 1)[2]);

        // the workers' timings arrived as series
        for (int w = 0; w < 2; w++) {
            assertThat(points(id, "step_ms", w)).as("step_ms of worker %d", w).isNotEmpty()
                    .allSatisfy(p -> assertThat(p[2]).isPositive());
            assertThat(points(id, "exchange_ms", w)).as("exchange_ms of worker %d", w).isNotEmpty();
        }

        // each change is a tau event of the job's stream, in the order of the series
        JdbcTemplate jdbc = lab.backend().getBean(JdbcTemplate.class);
        List<JsonNode> events = new ArrayList<>();
        for (String data : jdbc.queryForList("select data::text from job_stream where job_id = ? and event = 'tau' "
                + "order by id", String.class, id)) {
            events.add(JSON.readTree(data));
        }
        assertThat(events).as("tau events").hasSize(tau.size() - 1);
        int from = 1;
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            assertThat(e.get("from").asInt()).isEqualTo(from);
            assertThat(e.get("to").asDouble()).isEqualTo(tau.get(i + 1)[2]);
            assertThat(e.get("reason").asText()).startsWith("τ " + from + " → " + e.get("to").asInt() + ": exchange ")
                    .contains(" ms, step ").contains(" ms, target 10 %");
            from = e.get("to").asInt();
        }
        assertThat(jdbc.queryForObject("select live_tau from jobs where id = ?", Integer.class, id)).isEqualTo(now);

        double error = job.at("/result/testError").asDouble();
        System.out.printf("AUTO-TAU E2E EAMSGD p=2 on loopback: tau %s, now %d; step %s ms, exchange %s ms "
                        + "(last, per worker); test error %.4f; %d bytes up%n",
                tau.stream().map(p -> String.valueOf((int) p[2])).toList(), now,
                List.of(last(id, "step_ms", 0), last(id, "step_ms", 1)),
                List.of(last(id, "exchange_ms", 0), last(id, "exchange_ms", 1)), error,
                job.at("/result/bytesUp").asLong());
        events.forEach(e -> System.out.println("  " + e.get("reason").asText() + " at step " + e.get("step").asLong()));
        assertThat(error).as("center test error").isLessThan(0.06);
    }

    /** Points of a series as {t, step, value}, oldest first; {@code worker} null: the job's own series. */
    private static List<double[]> points(long id, String series, Integer worker) throws Exception {
        List<double[]> out = new ArrayList<>();
        for (JsonNode s : lab.get("/api/v1/jobs/" + id + "/metrics?series=" + series + "&maxPoints=100000").get("series")) {
            if (worker == null ? !s.get("worker").isNull() : s.get("worker").isNull() || s.get("worker").asInt() != worker) {
                continue;
            }
            for (JsonNode p : s.get("points")) {
                out.add(new double[] {p.get("t").asDouble(), p.get("step").asDouble(), p.get("value").asDouble()});
            }
        }
        return out;
    }

    private static String last(long id, String series, int worker) throws Exception {
        List<double[]> p = points(id, series, worker);
        return p.isEmpty() ? "-" : String.format(java.util.Locale.ROOT, "%.1f", p.get(p.size() - 1)[2]);
    }
}
