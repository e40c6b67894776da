package io.easgd.backend.lab;

import io.easgd.backend.EasgdProperties;
import io.easgd.backend.security.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts {@code easgd.agents.local} worker-agent JVMs on this machine once the backend listens
 * (separate processes, real WebSocket over loopback, {@code OMP_NUM_THREADS=1} each), logs to
 * {@code <data dir>/logs/agent-<i>.log}, and stops them (SIGTERM, so they leave cleanly) with the
 * backend.
 */
@Component
public class LocalAgents {
    private static final Logger log = LoggerFactory.getLogger(LocalAgents.class);

    private final EasgdProperties props;
    private final Tokens tokens;
    private final List<Process> processes = new ArrayList<>();

    public LocalAgents(EasgdProperties props, Tokens tokens) {
        this.props = props;
        this.tokens = tokens;
    }

    @EventListener
    public void onReady(ApplicationReadyEvent event) throws IOException {
        int n = props.agents().local();
        if (n <= 0) {
            return;
        }
        Path jar = props.agents().jar().toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            log.warn("not starting {} local agents: {} does not exist (build it with mvn -B install, or set "
                    + "EASGD_AGENTS_JAR)", n, jar);
            return;
        }
        if (tokens.agentToken() == null) {
            log.warn("not starting local agents: the agent token is not known to this process (set EASGD_AGENT_TOKEN)");
            return;
        }
        int port = ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort();
        Path logs = Files.createDirectories(props.dataDir().resolve("logs"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 1; i <= n; i++) {
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            for (String opt : props.agents().javaOptions().trim().split("\\s+")) {
                if (!opt.isEmpty()) {
                    cmd.add(opt);
                }
            }
            cmd.addAll(List.of("-jar", jar.toString(), "--server", "ws://127.0.0.1:" + port,
                    "--name", "local-" + i,
                    "--cache-dir", props.dataDir().resolve("agents").resolve("local-" + i).toAbsolutePath().toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("EASGD_AGENT_TOKEN", tokens.agentToken());
            pb.environment().put("OMP_NUM_THREADS", "1");
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("agent-" + i + ".log").toFile()));
            processes.add(pb.start());
        }
        log.info("started {} local agents ({}); their logs are in {}", n, jar.getFileName(), logs.toAbsolutePath());
    }

    /** Asks each local agent to leave (SIGTERM) and waits for it. */
    @jakarta.annotation.PreDestroy
    public void stop() {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        processes.clear();
    }
}
