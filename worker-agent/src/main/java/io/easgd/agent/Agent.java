package io.easgd.agent;

import io.easgd.agent.connection.Backoff;
import io.easgd.agent.connection.Connection;
import io.easgd.agent.connection.ConnectionLost;
import io.easgd.agent.connection.Tls;
import io.easgd.agent.training.DatasetCache;
import io.easgd.agent.training.JobRunner;
import io.easgd.agent.training.ServerLink;
import io.easgd.agent.training.TrainingSession;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ProtocolException;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.protocol.ToServer;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's control loop, one thread, one event at a time. The connection's life:
 *
 * <pre>
 * connect (backoff 0.5 s … 30 s) ─▶ hello {token, agentId, capabilities, resume?}
 *   ◀── welcome            heartbeats (and WebSocket pings) every heartbeatSeconds
 *   ◀── assign             a {@link JobRunner} thread: dataset → network → ready → x̃ → train
 *   ◀── stop               the job's thread ends at the next step or wait
 *   job ended              finished / failed (kept and sent after the next welcome if disconnected)
 *   connection closed      reconnect with hello.resume; the job thread waits, then re-sends its
 *                          exchange in flight with the same sequence; resumed=false drops the job
 *   SIGTERM                the job finishes its step and makes a final exchange; leaving; close 1000
 * </pre>
 * A close with 4001 (token wrong or revoked) or 4002 (version), or a server whose certificate this
 * agent does not trust, ends the agent: retrying cannot help.
 */
public final class Agent {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** How long a leaving agent waits for its job's current step and final exchange. */
    public static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(20);

    public static final int EXIT_OK = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_TOKEN_REFUSED = 3;
    public static final int EXIT_VERSION_REFUSED = 4;
    public static final int EXIT_TLS_REFUSED = 5;

    private interface Event {
    }

    private record ConnectNow() implements Event {
    }

    private record Message(Connection connection, ToAgent message) implements Event {
    }

    private record Closed(Connection connection, int code, String reason) implements Event {
    }

    private record HandshakeTimeout(Connection connection) implements Event {
    }

    private record JobEnded(JobRunner job, TrainingSession.Outcome outcome) implements Event {
    }

    private record Shutdown() implements Event {
    }

