package io.easgd.backend.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job page's Faults panel in a real browser against a real fault lab: Debian's Chromium driven by
 * playwright-core ({@code frontend/e2e/faults.e2e.mjs}) injects an AGENT_PAUSE of rank 0 for 3 s
 * through the form, and the fault's row reaches HEALED with its time to heal while its band is drawn
 * on the test-error chart. A {@link Lab} of its own, not the {@link SharedLab}: the fault lab signals
 * the backend's own local agent processes ({@code easgd.agents.local=2}), while the shared lab's agents
 * are started by the tests; it costs one more backend, embedded PostgreSQL and two agent JVMs.
 */
class FaultLabUiE2EIT {

    @TempDir
    Path dataDir;

    @Test
    void aPauseInjectedFromTheJobPageHealsAndIsDrawn() throws Exception {
        Path frontend = BrowserScript.frontend();
        try (Lab lab = new Lab(dataDir, "--easgd.agents.local=2", "--easgd.agents.jar=" + Lab.agentJar(),
                "--easgd.agents.java-options=-Xmx1g", "--easgd.lab.faults.enabled=true")) {
            lab.awaitIdleAgents(2, Duration.ofSeconds(60));
            // long enough never to end by itself: cancelled below, once the browser is done
            long job = lab.post("/api/v1/jobs", "{\"name\":\"fault-ui\",\"algorithm\":\"EASGD\",\"workers\":2,\"tau\":10,"
                    + "\"eta\":0.1,\"model\":\"mlp\",\"stop\":{\"maxSteps\":1000000}}").get("id").asLong();
            lab.awaitState(job, Duration.ofSeconds(60), "RUNNING");
            Awaitility.await("both ranks training").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        int training = 0;
                        for (JsonNode w : lab.get("/api/v1/jobs/" + job + "/workers")) {
                            training += w.path("step").asLong() > 0 ? 1 : 0;
                        }
                        return training == 2;
                    });

            // what the page showed is what the backend holds
            JsonNode shown = BrowserScript.run("e2e/faults.e2e.mjs", lab.port(), java.util.Map.of("JOB_ID",
                    Long.toString(job)), Duration.ofMinutes(3));
            JsonNode faults = lab.get("/api/v1/jobs/" + job + "/faults");
            assertThat(faults.get("faults")).hasSize(1);
            JsonNode f = faults.at("/faults/0");
            assertThat(f.get("id").asLong()).isEqualTo(shown.get("faultId").asLong());
            assertThat(f.get("kind").asText()).isEqualTo("AGENT_PAUSE");
            assertThat(f.get("rank").asInt()).isZero();
            assertThat(f.get("durationMs").asLong()).isEqualTo(3000);
            assertThat(f.get("state").asText()).isEqualTo("HEALED");
            assertThat(f.get("healMs").asLong()).isEqualTo(shown.get("healMs").asLong()).isGreaterThanOrEqualTo(3000);
            assertThat(faults.at("/byKind/0/kind").asText()).isEqualTo("AGENT_PAUSE");
            assertThat(faults.at("/byKind/0/healed").asInt()).isEqualTo(1);

            Path shot = frontend.resolve("target/screenshots/job-faults.png");
            assertThat(shot).exists();
            assertThat(Files.size(shot)).isGreaterThan(10_000);
            // cancelled, its agents idle, before the lab closes: closed mid-job, a local agent once took the full 20 s to leave
            lab.post("/api/v1/jobs/" + job + "/cancel", "");
            lab.awaitState(job, Duration.ofSeconds(30), "CANCELLED");
            lab.awaitIdleAgents(2, Duration.ofSeconds(30));
        }
    }
}
