package io.easgd.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Every setting of the platform, under {@code easgd.*}; each is also an environment variable with
 * the prefix {@code EASGD_} (Spring's relaxed binding: {@code easgd.api-token} ⇐ {@code EASGD_API_TOKEN}).
 *
 * @param dataDir where the embedded database, datasets, checkpoints and generated tokens live
 * @param apiToken the API token for mutating calls; generated at first start when unset
 * @param agentToken the token agents enroll with; generated at first start when unset
 * @param readRequiresToken whether GET calls need the API token too
 * @param db the embedded PostgreSQL (used unless {@code spring.datasource.url} is set)
 * @param jdbcThreads threads for blocking database calls, kept off the event loop
 * @param agents how agents are watched and, for the local lab, started
 * @param eval how often and where the center is evaluated
 * @param instanceId this replica's name in the queue's {@code claimed_by} column
 * @param lab the bandwidth-limited lab: local agents behind shaped network links
 * @param cors which other origins (web pages not served by this backend) may call it from a browser
 * @param data protocol version 2's data channel: the TCP port that carries parameter frames
 * @param stragglers when a worker much slower than its peers is reported as a straggler
 * @param search how often early-stopping searches look for runs that reached a rung
 */
@ConfigurationProperties(prefix = "easgd")
public record EasgdProperties(
        @DefaultValue("easgd-data") Path dataDir,
        String apiToken,
        String agentToken,
        @DefaultValue("false") boolean readRequiresToken,
        @DefaultValue Db db,
        @DefaultValue("16") int jdbcThreads,
        @DefaultValue Events events,
        @DefaultValue Agents agents,
        @DefaultValue Eval eval,
        String instanceId,
        @DefaultValue Lab lab,
        @DefaultValue Cors cors,
        @DefaultValue Data data,
        @DefaultValue Stragglers stragglers,
        @DefaultValue Search search) {

    public EasgdProperties {
        if (instanceId == null || instanceId.isBlank()) {
            String host = System.getenv().getOrDefault("HOSTNAME", "");
            if (host.isBlank()) {
                try {
                    host = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.io.IOException e) {
                    host = "backend";
                }
            }
            instanceId = host;
        }
    }

    /**
     * @param grace how long a disconnected worker keeps its rank before a free agent replaces it
     * @param replaceTimeout how long a running job whose ranks are all lost past their grace waits
     *     for an agent to take one before it fails
     * @param faultLimit an agent whose connections broke the protocol this many times within
     *     {@code faultWindow} is quarantined: its rank is replaced at once and it gets no work until
     *     the window has passed since its last fault
     * @param faultWindow see {@code faultLimit}
     * @param heartbeatInterval how often agents send a heartbeat (told to them in {@code welcome}); one
     *     silent for 3 intervals ({@code Protocol.MISSED_HEARTBEATS}) is disconnected
     * @param outboundBuffer bytes the server may queue for one agent; an agent that reads slower is
     *     disconnected (close 1013) and reconnects
     * @param local how many local agent processes the backend starts (the no-Docker lab); 0 for none
     * @param jar the worker-agent jar the local agents run
     * @param javaOptions JVM options of the local agents
     * @param restartBackoff how long after a local agent process died it is restarted; doubles at
     *     each quick exit in a row
     * @param restartBackoffMax the doubling stops here
     * @param restartResetAfter a local agent that stayed up this long restarts after {@code restartBackoff} again
     * @param crashLoopExits this many exits of one local agent within {@code crashLoopWindow} mark it
     *     as crash-looping: it is not restarted any more
     * @param crashLoopWindow see {@code crashLoopExits}
     * @param caFile a PEM file of the CA (or certificate) the local agents trust when the backend serves
     *     TLS: passed to them as {@code --ca-file}; unset, they trust the JVM's default CAs
     */
    public record Agents(@DefaultValue("30s") Duration grace,
                         @DefaultValue("10m") Duration replaceTimeout,
                         @DefaultValue("3") int faultLimit,
                         @DefaultValue("1m") Duration faultWindow,
                         @DefaultValue("5s") Duration heartbeatInterval,
                         @DefaultValue("256MB") org.springframework.util.unit.DataSize outboundBuffer,
                         @DefaultValue("0") int local,
                         @DefaultValue("worker-agent/target/worker-agent.jar") Path jar,
                         @DefaultValue("-Xmx2g") String javaOptions,
                         @DefaultValue("1s") Duration restartBackoff,
                         @DefaultValue("60s") Duration restartBackoffMax,
                         @DefaultValue("60s") Duration restartResetAfter,
                         @DefaultValue("5") int crashLoopExits,
                         @DefaultValue("2m") Duration crashLoopWindow,
                         Path caFile) {
    }

    /**
     * @param interval how often the center of a running job is evaluated on the test set, at most
     * @param checkpointInterval how often the center of a running job is checkpointed to disk
     * @param maxShare the largest share of one core a job's evaluations may take: after an
     *     evaluation that took d seconds the next starts no sooner than d / maxShare after it began
     *     (a CNN's evaluation on 2,000 digits takes about a second, which every 2 s would take half
     *     a core from the agents training beside the backend); 1 evaluates back to back
     * @param threads native (OpenMP) threads of the backend's DL4J work, i.e. the evaluations; 0
     *     leaves ND4J's default (one per core, or {@code OMP_NUM_THREADS})
     */
    public record Eval(@DefaultValue("2s") Duration interval, @DefaultValue("30s") Duration checkpointInterval,
                       @DefaultValue("0.2") double maxShare, @DefaultValue("1") int threads) {
        public Eval {
            if (!(maxShare > 0 && maxShare <= 1)) {
                throw new IllegalArgumentException("easgd.eval.max-share must be in (0, 1], found " + maxShare);
            }
            if (threads < 0) {
                throw new IllegalArgumentException("easgd.eval.threads must be >= 0, found " + threads);
            }
        }

        /** How long after an evaluation that took {@code lastSeconds} the next one is due. */
        public Duration intervalAfter(double lastSeconds) {
            Duration paced = Duration.ofNanos((long) (lastSeconds / maxShare * 1e9));
            return paced.compareTo(interval) > 0 ? paced : interval;
        }
    }

    /**
     * @param port port of the embedded PostgreSQL; 0 picks a free one at each start
     */
    public record Db(@DefaultValue("0") int port) {
    }

    /**
     * @param pollInterval how often SSE streams also look in the database for events written by
     *     other backend replicas (events of this replica arrive at once)
     * @param keepAlive interval of SSE comment lines that keep idle connections open
     */
    public record Events(@DefaultValue("2s") Duration pollInterval, @DefaultValue("15s") Duration keepAlive) {
    }

    /**
     * @param link empty for none (agents on loopback); else each machine's link to the lab's switch,
     *     {@code <rate>[,<delay>]} as {@code tc} writes them: {@code 100mbit,1ms}, {@code 1gbit}, {@code 10mbit}
     * @param subnet the lab's IPv4 subnet; the server is its first address, agent i address 10 + i
     * @param duration the lab's time bound: after it the backend shuts down, and with it the agents
     *     and the network
     * @param probe whether each link's throughput is measured before the agents start (about 3 s per agent)
     * @param faults the fault lab (docs/operations.md, "Fault lab")
     */
    public record Lab(@DefaultValue("") String link, @DefaultValue("10.213.0.0/24") String subnet,
                      @DefaultValue("2h") Duration duration, @DefaultValue("true") boolean probe,
                      @DefaultValue Faults faults) {
        public Lab {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("easgd.lab.duration must be positive, found " + duration);
            }
        }

        public boolean enabled() {
            return link != null && !link.isBlank();
        }
    }

    /**
     * @param enabled whether {@code /api/v1/lab/faults} may inject faults (off by default: it kills processes)
     * @param healTimeout a fault whose job has not healed this long after the fault was over is NOT_HEALED
     * @param rankWait how long a fault due on a rank that has no agent now (it is being replaced) waits for one
     *     before it is FAILED
     */
    public record Faults(@DefaultValue("false") boolean enabled, @DefaultValue("10m") Duration healTimeout,
                         @DefaultValue("60s") Duration rankWait) {
    }

    /**
     * @param allowedOrigins origins ({@code https://host[:port]}) whose pages may call the API from a
     *     browser; empty (the default) refuses every cross-origin request and preflight
     */
    public record Cors(@DefaultValue List<String> allowedOrigins) {
        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of() : allowedOrigins.stream().map(String::strip)
                    .filter(o -> !o.isEmpty()).toList();
            for (String o : allowedOrigins) {
                if (!o.equals("*") && !o.matches("https?://[^/\\s?#]+")) {
                    throw new IllegalArgumentException("easgd.cors.allowed-origins (EASGD_CORS_ALLOWED_ORIGINS) takes origins "
                            + "such as https://ui.example.org:8443 (scheme, host, optional port; no path), found \"" + o + "\"");
                }
            }
        }
    }

    /**
     * @param enabled whether version 2 agents are offered the data channel (off: every agent sends its
     *     frames on the WebSocket, as in version 1)
     * @param port TCP port of the data channel, on the same addresses as the HTTP server
     *     ({@code server.address}, else all); 0 picks a free one at each start
     * @param advertisedPort the port agents are told to connect to when it differs from {@code port}
     *     (a NAT or a container port mapping); 0: the port listened on
     * @param threads event-loop threads of the data channel (its own, not the HTTP server's)
     * @param advertisedHost the host agents are told to connect the channel to; empty (the default):
     *     the host of their server URL. Behind a load balancer over several replicas, each replica's own
     *     address (a pod IP), so that the channel reaches the replica that holds the WebSocket
     */
    public record Data(@DefaultValue("true") boolean enabled, @DefaultValue("7071") int port,
                       @DefaultValue("0") int advertisedPort, @DefaultValue("2") int threads,
                       @DefaultValue("") String advertisedHost) {
        public Data {
            advertisedHost = advertisedHost == null ? "" : advertisedHost.strip();
            if (!advertisedHost.isEmpty() && !advertisedHost.matches("[A-Za-z0-9.:\\-\\[\\]]{1,253}")) {
                throw new IllegalArgumentException("easgd.data.advertised-host (EASGD_DATA_ADVERTISED_HOST) must be a "
                        + "host name or an IP address, found \"" + advertisedHost + "\"");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("easgd.data.port (EASGD_DATA_PORT) must be in [0, 65535], found " + port);
            }
            if (advertisedPort < 0 || advertisedPort > 65535) {
                throw new IllegalArgumentException("easgd.data.advertised-port (EASGD_DATA_ADVERTISED_PORT) must be in "
                        + "[0, 65535], found " + advertisedPort);
            }
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("easgd.data.threads (EASGD_DATA_THREADS) must be in [1, 64], found "
                        + threads);
            }
        }
    }

    /**
     * Straggler detection (docs/operations.md "Stragglers"): a training rank whose recent step rate is
     * below {@code slowerThan} × the median of its live peers' for at least {@code forDuration} is a
     * straggler, until its rate is at or above that again.
     *
     * @param slowerThan the fraction of the peer median below which a rank is slow, in (0, 1)
     *     ({@code easgd.stragglers.slower-than}, {@code EASGD_STRAGGLERS_SLOWER_THAN})
     * @param forDuration how long a rank must stay below it ({@code easgd.stragglers.for},
     *     {@code EASGD_STRAGGLERS_FOR}); 0 reports it at the first look
     */
    public record Stragglers(@DefaultValue("0.5") double slowerThan,
                             @Name("for") @DefaultValue("5s") Duration forDuration) {
        public Stragglers {
            if (!(slowerThan > 0 && slowerThan < 1)) {
                throw new IllegalArgumentException("easgd.stragglers.slower-than (EASGD_STRAGGLERS_SLOWER_THAN) must be "
                        + "in (0, 1), found " + slowerThan);
            }
            if (forDuration == null || forDuration.isNegative()) {
                throw new IllegalArgumentException("easgd.stragglers.for (EASGD_STRAGGLERS_FOR) must be >= 0, found "
                        + forDuration);
            }
        }
    }

    /**
     * Early-stopping searches (docs/api.md "Searches").
     *
     * @param interval how often the runs of searches are looked at for a rung reached ({@code easgd.search.interval},
     *     {@code EASGD_SEARCH_INTERVAL}): a run that reached one is decided within about this long after its
     *     evaluation's metric points are written
     */
    public record Search(@DefaultValue("1s") Duration interval) {
        public Search {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("easgd.search.interval (EASGD_SEARCH_INTERVAL) must be > 0, found "
                        + interval);
            }
        }
    }
}
