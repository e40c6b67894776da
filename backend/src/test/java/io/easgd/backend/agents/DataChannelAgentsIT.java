package io.easgd.backend.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.lab.Lab;
import io.easgd.backend.lab.SharedLab;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real agent JVMs on protocol 2's data channel and beside it: a version 1 agent trains in the same
 * job as two version 2 agents (each rank's bytes show which path it took); the data channels of a
 * running job are cut under exchanges in flight and every exchange is still applied exactly once;
 * and an agent whose data port does not answer falls back to the WebSocket. The first two run on the
 * {@link SharedLab}; the fallback needs a backend of its own (its advertised data port is a socket that
 * never answers).
 */
@ExtendWith(SharedLab.Extension.class)
class DataChannelAgentsIT {
    /** MLP 784-256-256-10. */
    private static final int N = 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10;
    private static final int FLOATS_PER_CHUNK = (1024 * 1024 - 48) / 4;
    /** Cuts of the data channel in the exactly-once test: most find an upload whose reply is being made. */
    private static final int CUTS = 6;

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
    void cuttingTheDataChannelRightAfterAnUploadArrivedLosesAndRepeatsNoExchange() throws Exception {
        Lab lab = SharedLab.get();
        AgentRegistry registry = lab.backend().getBean(AgentRegistry.class);
        double framesAtStart = frames(lab, "in");
        // τ = 1: an exchange every step; one worker, so the frames coming in are its UP chunks, two per vector
        long id = lab.post("/api/v1/jobs", "{\"name\":\"dc-cut\",\"algorithm\":\"EASGD\",\"workers\":1,\"tau\":1,"
                + "\"eta\":0.05,\"stop\":{\"maxSteps\":300}}").get("id").asLong();
        lab.awaitState(id, Duration.ofMinutes(2), "RUNNING");
        List<String> cutAt = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (cutAt.size() < CUTS && System.nanoTime() < deadline) {
            long step = lab.get("/api/v1/jobs/" + id).at("/progress/step").asLong();
            AgentSession s = registry.all().stream().filter(a -> Long.valueOf(id).equals(a.jobId()) && a.dataAttached())
                    .findFirst().orElse(null);
            if (step < 30 + 40L * cutAt.size() || s == null) {    // not yet, or still reconnecting from the last cut
                Thread.sleep(50);
                continue;
            }
            // the moment an upload is complete (an even count of chunks): its reply is still being made
            double seen = frames(lab, "in");
            long spin = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            double now;
            while (((now = frames(lab, "in")) == seen || (now - framesAtStart) % 2 != 0) && System.nanoTime() < spin) {
                Thread.onSpinWait();
            }
            s.closeData();                                 // as a broken link would: the WebSocket follows
            cutAt.add(s.id() + "@" + step);
        }
        assertThat(cutAt).hasSize(CUTS);
        JsonNode job = lab.awaitState(id, Duration.ofMinutes(4), "COMPLETED", "FAILED", "CANCELLED");
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
        JsonNode r = job.at("/result/ranks/0");
        assertThat(r.get("steps").asLong()).isEqualTo(300);
        assertThat(r.get("replacements").asInt()).as("the rank resumed on its own agent").isZero();
        // exactly once: one applied exchange per local step t = 0 … 299, whatever was re-sent after a cut
        assertThat(r.get("exchanges").asLong()).isEqualTo(300);
        long duplicates = r.get("duplicates").asLong();
        System.out.printf("DataChannelAgentsIT: %d cuts at %s; %d re-sent uploads recognised as applied or in flight%n",
                CUTS, cutAt, duplicates);
        // some cut found an upload applied or being applied (here 2 of 3 cuts did), whose reply then came again
        // on the next connection; each cut re-sends at most one
        assertThat(duplicates).isBetween(1L, (long) CUTS);
        // and the exchanges after each reconnect went on the new data channel again
        assertThat(frames(lab, "in") - framesAtStart).isBetween(600.0, 600.0 + 2 * CUTS);
    }

    @Test
    void anAgentWhoseDataPortDoesNotAnswerTrainsOnTheWebSocket() throws Exception {
        Path dir = Files.createTempDirectory("easgd-dc-fallback-");
        // the advertised data port accepts connections and never answers: the agent's 2 s attach runs out
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Lab lab = new Lab(dir, "--easgd.data.advertised-port=" + silent.getLocalPort())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            lab.startAgent("fallback");
            lab.awaitIdleAgents(1, Duration.ofSeconds(90));
            long id = lab.post("/api/v1/jobs", "{\"algorithm\":\"EASGD\",\"workers\":1,\"tau\":10,\"eta\":0.1,"
                    + "\"stop\":{\"maxSteps\":200}}").get("id").asLong();
            JsonNode job = lab.awaitState(id, Duration.ofMinutes(4), "COMPLETED", "FAILED", "CANCELLED");
            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
            assertThat(Math.round(lab.lastByWorker(id, "bytes_up").get(0))).isEqualTo(20 * webSocketWire(N, true));
            assertThat(frames(lab, "in")).isZero();
            assertThat(frames(lab, "out")).isZero();
            assertThat(accepted).as("the agent did try the advertised port").isNotEmpty();
            assertThat(lab.agentLog("fallback")).contains("not attached").contains("no attach acknowledgement")
                    .contains("parameter frames go on the WebSocket");
        }
    }
}
