package io.easgd.backend.lab.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.lab.PackagedBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Bandwidth-limited lab" command as a user runs it (the packaged jar, as root): two
 * local agents in their own network namespaces behind 20 Mbit/s links, each link measured, a job
 * trained across them, and at the end of {@code easgd.lab.duration} the backend gone and nothing of
 * the lab left on the machine; that one is skipped, with the reason, where namespaces cannot be made. A
 * bad link is refused before anything needs root or iproute2, so that test runs everywhere.
 */
class BandwidthLabIT {
    private final Commands sh = new Commands();

    @Test
    void theLabShapesEachLinkTrainsAcrossItAndLeavesNothingBehind(@TempDir Path dataDir) throws Exception {
        NetLabAvailability.assumeAvailable();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String stale = NetLab.PREFIX + gone.pid() + "-a1";       // as a killed backend would leave it
        sh.run("ip", "netns", "add", stale);

        try (PackagedBackend backend = PackagedBackend.start(dataDir, "--easgd.lab.link=20mbit",
                "--easgd.lab.subnet=10.213.77.0/24", "--easgd.lab.duration=40s")) {
            long pid = backend.process().pid();
            JsonNode lab = backend.await("/api/v1/lab", l -> l.path("hosts").size() == 2, Duration.ofMinutes(3));
            assertThat(lab.get("link").asText()).isEqualTo("20mbit");
            assertThat(lab.get("server").asText()).isEqualTo("10.213.77.1");
            for (JsonNode h : lab.get("hosts")) {
                assertThat(h.get("address").asText()).isEqualTo("10.213.77." + (10 + h.get("index").asInt()));
                // TCP payload over a 20 Mbit/s link: under the rate by the headers (~4 %), not far under
                assertThat(h.get("upMbps").asDouble()).as("agent %s up", h.get("index")).isBetween(17.0, 20.0);
                assertThat(h.get("downMbps").asDouble()).as("agent %s down", h.get("index")).isBetween(17.0, 20.0);
            }
            assertThat(sh.run("ip", "netns", "list")).doesNotContain(stale)
                    .contains(NetLab.PREFIX + pid + "-a1", NetLab.PREFIX + pid + "-a2", NetLab.PREFIX + pid + "-sw");

            JsonNode agents = backend.await("/api/v1/agents", a -> a.size() == 2
                    && "IDLE".equals(a.get(0).get("state").asText()) && "IDLE".equals(a.get(1).get("state").asText()),
                    Duration.ofMinutes(2));
            for (JsonNode a : agents) {                          // each agent JVM runs inside its own namespace
                String slot = a.at("/local/slot").asText();
                String ns = NetLab.PREFIX + pid + "-a" + slot.substring(slot.lastIndexOf('-') + 1);
                assertThat(sh.run("ip", "netns", "pids", ns).strip()).isEqualTo(a.at("/local/pid").asText());
            }

            JsonNode job = backend.runJob("{\"algorithm\":\"EASGD\",\"workers\":2,\"tau\":10,\"stop\":{\"maxSteps\":60}}",
                    Duration.ofMinutes(2));
            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
            assertThat(job.at("/result/bytesUp").asLong()).as("6 uploads per worker of 269,322 floats")
                    .isGreaterThan(2 * 6 * 4L * 269_322);
            // the vectors crossed the shaped links on protocol 2's data channel, at the lab's server address
            for (int i = 1; i <= 2; i++) {
                assertThat(java.nio.file.Files.readString(dataDir.resolve("logs").resolve("agent-" + i + ".log")))
                        .as("agent %d's log", i).contains("data channel attached server=10.213.77.1:");
            }
            System.out.printf("BandwidthLabIT: the job ended %d s before the lab's time bound%n", java.time.Duration
                    .between(java.time.Instant.now(), java.time.Instant.parse(lab.get("endsAt").asText())).toSeconds());

            boolean ended = backend.process().waitFor(3, TimeUnit.MINUTES);
            String log = backend.log();
            assertThat(ended).as("the lab's time bound ends the backend; its log:%n%s", log).isTrue();
            assertThat(backend.process().exitValue()).as("exit status; the backend's log:%n%s", log).isZero();
            assertThat(backend.log()).contains("bandwidth-limited lab removed (3 namespaces)");
            assertThat(sh.run("ip", "netns", "list")).doesNotContain(NetLab.PREFIX + pid);
            assertThat(sh.run("ip", "-o", "link")).doesNotContain("el" + pid + "-srv");
            assertThat(sh.run("ip", "-o", "-4", "addr")).doesNotContain("10.213.77.");
        } finally {
            sh.tryRun("ip", "netns", "del", stale);
        }
    }

    @Test
    void aBadLinkEndsTheStartWithItsReason(@TempDir Path dataDir) throws Exception {
        try (PackagedBackend backend = PackagedBackend.start(dataDir, "--easgd.lab.link=100mbps")) {
            assertThat(backend.process().waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(backend.process().exitValue()).isNotZero();
            assertThat(backend.log()).contains("APPLICATION FAILED TO START")
                    .contains("The bandwidth-limited lab could not start: easgd.lab.link must be <rate>[,<delay>] "
                            + "such as 100mbit,1ms or 1gbit (rate in kbit, mbit or gbit; delay in us, ms or s), found "
                            + "'100mbps'");
        }
    }
}
