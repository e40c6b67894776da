package io.easgd.backend.load;

import io.easgd.core.protocol.Assembler;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.Messages;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ProtocolException;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.spec.Algorithm;
import io.easgd.core.training.Rules;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load generator that speaks protocol 1 (docs/protocol.md) like a worker agent, without DL4J:
 * hello → welcome, heartbeats with pings, {@code assign} answered at once with {@code ready} (no
 * dataset download, no network built), the CENTER vector reassembled with core's
 * {@link Assembler}, then the worker loop of asynchronous EASGD paced to {@code stepTime} per step:
 * every τ steps an UP of x_i with the next sequence, wait for the DOWN e, x_i ← x_i − e; every step
 * a small random walk of x_i (finite values near the center) and a training-loss point; points go
 * out about once a second (at most 500 per message); at {@code spec.stop.maxSteps} a
 * {@code finished}; a {@code stop} ends the job at the next step or wait. Everything sent is counted
 * in {@link LoadStats}.
 *
 * <p>Binary frames go out from a big-endian duplicate of core's little-endian frame: the JDK
 * client masks a frame with {@code getLong/putLong} in the buffer's byte order (see the
 * worker-agent's {@code Connection}).
 */
final class LoadAgent implements WebSocket.Listener, AutoCloseable {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CENTER_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(120);
    private static final Object CLOSED = new Object();

    /** A whole vector the server sent, reassembled on the listener thread. */
    private record Vector(ParamFrame.Kind kind, long jobId, int rank, long sequence, float[] values) {
    }

    /** What the listener thread reassembles for: the job and rank this agent holds now. */
    private record Assignment(long jobId, int rank, int upFloats, int downFloats) {
    }

    /** The job was stopped by the server (or the connection closed) while the worker ran it. */
    private static final class Stopped extends RuntimeException {
        Stopped(String why) {
            super(why, null, false, false);
        }
    }

    private final String name;
    private final LoadStats stats;
    private final long stepNanos;
    private final float noise;
    private final ScheduledExecutorService timers;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Object sendLock = new Object();
    private final Thread worker;
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final SplittableRandom random;
    private volatile WebSocket ws;
    private volatile Chunker chunker = new Chunker();
    private volatile Assignment current;
    private volatile boolean welcomed;
    private volatile boolean closing;
    private volatile ScheduledFuture<?> heartbeat;
    private final AtomicLong heartbeatSeq = new AtomicLong();
    // listener thread only
    private final StringBuilder text = new StringBuilder();
    private final ByteBuffer binary = ByteBuffer.allocate(Protocol.MAX_FRAME_BYTES);
    private Assignment assemblingFor;
    private Assembler centerAssembler;
    private Assembler downAssembler;

    private LoadAgent(String name, LoadStats stats, Duration stepTime, float noise, ScheduledExecutorService timers,
                      long seed) {
        this.name = name;
        this.stats = stats;
        this.stepNanos = stepTime.toNanos();
        this.noise = noise;
        this.timers = timers;
        this.random = new SplittableRandom(seed);
        this.worker = new Thread(this::work, "load-agent-" + name);
        this.worker.setDaemon(true);
    }

