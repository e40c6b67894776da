package io.easgd.backend.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Nothing lost on restart: the backend stops under a running job and starts again on the same data
 * directory; the job is requeued, its agents reconnect, and it resumes from its checkpoint — not
 * from scratch — to completion. Runs on the {@link SharedLab} (checkpoints every second), whose
 * backend it restarts: the classes after it get the restarted one.
 */
@ExtendWith(SharedLab.Extension.class)
class RestartMidJobE2EIT {
    @Test
    void aRunningJobResumesFromItsCheckpointAfterABackendRestart() throws Exception {
        Path dataDir = SharedLab.dataDir();
        Lab lab = SharedLab.get();
        long id = lab.post("/api/v1/jobs", "{\"algorithm\":\"EASGD\",\"workers\":2,\"tau\":4,\"eta\":0.1,"
                + "\"stop\":{\"maxSteps\":2500}}").get("id").asLong();
        lab.awaitState(id, Duration.ofMinutes(3), "RUNNING");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline && (lab.get("/api/v1/jobs/" + id).at("/progress/step").asLong() < 600
                || !Files.exists(dataDir.resolve("checkpoints/job-" + id + ".ckpt")))) {
            Thread.sleep(200);
        }
        long stepBefore = lab.get("/api/v1/jobs/" + id).at("/progress/step").asLong();
        assertThat(stepBefore).isBetween(600L, 2000L);

        lab.restartBackend();

        JsonNode job = lab.awaitState(id, Duration.ofMinutes(6), "COMPLETED", "FAILED", "CANCELLED");
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.at("/progress/step").asLong()).isEqualTo(2500);
        assertThat(job.at("/result/testError").asDouble()).isLessThan(0.1);
        JdbcTemplate jdbc = lab.backend().getBean(JdbcTemplate.class);
        List<String> states = jdbc.queryForList("select to_state from job_events where job_id = ? order by id",
                String.class, id);
        assertThat(states).containsExactly("QUEUED", "ASSIGNING", "RUNNING", "QUEUED", "ASSIGNING", "RUNNING",
                "COMPLETED");
        // the first evaluation after the restart is of the checkpointed center, not of a fresh network
        Long resumedAt = jdbc.queryForObject("select min(id) from job_stream where job_id = ? and event = 'state' "
                + "and data->>'to' = 'RUNNING' and data->>'from' = 'ASSIGNING' and id > (select min(id) from "
                + "job_stream where job_id = ? and data->>'to' = 'QUEUED' and data->>'from' = 'RUNNING')",
                Long.class, id, id);
        Double firstError = jdbc.queryForObject("select (data->>'value')::float8 from job_stream where job_id = ? "
                + "and event = 'metric' and data->>'series' = 'test_error' and id > ? order by id limit 1",
                Double.class, id, resumedAt);
        assertThat(firstError).isLessThan(0.2);
        // and training went on after the restart: the requeue happened mid-job
        Integer trainedAfter = jdbc.queryForObject("select count(*) from job_stream where job_id = ? "
                + "and event = 'metric' and data->>'series' = 'train_loss' and id > ?", Integer.class, id, resumedAt);
        assertThat(trainedAfter).isPositive();
    }
}
