package io.easgd.backend.bench.micro;

import io.easgd.agent.connection.Connection;
import io.easgd.core.protocol.Assembler;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.training.Rules;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An agent for the wire benchmarks P2 and P9: the worker-agent's real {@link Connection} (JDK
 * WebSocket client, its chunking, masking and receive path) against the real backend, speaking
 * protocol 1 (frames on the WebSocket) or 2 (frames on the data channel) without DL4J: hello → welcome, {@code assign} answered with {@code ready}, the CENTER
 * reassembled, then asynchronous EASGD exchanges (UP x, wait for DOWN e, x ← x − e) while a
 * {@link Recorder} is set, each followed by an emulated compute time; heartbeats every
 * {@code heartbeatSeconds}. Between measurements it stays connected and idle.
 */
final class BenchAgent implements Connection.Handler, AutoCloseable {
    private final String name;
    private final Connection connection;
    private final CompletableFuture<ToAgent.Welcome> welcome = new CompletableFuture<>();
    private final CompletableFuture<ToAgent.Assign> assigned = new CompletableFuture<>();
    private final BlockingQueue<Long> replies = new LinkedBlockingQueue<>();
    private final CompletableFuture<float[]> center = new CompletableFuture<>();
    private final Thread worker;
    private volatile Recorder recorder;
    private volatile long computeMillis;
    private volatile boolean closing;
    private volatile ScheduledFuture<?> heartbeat;
    // set on the listener thread before the ready; used on the thread that receives frames
    private volatile Assembler centerAssembler;
    private volatile Assembler downAssembler;
    private volatile float[] e;

    private BenchAgent(String name, HttpClient http, int port) throws InterruptedException {
        this.name = name;
        this.connection = Connection.open(http, URI.create("ws://127.0.0.1:" + port + Protocol.PATH), this);
        this.worker = new Thread(this::work, "bench-agent-" + name);
        this.worker.setDaemon(true);
    }

    /** Connects, says hello in protocol 1 and waits for the welcome; the agent then waits for an assignment. */
    static BenchAgent start(int port, String name, String token, ScheduledExecutorService timers) throws Exception {
        return start(port, name, token, timers, false);
    }

    /**
     * {@link #start}; with {@code dataChannel} the hello speaks protocol 2 and the agent attaches the
     * data channel the welcome offers (failing when it cannot), so every vector goes on it.
     */
    static BenchAgent start(int port, String name, String token, ScheduledExecutorService timers, boolean dataChannel)
            throws Exception {
        BenchAgent a = new BenchAgent(name, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), port);
        a.connection.send(ToServer.Hello.of(dataChannel ? Protocol.VERSION_2 : Protocol.VERSION, token, name, name,
                new ToServer.Capabilities(1, 1L << 30, ToServer.Backend.CPU, null, null), null));
        ToAgent.Welcome w = a.welcome.get(30, TimeUnit.SECONDS);
        a.connection.maxFrameBytes(w.maxFrameBytes());
        if (dataChannel && (w.data() == null || !a.connection.attachData("127.0.0.1", w.data(), null))) {
            a.close();
            throw new IllegalStateException(name + ": no data channel (welcome " + w + ")");
        }
        a.heartbeat = timers.scheduleAtFixedRate(a::beat, w.heartbeatSeconds(), w.heartbeatSeconds(), TimeUnit.SECONDS);
        a.worker.start();
        return a;
    }

    /** Exchanges go on, each followed by {@code computeMillis} (±10% jitter), timed into {@code r}. */
    void measure(Recorder r, long computeMillis) {
        this.computeMillis = computeMillis;
        this.recorder = r;
    }

    /** No new exchange starts; returns once the one in flight (if any) is done. */
    void pause() throws InterruptedException {
        Recorder r = recorder;
        recorder = null;
        if (r != null) {
            r.awaitIdle(this);
        }
    }

    /** Waits until the agent holds a rank and has its CENTER. */
    void awaitTraining(long seconds) throws Exception {
        center.get(seconds, TimeUnit.SECONDS);
    }

    private void beat() {
        try {
            connection.send(new ToServer.Heartbeat(System.nanoTime()));
        } catch (RuntimeException ignored) {
            // a closed connection shows in the measurement
        }
    }

    private void work() {
        try {
            ToAgent.Assign a = assigned.get();
            int[] payload = Rules.payload(a.spec(), a.parameterCount());
            connection.send(new ToServer.Ready(a.jobId(), a.rank()));
            float[] x = center.get().clone();
            if (x.length != payload[0]) {
                throw new IllegalStateException(name + ": CENTER of " + x.length + " floats, UP takes " + payload[0]);
            }
            long sequence = 0;
            Recorder last = null;
            while (!closing) {
                Recorder r = recorder;
                if (r == null) {
                    Thread.sleep(2);
                    continue;
                }
                if (r != last) {                      // a new measurement: agents start out of step
                    last = r;
                    long c = computeMillis;
                    if (c > 0) {
                        Thread.sleep(ThreadLocalRandom.current().nextLong(c));
                        if (recorder != r) {
                            continue;
                        }
                    }
                }
                r.begin(this);
                long s = ++sequence;
                long t0 = System.nanoTime();
                connection.sendVector(ParamFrame.Kind.UP, a.jobId(), a.rank(), s, s, x);
                Long got = replies.poll(60, TimeUnit.SECONDS);
                long t1 = System.nanoTime();
                if (got == null || got != s) {
                    throw new IllegalStateException(name + ": no DOWN for sequence " + s + " (got " + got + ")");
                }
                float[] down = e;
                for (int k = 0; k < x.length; k++) {
                    x[k] -= down[k];
                }
                r.end(this, t0, t1);
                long c = computeMillis;
                if (c > 0 && recorder != null) {
                    Thread.sleep(Math.max(1, Math.round(c * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble()))));
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (Exception ex) {
            if (!closing) {
                System.err.println("bench agent " + name + " failed: " + ex);
                Recorder r = recorder;
                if (r != null) {
                    r.fail(name + ": " + ex);
                }
            }
        }
    }

    // ------------------------------------------------------------------ Connection.Handler (listener thread)

    @Override
    public void onMessage(Connection c, ToAgent message) {
        if (message instanceof ToAgent.Welcome w) {
            welcome.complete(w);
        } else if (message instanceof ToAgent.Assign a) {
            int[] payload = Rules.payload(a.spec(), a.parameterCount());
            centerAssembler = new Assembler(ParamFrame.Kind.CENTER, a.jobId(), a.rank(), new float[payload[0]]);
            e = new float[payload[1]];
            downAssembler = new Assembler(ParamFrame.Kind.DOWN, a.jobId(), a.rank(), e);
            assigned.complete(a);
        } else if (message instanceof ToAgent.Stop s) {
            closing = true;
        }
    }

    @Override
    public void onFrame(Connection c, ParamFrame header, ByteBuffer frame) {
        if (header.kind() == ParamFrame.Kind.CENTER) {
            if (centerAssembler.accept(header, frame)) {
                center.complete(centerAssembler.target());
            }
        } else if (downAssembler.accept(header, frame)) {
            replies.add(downAssembler.sequence());
        }
    }

    @Override
    public void onClosed(Connection c, int code, String reason) {
        if (!closing) {
            System.err.println("bench agent " + name + ": connection closed " + code + " " + reason);
        }
    }

    @Override
    public void close() {
        closing = true;
        ScheduledFuture<?> h = heartbeat;
        if (h != null) {
            h.cancel(false);
        }
        worker.interrupt();
        connection.close(Protocol.CLOSE_NORMAL, "benchmark over");
    }
}
