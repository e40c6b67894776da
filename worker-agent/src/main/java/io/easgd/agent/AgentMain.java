package io.easgd.agent;

import io.easgd.agent.connection.Backoff;
import io.easgd.agent.connection.ClientBuffers;
import io.easgd.agent.connection.Tls;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * {@code java -jar worker-agent.jar --server ws://host:8080 --token …}: parse the options → read the
 * machine → connect and serve assignments until SIGTERM → exit. Exit codes in {@link Agent}.
 */
public final class AgentMain {
    private static final Logger log = LoggerFactory.getLogger(AgentMain.class);

    private AgentMain() {
    }

    public static void main(String[] args) {
        ClientBuffers.apply();                   // before anything builds an HttpClient
        int code = run(args, System.getenv());
        System.exit(code);
    }

    static int run(String[] args, Map<String, String> env) {
        CommandLine cl = Cli.commandLine(env);
        AgentOptions options;
        try {
            cl.parseArgs(args);
            if (cl.isUsageHelpRequested()) {
                cl.usage(new PrintWriter(System.out, true));
                return Agent.EXIT_OK;
            }
            if (cl.isVersionHelpRequested()) {
                cl.printVersionHelp(System.out);
                return Agent.EXIT_OK;
            }
            options = ((Cli) cl.getCommand()).options(cl, env);
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage());
            e.getCommandLine().usage(new PrintWriter(System.err, true));
            return Agent.EXIT_USAGE;
        }
        if (options.caFile() != null) {
            try {
                Tls.trusting(options.caFile());                     // a bad file is a usage error, said before anything starts
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return Agent.EXIT_USAGE;
            }
        }
        try {
            log.info("starting {}", options);
            if (env.get("OMP_NUM_THREADS") == null) {
                log.info("OMP_NUM_THREADS is not set; with small models on few cores, OMP_NUM_THREADS=1 is often faster");
            }
            AgentId id = AgentId.load(options.idFile());
            var capabilities = Machine.capabilities();
            log.info("machine cores={} maxMemoryBytes={} backend={} gpu={}", capabilities.cores(),
                    capabilities.memoryBytes(), capabilities.backend(), capabilities.gpuName());
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NORMAL);
            if (options.caFile() != null) {
                builder.sslContext(Tls.trusting(options.caFile()));   // the WebSocket and the downloads alike
            }
            HttpClient http = builder.build();
            HealthFile health = HealthFile.fromEnv(env);
            if (health != HealthFile.NONE) {
                log.info("health file {} is touched while connected", health);
            }
            Agent agent = new Agent(options, capabilities, id, http,
                    Backoff.withMax(System.getProperty(Backoff.MAX_PROPERTY), new Random()), health);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    if (agent.leaveOnSignal(Agent.LEAVE_TIMEOUT.plusSeconds(15))) {
                        System.err.flush();
                        Runtime.getRuntime().halt(Agent.EXIT_OK);   // 0, not the JVM's 143 for SIGTERM
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "agent-shutdown"));
            return agent.run();
        } catch (RuntimeException | LinkageError e) {
            log.error("the agent failed", e);
            return Agent.EXIT_ERROR;
        }
    }
}