    /** Connects, says hello with {@code token} and starts working; returns once the socket is open. */
    static LoadAgent start(HttpClient http, int port, String name, String token, LoadStats stats, Duration stepTime,
                           float noise, ScheduledExecutorService timers, long seed) throws Exception {
        LoadAgent agent = new LoadAgent(name, stats, stepTime, noise, timers, seed);
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + Protocol.PATH), agent)
                .get(20, TimeUnit.SECONDS);
        agent.send(ToServer.Hello.of(token, name, name,
                new ToServer.Capabilities(1, 1L << 30, ToServer.Backend.CPU, null, null), null));
        agent.worker.start();
        return agent;
    }

    String name() {
        return name;
    }

    /** Completes with the close code and reason when the connection ends. */
    CompletableFuture<String> closed() {
        return closed;
    }

    // ------------------------------------------------------------------ the worker thread

    private void work() {
        try {
            while (!closing) {
                Object m = inbox.poll(200, TimeUnit.MILLISECONDS);
                if (m == null) {
                    continue;
                }
                if (m == CLOSED) {
                    return;
                }
                if (m instanceof ToAgent.Assign a) {
                    runJob(a);
                } else if (m instanceof ToAgent.Stop) {
                    // a stop for a job this agent no longer runs (it sent finished already): ignored
                } else if (m instanceof Vector v) {
                    stats.anomaly(name + ": a " + v.kind() + " vector of job " + v.jobId() + " sequence "
                            + v.sequence() + " while no exchange waited");
                } else if (m instanceof ToAgent.Error e) {
                    stats.anomaly(name + ": server error message: " + e.message());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closing) {
                stats.anomaly(name + ": worker thread failed: " + e);
            }
        }
    }

    private void runJob(ToAgent.Assign a) throws InterruptedException {
        stats.assignments.increment();
        LoadStats.JobTally tally = stats.job(a.jobId());
        int[] payload = Rules.payload(a.spec(), a.parameterCount());
        Assignment as = new Assignment(a.jobId(), a.rank(), payload[0], payload[1]);
        current = as;
        long readyAt = System.nanoTime();
        send(new ToServer.Ready(a.jobId(), a.rank()));
        try {
            Vector center = await(as, ParamFrame.Kind.CENTER, 0, CENTER_TIMEOUT);
            stats.centerTook((System.nanoTime() - readyAt) / 1000);
            train(a, as, center.values(), tally);
        } catch (Stopped s) {
            tally.stoppedRanks.incrementAndGet();
        }
    }

    private void train(ToAgent.Assign a, Assignment as, float[] center, LoadStats.JobTally tally)
            throws InterruptedException {
        boolean elastic = a.spec().algorithm() == Algorithm.EASGD || a.spec().algorithm() == Algorithm.EAMSGD;
        float[] x = new float[as.upFloats()];
        System.arraycopy(center, 0, x, 0, Math.min(center.length, x.length));
        int tau = a.spec().tau();
        long maxSteps = a.spec().stop().maxSteps() != null ? a.spec().stop().maxSteps() : Long.MAX_VALUE;
        long t = a.startStep();
        long local = 0;
        long sequence = 0;
        List<ToServer.Point> pending = new ArrayList<>();
        long lastFlush = System.nanoTime();
        long next = System.nanoTime();
        while (t < maxSteps) {
            drainStops(as);
            Double latencyMs = null;
            if (local % tau == 0) {
                long s = ++sequence;
                long t0 = System.nanoTime();
                sendVector(ParamFrame.Kind.UP, as.jobId(), as.rank(), s, t, x);
                Vector down = await(as, ParamFrame.Kind.DOWN, s, REPLY_TIMEOUT);
                long micros = (System.nanoTime() - t0) / 1000;
                latencyMs = micros / 1000.0;
                stats.exchangeTook(micros);
                stats.exchanges.increment();
                tally.exchanges.incrementAndGet();
                if (elastic) {
                    float[] e = down.values();
                    for (int k = 0; k < x.length && k < e.length; k++) {
                        x[k] -= e[k];                                   // x_i ← x_i − e
                    }
                }
            }
            for (int k = 0; k < x.length; k++) {                        // the "gradient step": a small random walk
                x[k] += noise * (float) (random.nextDouble() - 0.5);
            }
            local++;
            t++;
            double loss = 0.05 + 2.25 * Math.exp(-t / 300.0) + 0.05 * random.nextDouble();
            pending.add(new ToServer.Point(t, loss, latencyMs));
            long now = System.nanoTime();
            if (pending.size() >= Protocol.MAX_PROGRESS_POINTS || now - lastFlush >= 1_000_000_000L) {
                flush(as, pending, tally);
                lastFlush = now;
            }
            next += stepNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            } else if (wait < -stepNanos) {
                next = System.nanoTime();                               // behind: no catching up in a burst
            }
        }
        flush(as, pending, tally);
        send(new ToServer.Finished(as.jobId(), as.rank(), t));
        tally.finishedRanks.incrementAndGet();
    }

    private void flush(Assignment as, List<ToServer.Point> pending, LoadStats.JobTally tally) {
        int from = 0;
        while (from < pending.size()) {
            int to = Math.min(pending.size(), from + Protocol.MAX_PROGRESS_POINTS);
            send(new ToServer.Progress(as.jobId(), as.rank(), List.copyOf(pending.subList(from, to))));
            int n = to - from;
            tally.points.addAndGet(n);
            tally.progressMessages.incrementAndGet();
            stats.points.add(n);
            stats.progressMessages.increment();
            from = to;
        }
        pending.clear();
    }

    /** A stop for the job this agent trains ends it at the step boundary. */
    private void drainStops(Assignment as) {
        for (Object m : inbox) {
            if (m instanceof ToAgent.Stop s && s.jobId() == as.jobId()) {
                inbox.remove(m);
                throw new Stopped(s.reason());
            }
            if (m == CLOSED) {
                throw new Stopped("connection closed");
            }
        }
    }

    /** Waits for the whole vector of {@code kind} and {@code sequence} of the job; a stop or close ends the wait. */
    private Vector await(Assignment as, ParamFrame.Kind kind, long sequence, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                stats.anomaly(name + ": no " + kind + " of job " + as.jobId() + " sequence " + sequence + " within "
                        + timeout);
                throw new Stopped("timeout");
            }
            Object m = inbox.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                continue;
            }
            if (m == CLOSED) {
                inbox.add(CLOSED);
                throw new Stopped("connection closed");
            }
            if (m instanceof Vector v) {
                if (v.kind() == kind && v.jobId() == as.jobId() && v.sequence() == sequence) {
                    return v;
                }
                stats.anomaly(name + ": unexpected " + v.kind() + " job " + v.jobId() + " sequence " + v.sequence()
                        + " while waiting for " + kind + " sequence " + sequence);
            } else if (m instanceof ToAgent.Stop s) {
                if (s.jobId() == as.jobId()) {
                    throw new Stopped(s.reason());
                }
            } else if (m instanceof ToAgent.Assign other) {
                stats.anomaly(name + ": assign of job " + other.jobId() + " while busy with job " + as.jobId());
                send(new ToServer.Failed(other.jobId(), other.rank(), "agent " + name + " is busy with job "
                        + as.jobId() + " rank " + as.rank()));
            } else if (m instanceof ToAgent.Error e) {
                stats.anomaly(name + ": server error message: " + e.message());
            }
        }
    }

    // ------------------------------------------------------------------ sending

    private void send(ToServer message) {
        String json = Messages.encode(message);
        synchronized (sendLock) {
            await(ws.sendText(json, true));
        }
    }

    private void sendVector(ParamFrame.Kind kind, long job, int rank, long sequence, long step, float[] vector) {
        Chunker c = chunker;
        synchronized (sendLock) {
            c.send(kind, job, rank, sequence, step, vector, frame -> {
                stats.upFrames.increment();
                stats.upBytes.add(frame.remaining());
                // duplicate(): a big-endian view of core's little-endian frame, see the class comment
                await(ws.sendBinary(frame.duplicate(), true));
            });
        }
    }

    private void heartbeat() {
        if (closing || closed.isDone()) {
            return;
        }
        try {
            synchronized (sendLock) {
                await(ws.sendText(Messages.encode(new ToServer.Heartbeat(heartbeatSeq.incrementAndGet())), true));
                await(ws.sendPing(ByteBuffer.allocate(0)));
            }
            stats.heartbeats.increment();
        } catch (RuntimeException e) {
            if (!closing) {
                stats.anomaly(name + ": heartbeat not sent: " + e);
            }
        }
    }

    private static void await(CompletableFuture<WebSocket> sent) {
        try {
            sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped("interrupted");
        } catch (Exception e) {
            throw new Stopped("send failed: " + e);
        }
    }

    // ------------------------------------------------------------------ WebSocket.Listener (one call at a time)

    @Override
    public void onOpen(WebSocket webSocket) {
        ws = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String json = text.toString();
            text.setLength(0);
            try {
                ToAgent message = Messages.decodeToAgent(json);
                if (message instanceof ToAgent.Welcome w) {
                    chunker = new Chunker(Math.min(w.maxFrameBytes(), Protocol.MAX_FRAME_BYTES));
                    welcomed = true;
                    heartbeat = timers.scheduleAtFixedRate(this::heartbeat, w.heartbeatSeconds(), w.heartbeatSeconds(),
                            TimeUnit.SECONDS);
                } else {
                    if (!welcomed) {
                        stats.anomaly(name + ": " + message.getClass().getSimpleName() + " before welcome (a worker "
                                + "agent aborts the connection on this)");
                    }
                    inbox.add(message);
                }
            } catch (ProtocolException e) {
                stats.anomaly(name + ": undecodable message from the server: " + e.reason());
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (data.remaining() > binary.remaining()) {
            stats.anomaly(name + ": binary frame larger than " + Protocol.MAX_FRAME_BYTES);
            binary.clear();
        } else {
            binary.put(data);
        }
        if (last) {
            binary.flip();
            try {
                onFrame(ParamFrame.decode(binary), binary);
            } catch (ProtocolException e) {
                stats.anomaly(name + ": bad frame from the server: " + e.reason());
            } finally {
                binary.clear();
            }
        }
        webSocket.request(1);
        return null;
    }

    private void onFrame(ParamFrame header, ByteBuffer frame) {
        stats.downFrames.increment();
        Assignment as = current;
        if (as == null || header.jobId() != as.jobId() || header.rank() != as.rank()) {
            stats.anomaly(name + ": " + header.kind() + " frame of job " + header.jobId() + " rank " + header.rank()
                    + " which this agent does not hold");
            return;
        }
        if (assemblingFor != as) {
            assemblingFor = as;
            centerAssembler = new Assembler(ParamFrame.Kind.CENTER, as.jobId(), as.rank(), new float[as.upFloats()]);
            downAssembler = new Assembler(ParamFrame.Kind.DOWN, as.jobId(), as.rank(), new float[as.downFloats()]);
        }
        Assembler assembler = switch (header.kind()) {
            case CENTER -> centerAssembler;
            case DOWN -> downAssembler;
            case UP -> null;
        };
        if (assembler == null) {
            stats.anomaly(name + ": an UP frame from the server");
            return;
        }
        if (assembler.accept(header, frame)) {
            inbox.add(new Vector(header.kind(), header.jobId(), header.rank(), assembler.sequence(),
                    assembler.target().clone()));
        }
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        webSocket.request(1);                       // the JDK answers with a pong itself
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended(statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended("error " + error);
    }

    private void ended(String how) {
        if (!closing) {
            stats.anomaly(name + ": the server closed the connection: " + how);
        }
        closed.complete(how);
        inbox.add(CLOSED);
        ScheduledFuture<?> h = heartbeat;
        if (h != null) {
            h.cancel(false);
        }
    }

    @Override
    public void close() {
        closing = true;
        ScheduledFuture<?> h = heartbeat;
        if (h != null) {
            h.cancel(false);
        }
        WebSocket socket = ws;
        if (socket != null && !socket.isOutputClosed()) {
            try {
                synchronized (sendLock) {
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "load test over").get(5, TimeUnit.SECONDS);
                }
                closed.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // dropped below
            }
        }
        if (socket != null) {
            socket.abort();
        }
        inbox.add(CLOSED);
        worker.interrupt();
    }
}
