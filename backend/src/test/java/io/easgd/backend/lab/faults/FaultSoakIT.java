package io.easgd.backend.lab.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The fault soak's short version (the long one is {@code FaultSoakBenchmark}, docs/operations.md "Fault
 * lab"): the packaged backend as its own JVM, two agents behind 100 Mbit/s links, one EAMSGD job and one
 * fault of every kind from a schedule — an agent killed and one paused, a link cut and one slowed, the
 * embedded PostgreSQL restarted, the backend restarted gracefully and killed with SIGKILL. Every fault
 * heals, the job completes to its accuracy with every step, and when the backend stops nothing of the lab
 * is left: no agent or backend process, no network namespace, no paused process.
 */
class FaultSoakIT {
    /**
     * Steps per worker: the faults are all in by about step 300 (measured: the backend's crash at 16 s, the job
     * resumed from its checkpoint at step 141), so 600 still has every fault land mid-job; 1,000 trained a
     * minute longer after the last heal for nothing this test asserts.
     */
    static final long STEPS = 600;
    @Test
    void aJobHealsFromOneFaultOfEveryKindAndNothingOfTheLabIsLeft() throws Exception {
        Path dir = Files.createTempDirectory("easgd-fault-soak-");
        List<String> before = FaultSoak.labNamespaces();
        long job;
        JsonNode faults;
        JsonNode done;
        // agents back off to at most 1 s between reconnections (the protocol's cap is 30 s): after a backend
        // restart an agent that had backed off to 12 s came back 10 s after the backend did
        try (FaultSoak soak = FaultSoak.start(dir, "100mbit", "--easgd.agents.grace=3s",
                "--easgd.eval.checkpoint-interval=2s", "--easgd.agents.java-options=-Xmx2g -D"
                        + io.easgd.agent.connection.Backoff.MAX_PROPERTY + "=1s",
                // a graceful stop waits for active requests at most 3 s, not the product's 20 s: measured, both the
                // restart and the final stop sat out the whole 20 s ("Graceful shutdown aborted with one or more
                // requests still active") whenever an agent's connection was mid-flight
                "--spring.lifecycle.timeout-per-shutdown-phase=3s")) {
            JsonNode lab = soak.getOrNull("/api/v1/lab/faults");
            for (JsonNode k : lab.get("kinds")) {
                assertThat(k.get("available").asBoolean()).as(k.toString()).isTrue();
            }
            job = soak.runningJob("{\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":4,\"eta\":0.05,\"delta\":0.9,"
                    + "\"stop\":{\"maxSteps\":" + STEPS + "}}");
            JsonNode schedule = soak.post("/api/v1/lab/faults/schedules", "{\"jobId\":" + job + ",\"faults\":["
                    + "{\"kind\":\"AGENT_PAUSE\",\"rank\":0,\"durationMs\":2000,\"atMs\":1000},"
                    + "{\"kind\":\"LINK_CUT\",\"rank\":1,\"durationMs\":2000,\"atMs\":4000},"
                    + "{\"kind\":\"LINK_SLOW\",\"rank\":0,\"durationMs\":2000,\"rate\":\"1mbit\",\"atMs\":7000},"
                    + "{\"kind\":\"POSTGRES_RESTART\",\"atMs\":10000},"
                    + "{\"kind\":\"AGENT_KILL\",\"rank\":1,\"atMs\":12000},"
                    + "{\"kind\":\"BACKEND_RESTART\",\"atMs\":14000},"
                    + "{\"kind\":\"BACKEND_KILL\",\"atMs\":16000}]}", 201);
            assertThat(schedule.get("faults")).hasSize(7);
            faults = soak.awaitFaultsOver(job, Duration.ofMinutes(6));
            done = soak.awaitEnd(job, Duration.ofMinutes(6));
            JsonNode after = soak.getOrNull("/api/v1/lab/faults/schedules/" + schedule.get("id").asLong());
            assertThat(after.get("state").asText()).isEqualTo("DONE");
            // the agents are still the two local ones: none started twice by a restarted backend
            assertThat(soak.processes().stream().filter(p -> p.info().commandLine().orElse("").contains("worker-agent"))
                    .count()).isEqualTo(2);
        }
        Map<String, JsonNode> byKind = new TreeMap<>();
        for (JsonNode f : faults.get("faults")) {
            byKind.put(f.get("kind").asText(), f);
        }
        List<String> notHealed = new ArrayList<>();
        byKind.values().forEach(f -> {
            if (!"HEALED".equals(f.get("state").asText())) {
                notHealed.add(f.toString());
            }
        });
        assertThat(notHealed).isEmpty();
        assertThat(byKind).hasSize(7);
        for (JsonNode f : byKind.values()) {
            assertThat(f.get("healMs").asLong()).as(f.toString()).isPositive().isLessThan(180_000);
            System.out.printf("fault soak (CI): %-16s healed in %6d ms, %4d steps lost, %d uploads dropped%n",
                    f.get("kind").asText(), f.get("healMs").asLong(), f.get("stepsLost").asLong(),
                    f.get("updatesDropped").asLong());
        }
        // a pause loses no work; nothing is lost twice over or negative
        assertThat(byKind.get("AGENT_PAUSE").get("stepsLost").asLong()).isZero();
        byKind.values().forEach(f -> assertThat(f.get("stepsLost").asLong()).as(f.toString()).isNotNegative());
        // a graceful restart checkpoints first: each rank loses how far it was ahead of the slowest one at the
        // shutdown (the checkpoint's step), bounded here by 4 tau per rank. Measured: 0 (checkpoint at step 120,
        // above what either rank had reached at the fault); counted from each run's start instead of the job's,
        // the same restart had shown 241 and 321
        assertThat(byKind.get("BACKEND_RESTART").get("stepsLost").asLong()).isLessThanOrEqualTo(2 * 4 * 4);
        System.out.printf("fault soak (CI): the job ended %s at step %d with test error %.4f%n", done.get("state").asText(),
                done.at("/progress/step").asLong(), done.at("/result/testError").asDouble());
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.at("/progress/step").asLong()).isEqualTo(STEPS);
        assertThat(done.at("/result/testError").asDouble()).isLessThan(0.1);
        // nothing of the lab is left
        assertThat(FaultSoak.labNamespaces()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(dir.toString())))
                .isEmpty();
    }
}
