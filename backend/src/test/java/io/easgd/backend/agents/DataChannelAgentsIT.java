package io.easgd.backend.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.lab.Lab;
import io.easgd.backend.lab.SharedLab;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real agent JVMs on protocol 2's data channel and beside it. On the {@link SharedLab}: a version 1
 * agent trains in the same job as two version 2 agents (each rank's bytes show which path it took).
 * On a backend of its own whose advertised data port is a {@link DataProxy}: an agent whose data
 * port does not answer falls back to the WebSocket; then the data channel of a running job is cut
 * right after an upload, its reply lost, and every exchange is still applied exactly once.
 */
@ExtendWith(SharedLab.Extension.class)
class DataChannelAgentsIT {
    /** MLP 784-256-256-10. */
    private static final int N = 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10;
    private static final int FLOATS_PER_CHUNK = (1024 * 1024 - 48) / 4;
    /** Cuts of the data channel in the exactly-once test, each right after an upload, losing its reply. */
    private static final int CUTS = 3;

    /** Bytes of one vector's frames on the data channel: each frame behind its 4-byte length. */
    private static long dataWire(int floats) {
        long total = 0;
        for (int offset = 0; offset < floats; offset += FLOATS_PER_CHUNK) {
            total += WireBytes.data(48 + 4L * Math.min(FLOATS_PER_CHUNK, floats - offset));
        }
        return total;
    }

    /** The same on the WebSocket, masked (agent → server) or not. */
    private static long webSocketWire(int floats, boolean masked) {
        long total = 0;
        for (int offset = 0; offset < floats; offset += FLOATS_PER_CHUNK) {
            total += WireBytes.frame(48 + 4L * Math.min(FLOATS_PER_CHUNK, floats - offset), masked);
        }
        return total;
    }

    private static double frames(Lab lab, String direction) {
        return lab.backend().getBean(MeterRegistry.class).get("easgd.data.frames").tag("direction", direction)
                .counter().count();
    }

    private static Map<String, Integer> rankOfAgent(Lab lab, long job) throws Exception {
        Map<String, Integer> ranks = new HashMap<>();
        for (JsonNode a : lab.get("/api/v1/agents")) {
            if (a.path("jobId").asLong(-1) == job) {
                ranks.put(a.get("name").asText(), a.get("rank").asInt());
            }
        }
        return ranks;
    }

    @Test
    void aVersion1AgentTrainsInTheSameJobAsVersion2AgentsEachOnItsOwnPath() throws Exception {
        Lab lab = SharedLab.get();
        SharedLab.startAgent("dcit-v1", "--protocol=1");
        try {
            lab.awaitIdleAgents(3, Duration.ofSeconds(90));
            long id = lab.post("/api/v1/jobs", "{\"name\":\"dc-v1-v2\",\"algorithm\":\"EASGD\",\"workers\":3,\"tau\":10,"
                    + "\"eta\":0.1,\"stop\":{\"maxSteps\":200}}").get("id").asLong();
            lab.awaitState(id, Duration.ofMinutes(2), "RUNNING", "COMPLETED");
            Map<String, Integer> ranks = rankOfAgent(lab, id);
            JsonNode job = lab.awaitState(id, Duration.ofMinutes(4), "COMPLETED", "FAILED", "CANCELLED");
            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
            assertThat(ranks).containsKey("dcit-v1").hasSize(3);
            Map<Integer, Double> up = lab.lastByWorker(id, "bytes_up");
            Map<Integer, Double> down = lab.lastByWorker(id, "bytes_down");
            for (Map.Entry<String, Integer> e : ranks.entrySet()) {
                int rank = e.getValue();
                boolean v1 = e.getKey().equals("dcit-v1");
                long exchanges = 20;                                    // t = 0, 10, …, 190
                assertThat(Math.round(up.get(rank))).as("%s's bytes up", e.getKey())
                        .isEqualTo(exchanges * (v1 ? webSocketWire(N, true) : dataWire(N)));
                assertThat(Math.round(down.get(rank))).as("%s's bytes down, the CENTER included", e.getKey())
                        .isEqualTo((exchanges + 1) * (v1 ? webSocketWire(N, false) : dataWire(N)));
            }
            assertThat(lab.agentLog("dcit-v1")).contains("protocol=1").doesNotContain("data channel attached");
        } finally {
            SharedLab.killAgent("dcit-v1");
        }
    }

    @Test
    void anUnansweredDataPortFallsBackToTheWebSocketAndAReplyLostWithItsChannelIsSentAgainNotReapplied()
            throws Exception {
        Path dir = Files.createTempDirectory("easgd-dc-proxy-");
        // the advertised data port is a relay: first silent (the attach runs out of its 2 s), then relaying
        try (DataProxy proxy = new DataProxy();
             Lab lab = new Lab(dir, "--easgd.data.advertised-port=" + proxy.port(), "--easgd.agents.grace=5s")) {
            Process fallback = lab.startAgent("fallback", Lab.AGENT_TOKEN);
            lab.awaitIdleAgents(1, Duration.ofSeconds(90));
            long id = lab.post("/api/v1/jobs", "{\"algorithm\":\"EASGD\",\"workers\":1,\"tau\":10,\"eta\":0.1,"
                    + "\"stop\":{\"maxSteps\":200}}").get("id").asLong();
            JsonNode job = lab.awaitState(id, Duration.ofMinutes(4), "COMPLETED", "FAILED", "CANCELLED");
            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
            assertThat(Math.round(lab.lastByWorker(id, "bytes_up").get(0))).isEqualTo(20 * webSocketWire(N, true));
            assertThat(frames(lab, "in")).isZero();
            assertThat(frames(lab, "out")).isZero();
            assertThat(proxy.connections()).as("the agent did try the advertised port").isPositive();
            assertThat(lab.agentLog("fallback")).contains("not attached").contains("no attach acknowledgement")
                    .contains("parameter frames go on the WebSocket");
            fallback.destroyForcibly().waitFor();

            // a fresh agent on the relay; each cut loses the reply of an upload the server applied
            proxy.relayTo(lab.backend().getBean(DataChannelServer.class).port());
            lab.startAgent("cut", Lab.AGENT_TOKEN);
            long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!lab.get("/api/v1/agents").findValuesAsText("name").equals(List.of("cut")) || !attachedIdle(lab)) {
                assertThat(System.nanoTime()).as("only the agent cut connected and attached").isLessThan(until);
                Thread.sleep(200);
            }
            long cutJob = lab.post("/api/v1/jobs", "{\"algorithm\":\"EASGD\",\"workers\":1,\"tau\":1,\"eta\":0.05,"
                    + "\"stop\":{\"maxSteps\":600}}").get("id").asLong();
            lab.awaitState(cutJob, Duration.ofMinutes(2), "RUNNING");
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (proxy.cuts() < CUTS && System.nanoTime() < deadline) {
                int connections = proxy.connections();
                proxy.armCut();
                while (proxy.cuts() < CUTS && System.nanoTime() < deadline
                        && (proxy.connections() == connections || !attached(lab, cutJob))) {
                    Thread.sleep(20);                     // cut, then reconnected and attached again
                }
            }
            assertThat(proxy.cuts()).isEqualTo(CUTS);
            JsonNode done = lab.awaitState(cutJob, Duration.ofMinutes(4), "COMPLETED", "FAILED", "CANCELLED");
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
            JsonNode r = done.at("/result/ranks/0");
            assertThat(r.get("steps").asLong()).isEqualTo(600);
            assertThat(r.get("replacements").asInt()).as("the rank resumed on its own agent").isZero();
            // exactly once: one applied exchange per local step t = 0 … 599; each lost reply's upload came again
            // on the next connection, was recognised as applied, and its kept reply was sent
            assertThat(r.get("exchanges").asLong()).isEqualTo(600);
            assertThat(r.get("duplicates").asLong()).isEqualTo(CUTS);
            // and every upload went on a data channel: 600 + one re-sent per cut, two frames each
            assertThat(frames(lab, "in")).isEqualTo(2.0 * (600 + CUTS));
        }
    }

    private static boolean attachedIdle(Lab lab) {
        return lab.backend().getBean(AgentRegistry.class).all().stream()
                .anyMatch(a -> a.state() == AgentState.IDLE && a.dataAttached());
    }

    private static boolean attached(Lab lab, long job) {
        return lab.backend().getBean(AgentRegistry.class).all().stream()
                .anyMatch(a -> Long.valueOf(job).equals(a.jobId()) && a.dataAttached());
    }
}
