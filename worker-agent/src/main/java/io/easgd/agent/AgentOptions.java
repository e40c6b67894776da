package io.easgd.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The agent's settings, validated: every problem is named with its option and environment
 * variable. Built by {@link Cli} from the command line and the environment.
 *
 * @param server the backend's base URL, {@code ws://host:port} or {@code wss://…} (a path prefix allowed)
 * @param token the agent token the server expects (never logged)
 * @param name how the agent shows in the server's agent list
 * @param cacheDir where datasets (and by default the agent id) are kept
 * @param idFile where the agent id is kept across restarts
 * @param replyTimeout how long an exchange waits for the server's reply before reconnecting
 * @param caFile a PEM file of the certificates that verify the server over {@code wss://} and
 *     {@code https://} (its CA, or its own self-signed certificate); null: the JVM's default trust store
 * @param dataChannel whether to attach the data channel a version 2 server offers (off: parameter
 *     frames go on the WebSocket, as behind an HTTP-only ingress)
 * @param protocol the protocol version the hello speaks: 2 (the default), or 1 for a server that
 *     predates version 2 (and for tests of version 1)
 */
public record AgentOptions(URI server, String token, String name, Path cacheDir, Path idFile, Duration replyTimeout,
                           Path caFile, boolean dataChannel, int protocol) {

    /** Options with the data channel on, protocol version 2. */
    public AgentOptions(URI server, String token, String name, Path cacheDir, Path idFile, Duration replyTimeout,
                        Path caFile) {
        this(server, token, name, cacheDir, idFile, replyTimeout, caFile, true, io.easgd.core.protocol.Protocol.LATEST);
    }

    public AgentOptions {
        if (server == null || !("ws".equals(server.getScheme()) || "wss".equals(server.getScheme()))
                || server.getHost() == null) {
            throw new IllegalArgumentException("--server (EASGD_SERVER) must be a ws:// or wss:// URL with a host, found "
                    + server);
        }
        if (server.getQuery() != null || server.getFragment() != null) {
            throw new IllegalArgumentException("--server (EASGD_SERVER) must not have a query or fragment, found " + server);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("--token (EASGD_AGENT_TOKEN) is required: the agent token configured on the server");
        }
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new IllegalArgumentException("--name (EASGD_AGENT_NAME) must be 1-128 characters, found \"" + name + "\"");
        }
        if (cacheDir == null) {
            throw new IllegalArgumentException("--cache-dir (EASGD_CACHE_DIR) is required");
        }
        if (idFile == null) {
            throw new IllegalArgumentException("--id-file (EASGD_AGENT_ID_FILE) is required");
        }
        if (caFile != null && !java.nio.file.Files.isReadable(caFile)) {
            throw new IllegalArgumentException("--ca-file (EASGD_CA_FILE) must be a readable PEM file, found " + caFile);
        }
        if (!io.easgd.core.protocol.Protocol.supported(protocol)) {
            throw new IllegalArgumentException("--protocol (EASGD_PROTOCOL) must be 1 or 2, found " + protocol);
        }
        if (replyTimeout == null || replyTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("--reply-timeout (EASGD_REPLY_TIMEOUT) must be >= 1 second, found "
                    + (replyTimeout == null ? null : replyTimeout.toSeconds()));
        }
    }

    /** {@code <server>/ws/agents}. */
    public URI webSocketUri() {
        return URI.create(trimmed() + io.easgd.core.protocol.Protocol.PATH);
    }

    /** The same host and port over HTTP(S): where dataset files are fetched from. */
    public URI httpBase() {
        String s = trimmed();
        return URI.create(("wss".equals(server.getScheme()) ? "https" : "http") + s.substring(s.indexOf(':')));
    }

    private String trimmed() {
        String s = server.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String toString() {
        return "AgentOptions[server=" + server + ", token=***, name=" + name + ", cacheDir=" + cacheDir + ", idFile="
                + idFile + ", replyTimeout=" + replyTimeout.toSeconds() + "s, caFile=" + (caFile == null ? "(JVM default)" : caFile)
                + ", dataChannel=" + (dataChannel ? "on" : "off") + ", protocol=" + protocol + "]";
    }
}
