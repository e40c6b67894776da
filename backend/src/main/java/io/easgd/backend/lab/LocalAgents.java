package io.easgd.backend.lab;

import io.easgd.backend.EasgdProperties;
import io.easgd.backend.agents.AgentController;
import io.easgd.backend.lab.net.BandwidthLab;
import io.easgd.backend.security.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts {@code easgd.agents.local} worker-agent JVMs on this machine once the backend listens
 * (separate processes, real WebSocket over loopback, {@code OMP_NUM_THREADS=1} each), logs to
 * {@code <data dir>/logs/agent-<i>.log}, keeps each one running (a {@link LocalAgentProcess}
 * restarts it when it dies, with backoff, until it crash-loops), and stops them (SIGTERM, so they
 * leave cleanly) with the backend.
 */
@Component
public class LocalAgents implements AgentController.LocalProcesses {
    private static final Logger log = LoggerFactory.getLogger(LocalAgents.class);

    private final EasgdProperties props;
    private final Tokens tokens;
    private final BandwidthLab bandwidthLab;
    private final ServerProperties server;
    private final List<LocalAgentProcess> slots = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService restarts;
    private volatile boolean stopped;

    public LocalAgents(EasgdProperties props, Tokens tokens, BandwidthLab bandwidthLab, ServerProperties server) {
        this.props = props;
        this.tokens = tokens;
        this.bandwidthLab = bandwidthLab;
        this.server = server;
    }

    @EventListener
    public synchronized void onReady(ApplicationReadyEvent event) throws IOException {
        int n = props.agents().local();
        if (n <= 0 || stopped || !slots.isEmpty()) {
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
        BandwidthLab.Placement placement = bandwidthLab.place(n);
        // with server.ssl.* the one port speaks TLS only; the agents trust easgd.agents.ca-file (docs/security.md)
        String url = (Ssl.isEnabled(server.getSsl()) ? "wss" : "ws") + "://" + placement.serverHost() + ":" + port;
        if (url.startsWith("wss") && props.agents().caFile() == null) {
            log.warn("local agents connect to {} trusting only the JVM's default CAs: for a self-signed certificate set "
                    + "EASGD_AGENTS_CA_FILE", url);
        }
        Path logs = Files.createDirectories(props.dataDir().resolve("logs")).toAbsolutePath();
        EasgdProperties.Agents a = props.agents();
        LocalAgentProcess.Policy policy = new LocalAgentProcess.Policy(a.restartBackoff(), a.restartBackoffMax(),
                a.restartResetAfter(), a.crashLoopExits(), a.crashLoopWindow());
        restarts = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-agent-restarts");
            t.setDaemon(true);
            return t;
        });
        LocalAgentProcess.Scheduler scheduler = (delay, task) -> {
            try {
                restarts.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the backend is stopping: no restart
            }
        };
        for (int i = 1; i <= n; i++) {
            String slot = "local-" + i;
            Path logFile = logs.resolve("agent-" + i + ".log");
            ProcessBuilder pb = processBuilder(jar, placement, i, url, slot, logFile);
            slots.add(new LocalAgentProcess(slot, logFile, pb::start, scheduler, Clock.systemUTC(), policy));
        }
        slots.forEach(LocalAgentProcess::start);
        log.info("started {} local agents ({}); their logs are in {}", n, jar.getFileName(), logs);
    }

    private ProcessBuilder processBuilder(Path jar, BandwidthLab.Placement placement, int index, String url, String slot,
                                          Path logFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String opt : props.agents().javaOptions().trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                cmd.add(opt);
            }
        }
        cmd.addAll(List.of("-jar", jar.toString(), "--server", url, "--name", slot,
                "--cache-dir", props.dataDir().resolve("agents").resolve(slot).toAbsolutePath().toString()));
        if (props.agents().caFile() != null) {
            cmd.addAll(List.of("--ca-file", props.agents().caFile().toAbsolutePath().toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(placement.command(index, cmd));
        pb.environment().put("EASGD_AGENT_TOKEN", tokens.agentToken());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        return pb;
    }

    @Override
    public List<AgentController.LocalProcessView> localProcesses() {
        return slots.stream().map(LocalAgentProcess::status).map(s -> new AgentController.LocalProcessView(
                s.slot(), s.state().name(), s.pid(), s.restarts(), s.lastExitCode(), s.lastExitAt(),
                s.nextRestartAt(), s.logFile().toString())).toList();
    }

    /** Stops the supervision (no restart after this), asks each local agent to leave (SIGTERM) and waits for it. */
    @jakarta.annotation.PreDestroy
    public synchronized void stop() {
        stopped = true;
        slots.forEach(LocalAgentProcess::stop);
        if (restarts != null) {
            restarts.shutdownNow();
        }
        slots.forEach(s -> s.awaitStopped(Duration.ofSeconds(20)));
    }
}
