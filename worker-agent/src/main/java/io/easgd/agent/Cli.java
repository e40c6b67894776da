package io.easgd.agent;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** The command line: each option can also come from an environment variable; the flag wins. */
@Command(name = "worker-agent", mixinStandardHelpOptions = true, version = "easgd worker-agent 0.1.0 (protocols 1 and 2)",
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Trains the workers the EASGD backend assigns to this machine.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:left on SIGTERM (after a final exchange when training)",
            "1:unexpected error",
            "2:invalid options",
            "3:the server refused the agent token (close 4001)",
            "4:the server does not speak this protocol version (close 4002)",
            "5:TLS: the server's certificate is not trusted or not for its address, or it does not speak TLS"})
public final class Cli {
    public static final String DEFAULT_SERVER = "ws://localhost:8080";
    public static final long DEFAULT_REPLY_TIMEOUT_SECONDS = 600;

    /** Option name → environment variable. */
    static final Map<String, String> ENV = Map.of(
            "--server", "EASGD_SERVER",
            "--token", "EASGD_AGENT_TOKEN",
            "--name", "EASGD_AGENT_NAME",
            "--cache-dir", "EASGD_CACHE_DIR",
            "--id-file", "EASGD_AGENT_ID_FILE",
            "--reply-timeout", "EASGD_REPLY_TIMEOUT",
            "--ca-file", "EASGD_CA_FILE",
            "--data-channel", "EASGD_DATA_CHANNEL",
            "--protocol", "EASGD_PROTOCOL");

    @Option(names = "--server", paramLabel = "URL",
            description = "Backend base URL, ws:// or wss:// (env EASGD_SERVER, default " + DEFAULT_SERVER + ").")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Agent token configured on the server (env EASGD_AGENT_TOKEN, required).")
    String token;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Name shown in the server's agent list (env EASGD_AGENT_NAME, default the host name).")
    String name;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Dataset cache (env EASGD_CACHE_DIR, default ~/.cache/easgd-agent).")
    Path cacheDir;

    @Option(names = "--id-file", paramLabel = "FILE",
            description = "Keeps the agent id across restarts (env EASGD_AGENT_ID_FILE, default <cache-dir>/agent-id).")
    Path idFile;

    @Option(names = "--reply-timeout", paramLabel = "SECONDS",
            description = "Seconds an exchange waits for the server's reply before reconnecting (env EASGD_REPLY_TIMEOUT, "
                    + "default " + DEFAULT_REPLY_TIMEOUT_SECONDS + ").")
    Long replyTimeoutSeconds;

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "Certificates (PEM) that verify a wss:// server and its https:// downloads: its CA or its own "
                    + "self-signed certificate (env EASGD_CA_FILE, default the JVM's trust store).")
    Path caFile;

    @Option(names = "--data-channel", paramLabel = "on|off",
            description = "Send parameter vectors on the server's data channel (protocol 2) when it offers one and its "
                    + "port is reachable, else on the WebSocket; off: always the WebSocket, e.g. behind an HTTP-only "
                    + "ingress (env EASGD_DATA_CHANNEL, default on).")
    String dataChannel;

    @Option(names = "--protocol", paramLabel = "1|2",
            description = "Protocol version of the hello: 2, or 1 for a server older than version 2 (env EASGD_PROTOCOL, "
                    + "default 2).")
    Integer protocol;

    /** The parser, reading missing options from {@code env}. */
    static CommandLine commandLine(Map<String, String> env) {
        CommandLine cl = new CommandLine(new Cli());
        cl.setDefaultValueProvider((ArgSpec arg) -> {
            String variable = arg instanceof OptionSpec o ? ENV.get(o.longestName()) : null;
            return variable != null ? env.get(variable) : null;
        });
        return cl;
    }

    /**
     * Parses {@code args} with {@code env} behind them.
     *
     * @throws CommandLine.ParameterException on unknown options or bad values, with the usage
     */
    public static AgentOptions parse(String[] args, Map<String, String> env) {
        CommandLine cl = commandLine(env);
        cl.parseArgs(args);
        return ((Cli) cl.getCommand()).options(cl, env);
    }

    AgentOptions options(CommandLine cl, Map<String, String> env) {
        try {
            Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
            Path cache = cacheDir != null ? cacheDir : home.resolve(".cache").resolve("easgd-agent");
            return new AgentOptions(
                    server != null ? URI.create(server.trim()) : URI.create(DEFAULT_SERVER),
                    token,
                    name != null ? name : hostName(env),
                    cache,
                    idFile != null ? idFile : cache.resolve("agent-id"),
                    Duration.ofSeconds(replyTimeoutSeconds != null ? replyTimeoutSeconds : DEFAULT_REPLY_TIMEOUT_SECONDS),
                    caFile,
                    onOff(dataChannel == null ? "on" : dataChannel),
                    protocol != null ? protocol : io.easgd.core.protocol.Protocol.LATEST);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage(), e);
        }
    }

    private static boolean onOff(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("--data-channel (EASGD_DATA_CHANNEL) must be on or off, found \""
                    + value + "\"");
        };
    }

    static String hostName(Map<String, String> env) {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return env.getOrDefault("HOSTNAME", "agent");
        }
    }
}
