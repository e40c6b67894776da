package io.easgd.backend.paramserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.lab.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The overlapped exchange end to end: the backend and two worker-agent JVMs on loopback train
 * EAMSGD p = 2, τ = 10 with {@code "overlap": true}. Each worker sends its upload and computes its
 * next step while the reply travels; the wire is the blocking one (one UP outstanding per rank), so
 * every rank makes exactly its ⌈maxSteps/τ⌉ exchanges, none twice, and the center trains as well.
 */
class OverlapE2EIT {
    private static Lab lab;

    @BeforeAll
    static void start() throws Exception {
        Path dataDir = Files.createTempDirectory("easgd-overlap-");
        lab = new Lab(dataDir, "--easgd.agents.grace=2s");
        lab.startAgent("a");
        lab.startAgent("b");
        lab.awaitIdleAgents(2, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void overlappedEamsgdWithTwoAgentsTrainsWithTheExchangesOfTheBlockingOne() throws Exception {
        long id = lab.post("/api/v1/jobs", "{\"name\":\"e2e-overlap\",\"algorithm\":\"EAMSGD\",\"workers\":2,"
                + "\"tau\":10,\"eta\":0.1,\"delta\":0.9,\"overlap\":true,\"stop\":{\"maxSteps\":2000}}").get("id").asLong();
        JsonNode job = lab.awaitState(id, Duration.ofMinutes(8), "COMPLETED", "FAILED", "CANCELLED");
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.at("/spec/overlap").asBoolean()).isTrue();

        // exchanges at t = 0, 10, …, 1990 on each rank: 200, the last one awaited before "finished"
        JsonNode ranks = job.at("/result/ranks");
        assertThat(ranks).hasSize(2);
        for (JsonNode r : ranks) {
            assertThat(r.get("state").asText()).isEqualTo("FINISHED");
            assertThat(r.get("steps").asLong()).isEqualTo(2000);
            assertThat(r.get("exchanges").asLong()).as("exchanges of rank %s", r.get("rank")).isEqualTo(200);
            assertThat(r.get("duplicates").asLong()).isZero();
        }
        double error = job.at("/result/testError").asDouble();
        System.out.printf("OVERLAP E2E EAMSGD p=2 tau=10 on loopback: test error %.4f; %d bytes up%n", error,
                job.at("/result/bytesUp").asLong());
        assertThat(error).as("center test error").isLessThan(0.06);
    }

    @Test
    void overlapForARuleWithoutItIsA400NamingTheField() {
        assertThatThrownBy(() -> lab.post("/api/v1/jobs", "{\"algorithm\":\"MDOWNPOUR\",\"tau\":1,\"overlap\":true}"))
                .hasMessageContaining(": 400 ")
                .hasMessageContaining("\"field\":\"overlap\"")
                .hasMessageContaining("cannot be true for MDOWNPOUR");
    }
}
