package io.easgd.agent.training;

import io.easgd.agent.connection.Connection;
import io.easgd.agent.connection.ConnectionLost;
import io.easgd.core.compression.Compression;
import io.easgd.core.protocol.Assembler;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ProtocolException;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.rules.Exchange;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's path to the server across reconnects: the job thread asks for a vector (the CENTER
 * after {@code ready}, the DOWN reply after an UP) and waits; the connection's receive loop
 * reassembles the frames; the agent's control loop says when a connection comes and goes. When
 * the connection drops under a request, the request is sent again, with the same sequence, on
 * the next connection (the server replays a reply it already made); when no reply comes within
 * the reply timeout, the connection is aborted and the same happens.
 *
 * <p>An overlapped exchange ({@link #begin}) sends its UP frames on the link's upload thread while
 * the job thread computes, and waits for the DOWN when the worker awaits it; the wire sees the same
 * frames in the same order as a blocking exchange (one UP outstanding per rank).
 */
public final class ServerLink implements TrainingSession.Uplink {
    private static final Logger log = LoggerFactory.getLogger(ServerLink.class);

    private final long jobId;
    private final int rank;
    private final Duration replyTimeout;
    private final Compression compression;
    private final Object lock = new Object();
    private final CompletableFuture<Void> cancelled = new CompletableFuture<>();
    private volatile String cancelReason = "stopped";

    // guarded by lock
    private Connection current;
    private Connection pendingOn;
    private Assembler pendingAssembler;
    private CompletableFuture<Void> pendingDone;

    // job thread only
    private float[] downBuffer;
    private Assembler downAssembler;
    private ThreadPoolExecutor uploader;

    public ServerLink(long jobId, int rank, Duration replyTimeout) {
        this(jobId, rank, replyTimeout, Compression.NONE);
    }

    /**
     * @param compression the job's: UP vectors go out in it (send them rounded, see
     *     {@link CompressedUplink}) and DOWN frames must come in it; the CENTER is float32
     */
    public ServerLink(long jobId, int rank, Duration replyTimeout, Compression compression) {
        this.jobId = jobId;
        this.rank = rank;
        this.replyTimeout = replyTimeout;
        this.compression = compression;
    }

    // ---- control loop ----

    /** A connection that carries this job (fresh, or resumed by the server). */
    public void connected(Connection connection) {
        synchronized (lock) {
            current = connection;
            lock.notifyAll();
        }
    }

    /** The connection is gone; requests wait for the next. */
    public void disconnected(Connection connection) {
        synchronized (lock) {
            if (current == connection) {
                current = null;
            }
        }
    }

    /** Ends every wait with {@link Stopped}, now and later. */
    public void cancel(String reason) {
        cancelReason = reason;
        cancelled.complete(null);
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** Whether {@link #cancel} was called. */
    public boolean cancelled() {
        return cancelled.isDone();
    }

    // ---- receive loop ----

    /**
     * A binary frame from {@code connection}; frames after {@link #cancel} are dropped.
     *
     * @throws ProtocolException when none is expected or it does not fit
     */
    public void onFrame(Connection connection, ParamFrame header, ByteBuffer frame) {
        synchronized (lock) {
            if (pendingAssembler == null && cancelled.isDone()) {
                log.debug("job={} rank={} {} frame after the job was stopped; ignored", jobId, rank, header.kind());
                return;
            }
            if (pendingAssembler == null || pendingOn != connection) {
                throw new ProtocolException(Protocol.CLOSE_UNEXPECTED_BINARY, "a " + header.kind() + " frame of sequence "
                        + header.sequence() + " where none is expected");
            }
            if (pendingAssembler.accept(header, frame)) {
                pendingDone.complete(null);
            }
        }
    }

    // ---- job thread ----

    /** Sends {@code ready} and waits for the CENTER vector, x̃, into {@code center}. */
    public void fetchCenter(float[] center) {
        Assembler assembler = new Assembler(ParamFrame.Kind.CENTER, jobId, rank, center);
        new Request(assembler, 0, c -> c.send(new ToServer.Ready(jobId, rank)), "CENTER vector").await();
    }

    @Override
    public void exchange(long sequence, long step, float[] up, float[] down) {
        upRequest(sequence, step, up, down.length).await();
        System.arraycopy(downBuffer, 0, down, 0, down.length);
    }

    /**
     * The overlapped exchange: hands the UP frames to this link's upload thread and returns at once
     * (when no connection is up, nothing is sent yet). {@code await} then waits for the DOWN exactly as
     * {@link #exchange} does, asking again with the same sequence on the next connection when the
     * connection dropped meanwhile, or when no reply came within the reply timeout of the wait.
     */
    @Override
    public Exchange.Pending begin(long sequence, long step, float[] up, float[] down) {
        Request request = upRequest(sequence, step, up, down.length);
        request.startInBackground();
        return new Exchange.Pending() {
            @Override
            public void await() {
                request.await();
                System.arraycopy(downBuffer, 0, down, 0, down.length);
            }

            @Override
            public boolean arrived() {
                return request.arrived();
            }
        };
    }

    @Override
    public boolean report(ToServer.Progress progress) {
        return send(progress);
    }

    /** Sends a control message of the job on the current connection; false when there is none (or it dropped). */
    public boolean send(ToServer message) {
        Connection c;
        synchronized (lock) {
            c = current;
        }
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

    private Request upRequest(long sequence, long step, float[] up, int downLength) {
        if (downAssembler == null || downBuffer.length != downLength) {
            downBuffer = new float[downLength];
            downAssembler = new Assembler(ParamFrame.Kind.DOWN, jobId, rank, downBuffer, false, compression);
        }
        return new Request(downAssembler, sequence, c -> c.sendVector(ParamFrame.Kind.UP, jobId, rank, sequence, step, up, compression),
                "DOWN reply to exchange " + sequence);
    }

    /** The upload thread of overlapped exchanges: one, started when needed, gone after a minute idle. */
    private Executor uploader() {
        if (uploader == null) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "job-" + jobId + "-rank-" + rank + "-upload");
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
            uploader = pool;
        }
        return uploader;
    }

    /**
     * One request and its reply across reconnects: each attempt arms the assembler for the reply on a
     * connection, then sends the request on it; when that connection is lost before the reply is in,
     * or no reply comes within the reply timeout, the next attempt goes on the next connection.
     * Job thread only (the first attempt of an overlapped exchange sends on the upload thread).
     */
    private final class Request {
        private final Assembler assembler;
        private final long sequence;
        private final Consumer<Connection> send;
        private final String what;
        private Connection on;
        private CompletableFuture<Void> done;

        Request(Assembler assembler, long sequence, Consumer<Connection> send, String what) {
            this.assembler = assembler;
            this.sequence = sequence;
            this.send = send;
            this.what = what;
        }

        /** The first attempt, on the connection up now, its frames sent on the upload thread; never blocks. */
        void startInBackground() {
            Connection c;
            synchronized (lock) {
                c = current != null && current.isOpen() && !cancelled.isDone() ? current : null;
            }
            if (c != null) {
                arm(c);
                uploader().execute(() -> sendOn(c));
            }
        }

        /** Whether the reply of the attempt under way is complete (an overlapped exchange's {@code arrived}). */
        boolean arrived() {
            CompletableFuture<Void> d = done;
            return on != null && d != null && d.isDone();
        }

        /** Returns when the reply is complete. @throws Stopped when the link is cancelled meanwhile */
        void await() {
            try {
                while (true) {
                    if (on == null) {
                        Connection c = awaitConnection();
                        arm(c);
                        sendOn(c);
                    }
                    if (waitForReply()) {
                        return;
                    }
                    disarm();
                }
            } finally {
                disarm();
            }
        }

        /** @return true when the reply is in; false when this attempt is lost and the next should go */
        private boolean waitForReply() {
            try {
                CompletableFuture.anyOf(done, on.closed(), cancelled).get(replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
                if (done.isDone()) {
                    return true;
                }
                if (cancelled.isDone()) {
                    throw new Stopped(cancelReason);
                }
                log.info("job={} rank={} connection lost while waiting for {}; will ask again", jobId, rank, what);
            } catch (TimeoutException e) {
                String timeout = String.format(java.util.Locale.ROOT, "%.1f s", replyTimeout.toMillis() / 1000.0);
                log.warn("job={} rank={} no {} within {}; reconnecting", jobId, rank, what, timeout);
                on.abort("no " + what + " within " + timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped("interrupted");
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            return false;
        }

        /** The assembler takes this request's reply from {@code c} from now on. */
        private void arm(Connection c) {
            CompletableFuture<Void> d = new CompletableFuture<>();
            synchronized (lock) {
                assembler.reset();
                assembler.expectSequence(sequence);
                pendingOn = c;
                pendingAssembler = assembler;
                pendingDone = d;
            }
            on = c;
            done = d;
        }

        /** This attempt is over: frames of it are no longer expected. */
        private void disarm() {
            synchronized (lock) {
                if (pendingDone == done) {
                    pendingOn = null;
                    pendingAssembler = null;
                    pendingDone = null;
                }
            }
            on = null;
        }

        /** Sends the request; when that fails the connection is given up, so the wait asks again on the next. */
        private void sendOn(Connection c) {
            try {
                send.accept(c);
            } catch (ConnectionLost e) {
                log.info("job={} rank={} connection lost while asking for {}; will ask again", jobId, rank, what);
                if (c.isOpen()) {
                    c.abort("asking for " + what + ": " + e.getMessage());
                }
            } catch (RuntimeException e) {
                log.warn("job={} rank={} asking for {} failed; reconnecting", jobId, rank, what, e);
                c.abort("asking for " + what + " failed: " + e);
            }
        }
    }

    private Connection awaitConnection() {
        synchronized (lock) {
            while (true) {
                if (cancelled.isDone()) {
                    throw new Stopped(cancelReason);
                }
                if (current != null && current.isOpen()) {
                    return current;
                }
                try {
                    lock.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Stopped("interrupted");
                }
            }
        }
    }
}
