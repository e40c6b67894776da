package io.easgd.backend.lab;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The embedded lab keeps its local agents running: the backend starts two real agent JVMs, one is
 * killed with {@code kill -9}, the backend restarts it (visible in the API and the log), and a job
 * needing both agents then runs to completion. Stopping the backend stops them without a restart.
 */
class LocalAgentsIT {

    @Test
    void aKilledLocalAgentIsRestartedAndAJobNeedingBothAgentsStillRuns() throws Exception {
        Path dataDir = Files.createTempDirectory("easgd-local-agents-");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger supervisorLog = (Logger) LoggerFactory.getLogger(LocalAgentProcess.class);
        List<Long> pids = new ArrayList<>();
        Lab lab = new Lab(dataDir, "--easgd.agents.local=2", "--easgd.agents.jar=" + Lab.agentJar(),
                "--easgd.agents.java-options=-Xmx1g");
        try {
            logs.start();
            supervisorLog.addAppender(logs);       // after the start: Spring Boot resets logback while it starts
            lab.awaitIdleAgents(2, Duration.ofSeconds(60));

            JsonNode local = lab.get("/api/v1/agents/local");
            assertThat(local.findValuesAsText("slot")).containsExactly("local-1", "local-2");
            assertThat(local.findValuesAsText("state")).containsOnly("RUNNING");
            JsonNode row = agentRow(lab, "local-1");
            assertThat(row.at("/local/slot").asText()).isEqualTo("local-1");
            assertThat(row.at("/local/restarts").asInt()).isZero();
            assertThat(row.at("/local/logFile").asText()).endsWith("agent-1.log");
            long pid = row.at("/local/pid").asLong();
            String connectedAt = row.get("connectedAt").asText();
            assertThat(ProcessHandle.of(pid)).as("the pid the API shows").isPresent();

            // kill -9
            assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();

            AtomicReference<JsonNode> back = new AtomicReference<>();
            Awaitility.await("local-1 restarted and connected again").atMost(Duration.ofSeconds(45))
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        JsonNode r = agentRow(lab, "local-1");
                        back.set(r);
                        return r != null && "IDLE".equals(r.get("state").asText())
                                && !connectedAt.equals(r.get("connectedAt").asText())
                                && r.at("/local/restarts").asInt() == 1;
                    });
            JsonNode restarted = back.get();
            assertThat(restarted.at("/local/state").asText()).isEqualTo("RUNNING");
            assertThat(restarted.at("/local/lastExitCode").asInt()).isEqualTo(137);
            assertThat(restarted.at("/local/lastExitAt").isTextual()).isTrue();
            long newPid = restarted.at("/local/pid").asLong();
            assertThat(newPid).isNotEqualTo(pid);
            assertThat(agentRow(lab, "local-2").at("/local/restarts").asInt()).isZero();
            lab.awaitIdleAgents(2, Duration.ofSeconds(10));
            assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).contains("local agent local-1 (pid " + pid + ") exited with code 137",
                            "restarting it in 1 s (restart 1)"));
            pids.add(newPid);
            pids.add(agentRow(lab, "local-2").at("/local/pid").asLong());

            long job = lab.post("/api/v1/jobs", "{\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":10,\"eta\":0.1,"
                    + "\"delta\":0.9,\"stop\":{\"maxSteps\":100}}").get("id").asLong();
            JsonNode done = lab.awaitState(job, Duration.ofSeconds(60), "COMPLETED", "FAILED", "CANCELLED");
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        } finally {
            lab.close();
            supervisorLog.detachAppender(logs);
        }
        // the backend stopped them (SIGTERM, waited for) and restarted none
        for (long p : pids) {
            assertThat(ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).as("pid " + p).isFalse();
        }
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).filteredOn(m -> m.contains("restarted"))
                .hasSize(1);
    }

    private static JsonNode agentRow(Lab lab, String name) throws Exception {
        for (JsonNode a : lab.get("/api/v1/agents")) {
            if (name.equals(a.get("name").asText())) {
                return a;
            }
        }
        return null;
    }
}
