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
 *
 * <p>Each process it starts is written down ({@code <data dir>/agents/local-agents.properties}: slot,
 * pid, start time). An agent that outlived its backend — killed with SIGKILL, or restarted by the fault
 * lab with {@link #keepRunningAtStop} — is adopted by the next backend on the same data directory
 * instead of being started a second time beside it.
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
    private volatile boolean keepRunning;
    private final java.util.Map<String, String> started = new java.util.concurrent.ConcurrentHashMap<>();

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
        Path record = props.dataDir().resolve("agents").resolve("local-agents.properties");
        java.util.Map<String, ProcessHandle> survivors = placement == BandwidthLab.LOOPBACK || placement.adopted()
                ? survivors(record) : java.util.Map.of();
        int adopted = 0;
        for (int i = 1; i <= n; i++) {
            String slot = "local-" + i;
            Path logFile = logs.resolve("agent-" + i + ".log");
            ProcessBuilder pb = processBuilder(jar, placement, i, url, slot, logFile);
            LocalAgentProcess.Launcher launch = () -> {
                Process p = pb.start();
                remember(record, slot, p.toHandle());
                return p;
            };
            LocalAgentProcess process = new LocalAgentProcess(slot, logFile, launch, scheduler, Clock.systemUTC(), policy);
            slots.add(process);
            ProcessHandle survivor = survivors.get(slot);
            if (survivor != null) {
                process.adopt(survivor);
                remember(record, slot, survivor);     // kept in the record when another slot's process is written
                adopted++;
            } else {
                process.start();
            }
        }
        log.info("started {} local agents and adopted {} ({}); their logs are in {}", n - adopted, adopted,
                jar.getFileName(), logs);
    }

    private void remember(Path record, String slot, ProcessHandle p) {
        started.put(slot, p.pid() + " " + p.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L));
        java.util.Properties all = new java.util.Properties();
        all.putAll(started);
        try {
            Files.createDirectories(record.getParent());
            Path tmp = record.resolveSibling(record.getFileName() + ".tmp");
            try (var out = Files.newBufferedWriter(tmp)) {
                all.store(out, "local agent processes of the backend on this data directory: slot = pid start-millis");
            }
            Files.move(tmp, record, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("could not write {} ({}): a backend restarted after a crash may start its agents twice", record,
                    e.toString());
        }
    }

    /**
     * The agent processes a previous backend wrote down that still run: the same pid, started at the same
     * time (so not another process that reuses the pid), with the slot's name on its command line.
     */
    static java.util.Map<String, ProcessHandle> survivors(Path record) {
        java.util.Map<String, ProcessHandle> alive = new java.util.HashMap<>();
        if (!Files.isRegularFile(record)) {
            return alive;
        }
        java.util.Properties all = new java.util.Properties();
        try (var in = Files.newBufferedReader(record)) {
            all.load(in);
        } catch (IOException e) {
            log.warn("could not read {}: {}", record, e.toString());
            return alive;
        }
        for (String slot : all.stringPropertyNames()) {
            String[] v = all.getProperty(slot).strip().split("\\s+");
            try {
                long pid = Long.parseLong(v[0]);
                long startMillis = v.length > 1 ? Long.parseLong(v[1]) : 0;
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .filter(h -> h.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L) == startMillis)
                        .filter(h -> h.info().arguments().map(a -> java.util.Arrays.asList(a).contains(slot)).orElse(false))
                        .ifPresent(h -> alive.put(slot, h));
            } catch (NumberFormatException e) {
                log.warn("{}: ignoring the bad line {} = {}", record, slot, all.getProperty(slot));
            }
        }
        return alive;
    }

    /** The pid of the process of slot {@code local-<i>} now, if one runs. */
    public java.util.OptionalLong pid(String slot) {
        return slots.stream().filter(s -> s.slot().equals(slot)).findFirst().map(LocalAgentProcess::pid)
                .orElse(java.util.OptionalLong.empty());
    }

    /** The next {@link #stop} leaves the agents running, for the next backend on this data directory to adopt. */
    public void keepRunningAtStop() {
        keepRunning = true;
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
        boolean keep = keepRunning;
        slots.forEach(s -> s.stop(keep));
        if (restarts != null) {
            restarts.shutdownNow();
        }
        slots.forEach(s -> s.awaitStopped(Duration.ofSeconds(20)));
    }
}
