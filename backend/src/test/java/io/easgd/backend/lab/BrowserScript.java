package io.easgd.backend.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of {@code frontend/e2e/*.e2e.mjs} (playwright-core driving Debian's Chromium) against a lab's backend
 * and returns what it printed on its last {@code RESULT {...}} line. Fails with the script's output when it fails
 * or overruns.
 */
final class BrowserScript {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BrowserScript() {
    }

    /** The frontend folder, where the scripts run. */
    static Path frontend() {
        return Path.of("..", "frontend").toAbsolutePath().normalize();
    }

    static JsonNode run(String script, int port, Map<String, String> env, Duration timeout) throws Exception {
        Path frontend = frontend();
        Path node = frontend.resolve("target/node/node");
        if (!Files.isExecutable(node)) {
            node = Path.of("/usr/bin/node");
        }
        assertThat(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")))
                .as("Chromium (.ci/run installs Debian's chromium)").isExecutable();
        Path log = Files.createTempFile(script.replace('/', '-'), ".log");
        ProcessBuilder pb = new ProcessBuilder(node.toString(), script).directory(frontend.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("BASE_URL", "http://127.0.0.1:" + port + "/");
        pb.environment().put("EASGD_API_TOKEN", Lab.API_TOKEN);
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(done).as("the browser test finished in time").isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        String result = output.lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError(script + " printed no RESULT line:\n" + output));
        return JSON.readTree(result.substring("RESULT ".length()));
    }
}