    private final AgentOptions options;
    private final ToServer.Capabilities capabilities;
    private final AgentId id;
    private final HttpClient http;
    private final DatasetCache cache;
    private final Backoff backoff;
    private final HealthFile health;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "agent-timer");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Connection.Handler handler = new Handler();
    private volatile boolean signalled;

    // control thread only, except job (read by the receive loop)
    private Connection conn;
    private boolean welcomed;
    /** {@code welcome.protocol} of the current connection; 1 until welcomed. */
    private int serverProtocol = 1;
    private ScheduledFuture<?> heartbeats;
    private volatile JobRunner job;
    private volatile long lastJobId = -1;
    private ToServer pendingReport;
    /** An assign that came while the job before it was still stopping: started as soon as that one ends. */
    private ToAgent.Assign deferredAssign;

    public Agent(AgentOptions options, ToServer.Capabilities capabilities, AgentId id, HttpClient http, Backoff backoff) {
        this(options, capabilities, id, http, backoff, HealthFile.NONE);
    }

    /** @param health touched while connected, for container health checks */
    public Agent(AgentOptions options, ToServer.Capabilities capabilities, AgentId id, HttpClient http, Backoff backoff,
                 HealthFile health) {
        this.options = options;
        this.health = health;
        this.capabilities = capabilities;
        this.id = id;
        this.http = http;
        this.cache = new DatasetCache(options.cacheDir(), http, options.httpBase(), options.token());
        this.backoff = backoff;
    }

    /** Serves until SIGTERM (0) or a refusal no retry can fix (3, 4). */
    public int run() {
        try {
            events.add(new ConnectNow());
            while (true) {
                Integer exit = handle(events.take());
                if (exit != null) {
                    return exit;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_ERROR;
        } finally {
            health.disconnected();
            timers.shutdownNow();
            id.release();
            finished.countDown();
        }
    }

    /**
     * From the shutdown hook: leave as the protocol says and wait for it.
     *
     * @return false when the agent had already ended by itself (keep its exit code)
     */
    public boolean leaveOnSignal(Duration wait) throws InterruptedException {
        if (finished.getCount() == 0) {
            return false;
        }
        signalled = true;
        events.add(new Shutdown());
        finished.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    private Integer handle(Event e) throws InterruptedException {
        if (e instanceof ConnectNow) {
            return connect();
        } else if (e instanceof Message m) {
            if (m.connection() == conn) {
                onMessage(m.message());
            }
        } else if (e instanceof Closed c) {
            if (c.connection() == conn) {
                return onClosed(c.code(), c.reason());
            }
        } else if (e instanceof HandshakeTimeout t) {
            if (t.connection() == conn && !welcomed) {
                conn.abort("no welcome within " + HANDSHAKE_TIMEOUT.toSeconds() + " s");
            }
        } else if (e instanceof JobEnded j) {
            onJobEnded(j.job(), j.outcome());
        } else if (e instanceof Shutdown) {
            return leave();
        }
        return null;
    }

    /** Opens a connection and says hello; an exit code when the server cannot be trusted, else null. */
    private Integer connect() throws InterruptedException {
        if (signalled) {
            return null;
        }
        log.info("connecting server={} attempt={}", options.webSocketUri(), backoff.attempts() + 1);
        Connection c;
        try {
            c = Connection.open(http, options.webSocketUri(), handler);
        } catch (ConnectionLost e) {
            String tls = Tls.explain(e, options.webSocketUri(), options.caFile());
            if (tls != null) {
                log.error("{}", tls);                             // one line, no stack trace; retrying cannot help
                return EXIT_TLS_REFUSED;
            }
            retryLater(e.getMessage() + plaintextHint(e));
            return null;
        }
        conn = c;
        welcomed = false;
        JobRunner j = job;
        ToServer.Resume resume = j != null ? j.resume() : null;
        try {
            c.send(ToServer.Hello.of(options.protocol(), options.token(), id.value(), options.name(), capabilities,
                    resume));
        } catch (ConnectionLost e) {
            return null;                                         // its Closed event schedules the retry
        }
        timers.schedule(() -> events.add(new HandshakeTimeout(c)), HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        log.info("hello sent agentId={} resume={}", id.value(), resume);
        return null;
    }

    /** A plain ws:// connection the server dropped without an answer: likely a TLS-only port. */
    private String plaintextHint(ConnectionLost e) {
        boolean refused = e.getCause() instanceof java.net.ConnectException
                || e.getCause() instanceof java.net.http.HttpConnectTimeoutException
                || e.getCause() instanceof java.util.concurrent.TimeoutException;
        return "ws".equals(options.server().getScheme()) && !refused && e.getCause() instanceof java.io.IOException
                ? " (if the server uses TLS, connect with wss://)" : "";
    }

    private void retryLater(String why) {
        Duration wait = backoff.next();
        log.warn("not connected: {}; retrying in {} ms", why, wait.toMillis());
        timers.schedule(() -> events.add(new ConnectNow()), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onMessage(ToAgent message) {
        if (message instanceof ToAgent.Welcome w) {
            onWelcome(w);
        } else if (!welcomed) {
            log.warn("server sent {} before welcome; closing", message.getClass().getSimpleName());
            conn.abort("message before welcome");
        } else if (message instanceof ToAgent.Assign a) {
            onAssign(a);
        } else if (message instanceof ToAgent.Stop s) {
            ToAgent.Assign deferred = deferredAssign;
            if (deferred != null && deferred.jobId() == s.jobId()) {
                log.info("stop job={} before it started reason=\"{}\"", s.jobId(), s.reason());
                deferredAssign = null;
                return;
            }
            JobRunner j = job;
            if (j != null && j.jobId() == s.jobId()) {
                log.info("stop job={} rank={} reason=\"{}\"", s.jobId(), j.rank(), s.reason());
                if (pendingReport != null) {
                    pendingReport = null;
                    job = null;
                    startDeferred();
                } else {
                    j.stop(s.reason());
                }
            } else {
                log.info("stop for job={} which this agent does not run; ignored", s.jobId());
            }
        } else if (message instanceof ToAgent.SetTau t) {
            JobRunner j = job;
            if (j != null && j.jobId() == t.jobId()) {
                log.info("setTau job={} rank={} tau={} reason=\"{}\"", t.jobId(), j.rank(), t.tau(), t.reason());
                j.setTau(t.tau());
            } else {
                log.info("setTau for job={} which this agent does not run; ignored", t.jobId());
            }
        } else if (message instanceof ToAgent.Error err) {
            log.warn("server says: {}", err.message());
        }
    }

    private void onWelcome(ToAgent.Welcome w) {
        if (welcomed) {
            log.warn("a second welcome; ignored");
            return;
        }
        welcomed = true;
        backoff.reset();
        id.adopt(w.agentId());
        conn.maxFrameBytes(w.maxFrameBytes());
        if (w.data() != null && options.dataChannel()) {
            // a frame may come on the WebSocket meanwhile (a CENTER racing the attach): both paths are read
            conn.attachData(w.data().hostOr(options.server().getHost()), w.data(), "wss".equals(options.server().getScheme())
                    ? http.sslContext() : null);
        } else if (w.data() != null) {
            log.info("data channel offered on port {}; not attached (--data-channel=off)", w.data().port());
        }
        startHeartbeats(conn, w.heartbeatSeconds());
        health.connected();
        log.info("connected agentId={} protocol={} heartbeatSeconds={} maxFrameBytes={} resumed={} dataChannel={}",
                w.agentId(), w.protocol(), w.heartbeatSeconds(), w.maxFrameBytes(), w.resumed(),
                conn.dataAttached() ? "attached" : "off");
        serverProtocol = w.protocol();
        JobRunner j = job;
        if (j == null) {
            return;
        }
        j.serverProtocol(w.protocol());
        if (!w.resumed()) {
            log.warn("the server did not resume job={} rank={}; dropping it", j.jobId(), j.rank());
            job = null;
            pendingReport = null;
            j.stop("the server released rank " + j.rank() + " of job " + j.jobId());
            return;
        }
        if (pendingReport != null) {
            if (trySend(pendingReport)) {
                pendingReport = null;
                job = null;
            }
            return;
        }
        j.link().connected(conn);
    }

    private void onAssign(ToAgent.Assign a) {
        JobRunner busy = job;
        if (busy != null && busy.jobId() == a.jobId() && busy.rank() == a.rank()) {
            log.info("assign job={} rank={} repeated; already running it", a.jobId(), a.rank());
            return;
        }
        if (busy != null && busy.stopping() && pendingReport == null) {
            // The server ended the last job and counts this agent idle at once; the runner still finishes its
            // current step (a CNN step takes a fraction of a second). Refusing would fail the next job.
            log.info("assign job={} rank={} starts when job={} rank={} has stopped", a.jobId(), a.rank(),
                    busy.jobId(), busy.rank());
            deferredAssign = a;
            return;
        }
        if (busy != null) {
            log.warn("assign job={} rank={} refused: busy with job={} rank={}", a.jobId(), a.rank(), busy.jobId(), busy.rank());
            trySend(new ToServer.Failed(a.jobId(), a.rank(), "agent " + options.name() + " is busy with job "
                    + busy.jobId() + " rank " + busy.rank()));
            return;
        }
        ServerLink link = new ServerLink(a.jobId(), a.rank(), options.replyTimeout(), a.spec().compression());
        link.connected(conn);
        JobRunner[] self = new JobRunner[1];
        self[0] = new JobRunner(a, cache, link, outcome -> events.add(new JobEnded(self[0], outcome)));
        self[0].serverProtocol(serverProtocol);
        job = self[0];
        lastJobId = a.jobId();
        self[0].start();
    }

    private void onJobEnded(JobRunner j, TrainingSession.Outcome o) {
        if (j != job) {
            return;
        }
        ToServer report = switch (o.result()) {
            case FINISHED -> new ToServer.Finished(j.jobId(), j.rank(), o.steps());
            case FAILED -> new ToServer.Failed(j.jobId(), j.rank(), o.message());
            case STOPPED, LEFT -> null;
        };
        if (report == null || (welcomed && trySend(report))) {
            job = null;
            startDeferred();
        } else {
            pendingReport = report;                              // sent after the next welcome that resumes
        }
    }

    private void startDeferred() {
        ToAgent.Assign a = deferredAssign;
        deferredAssign = null;
        if (a != null && welcomed) {
            onAssign(a);
        }
    }

    private Integer onClosed(int code, String reason) {
        Connection c = conn;
        conn = null;
        welcomed = false;
        health.disconnected();
        deferredAssign = null;                                   // the server reassigns after the reconnect
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        JobRunner j = job;
        if (j != null) {
            j.link().disconnected(c);
        }
        log.warn("disconnected code={} reason=\"{}\"", code, reason);
        if (code == Protocol.CLOSE_BAD_TOKEN) {
            if (reason != null && reason.contains("revoked")) {
                log.error("the server revoked this agent's token (close 4001 \"{}\"); not reconnecting: start the agent "
                        + "again with a new token (--token / EASGD_AGENT_TOKEN)", reason);
            } else {
                log.error("the server refused the agent token (close 4001 \"{}\"); check --token / EASGD_AGENT_TOKEN", reason);
            }
            return EXIT_TOKEN_REFUSED;
        }
        if (code == Protocol.CLOSE_BAD_VERSION) {
            log.error("the server does not speak protocol version {}; update the agent{}", options.protocol(),
                    options.protocol() > Protocol.VERSION ? " or start it with --protocol=1" : "");
            return EXIT_VERSION_REFUSED;
        }
        retryLater("connection closed with " + code);
        return null;
    }

    private void startHeartbeats(Connection c, int seconds) {
        AtomicLong seq = new AtomicLong();
        long silenceLimit = TimeUnit.SECONDS.toNanos((long) Protocol.MISSED_HEARTBEATS * seconds);
        heartbeats = timers.scheduleAtFixedRate(() -> {
            if (!c.isOpen()) {
                return;
            }
            if (System.nanoTime() - c.lastInboundNanos() > silenceLimit) {
                log.warn("nothing from the server for {} s; reconnecting", Protocol.MISSED_HEARTBEATS * seconds);
                c.abort("no message from the server for " + Protocol.MISSED_HEARTBEATS * seconds + " s");
                return;
            }
            try {
                c.send(new ToServer.Heartbeat(seq.incrementAndGet()));
                c.ping();
                health.connected();
            } catch (ConnectionLost e) {
                log.debug("heartbeat not sent: {}", e.getMessage());
            }
        }, seconds, seconds, TimeUnit.SECONDS);
    }

    /** SIGTERM: finish the step and the final exchange (bounded), then leaving and close 1000. */
    private int leave() throws InterruptedException {
        log.info("leaving: signal received");
        JobRunner j = job;
        if (j != null && pendingReport == null) {
            j.leave();
            long deadline = System.nanoTime() + LEAVE_TIMEOUT.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                Event e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
                if (e == null) {
                    log.warn("job={} rank={} did not finish its step and final exchange within {} s", j.jobId(), j.rank(),
                            LEAVE_TIMEOUT.toSeconds());
                    break;
                }
                if (e instanceof JobEnded ended && ended.job() == j) {
                    onJobEnded(j, ended.outcome());
                    break;
                }
                if (e instanceof Closed c && c.connection() == conn) {
                    conn = null;
                    j.link().cancel("the connection closed while leaving");
                }
            }
        }
        if (conn != null) {
            if (welcomed) {
                trySend(new ToServer.Leaving("SIGTERM"));
                conn.close(Protocol.CLOSE_NORMAL, "agent leaving");
            } else {
                conn.abort("agent leaving");
            }
        }
        log.info("left");
        return EXIT_OK;
    }

    private boolean trySend(ToServer message) {
        Connection c = conn;
        if (c == null) {
            return false;
        }
        try {
            c.send(message);
            return true;
        } catch (ConnectionLost e) {
            return false;
        }
    }

    /** The connection's receive loop: control messages go to the queue; frames to the job's link at once. */
    private final class Handler implements Connection.Handler {
        @Override
        public void onMessage(Connection connection, ToAgent message) {
            events.add(new Message(connection, message));
        }

        @Override
        public void onFrame(Connection connection, ParamFrame header, ByteBuffer frame) {
            JobRunner j = job;
            if (j == null && header.jobId() == lastJobId) {
                log.debug("late {} frame of ended job={}; ignored", header.kind(), header.jobId());
                return;
            }
            if (j == null) {
                throw new ProtocolException(Protocol.CLOSE_UNEXPECTED_BINARY, "a " + header.kind()
                        + " frame while this agent has no job");
            }
            j.link().onFrame(connection, header, frame);
        }

        @Override
        public void onClosed(Connection connection, int code, String reason) {
            events.add(new Closed(connection, code, reason));
        }
    }
}
