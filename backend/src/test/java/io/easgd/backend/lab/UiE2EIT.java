package io.easgd.backend.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI in a real browser against a real lab: Debian's Chromium driven by playwright-core
 * ({@code frontend/e2e/ui.e2e.mjs}, under the Node the frontend build fetched), the backend
 * serving the built UI, two agent JVMs training. The script submits a job through the form, watches
 * its chart series grow, cancels a second job, checks a bad value shows the API's message and saves
 * screenshots of every page to {@code frontend/target/screenshots}. Runs on the {@link SharedLab}: the
 * script finds its jobs by the ids the UI gives it, not by position in an empty list.
 */
@ExtendWith(SharedLab.Extension.class)
class UiE2EIT {
    @TempDir
    Path logDir;

    @Test
    void theBrowserFlowPassesAgainstTheRealPlatform() throws Exception {
        Path frontend = Path.of("..", "frontend").toAbsolutePath().normalize();
        Path node = frontend.resolve("target/node/node");
        if (!Files.isExecutable(node)) {
            node = Path.of("/usr/bin/node");                // a machine whose build took Node elsewhere
        }
        assertThat(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")))
                .as("Chromium (.ci/run installs Debian's chromium)").isExecutable();
        Lab lab = SharedLab.get();
        long before = 0;                                     // the shared lab's jobs of earlier classes
        for (JsonNode j : lab.get("/api/v1/jobs?size=500").get("items")) {
            before = Math.max(before, j.get("id").asLong());
        }
        String index = new String(lab.getBytes("/"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(index).contains("<div id=\"root\">");

        Path log = logDir.resolve("ui-e2e.log");
        ProcessBuilder pb = new ProcessBuilder(node.toString(), "e2e/ui.e2e.mjs").directory(frontend.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("BASE_URL", "http://127.0.0.1:" + lab.port() + "/");
        pb.environment().put("EASGD_API_TOKEN", Lab.API_TOKEN);
        pb.environment().put("E2E_MAX_STEPS", "1500");
        Process p = pb.start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(done).as("the browser test finished in time").isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        // what the browser did is what the backend holds
        JsonNode jobs = lab.get("/api/v1/jobs?size=10");
        java.util.List<String> states = new java.util.ArrayList<>();
        for (JsonNode j : jobs.get("items")) {
            if (j.get("id").asLong() > before) {
                states.add(j.get("state").asText());
            }
        }
        assertThat(states).as("the states of the jobs the browser submitted").contains("CANCELLED");
        assertThat(jobs.at("/items/0/id").asLong()).isGreaterThan(before);
        assertThat(jobs.at("/items/0/spec/algorithm").isMissingNode()).isFalse();
        for (String page : new String[] {"jobs", "submit", "job-detail", "compare", "agents", "stability"}) {
            Path shot = frontend.resolve("target/screenshots/" + page + ".png");
            assertThat(shot).as("screenshot of " + page).exists();
            assertThat(Files.size(shot)).isGreaterThan(10_000);
        }
    }
}
