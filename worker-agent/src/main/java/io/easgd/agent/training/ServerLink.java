package io.easgd.agent.training;

import io.easgd.agent.connection.Connection;
import io.easgd.agent.connection.ConnectionLost;
import io.easgd.core.compression.Compression;
import io.easgd.core.protocol.Assembler;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ProtocolException;
import io.easgd.core.protocol.ToServer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
        roundTrip(assembler, 0, c -> c.send(new ToServer.Ready(jobId, rank)), "CENTER vector");
    }

    @Override
    public void exchange(long sequence, long step, float[] up, float[] down) {
        if (downAssembler == null || downBuffer.length != down.length) {
            downBuffer = new float[down.length];
            downAssembler = new Assembler(ParamFrame.Kind.DOWN, jobId, rank, downBuffer, false, compression);
        }
        roundTrip(downAssembler, sequence, c -> c.sendVector(ParamFrame.Kind.UP, jobId, rank, sequence, step, up,
                        compression),
                "DOWN reply to exchange " + sequence);
        System.arraycopy(downBuffer, 0, down, 0, down.length);
    }

    @Override
    public boolean report(ToServer.Progress progress) {
        Connection c;
        synchronized (lock) {
            c = current;
        }
        if (c == null) {
            return false;
        }
        try {
            c.send(progress);
            return true;
        } catch (ConnectionLost e) {
            return false;
        }
    }

    private void roundTrip(Assembler assembler, long sequence, Consumer<Connection> request, String what) {
        while (true) {
            Connection c = awaitConnection();
            CompletableFuture<Void> done = new CompletableFuture<>();
            synchronized (lock) {
                assembler.reset();
                assembler.expectSequence(sequence);
                pendingOn = c;
                pendingAssembler = assembler;
                pendingDone = done;
            }
            try {
                request.accept(c);
                CompletableFuture.anyOf(done, c.closed(), cancelled).get(replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
                if (done.isDone()) {
                    return;
                }
                if (cancelled.isDone()) {
                    throw new Stopped(cancelReason);
                }
                log.info("job={} rank={} connection lost while waiting for {}; will ask again", jobId, rank, what);
            } catch (ConnectionLost e) {
                log.info("job={} rank={} connection lost while asking for {}; will ask again", jobId, rank, what);
            } catch (TimeoutException e) {
                String timeout = String.format(java.util.Locale.ROOT, "%.1f s", replyTimeout.toMillis() / 1000.0);
                log.warn("job={} rank={} no {} within {}; reconnecting", jobId, rank, what, timeout);
                c.abort("no " + what + " within " + timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped("interrupted");
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } finally {
                synchronized (lock) {
                    if (pendingDone == done) {
                        pendingOn = null;
                        pendingAssembler = null;
                        pendingDone = null;
                    }
                }
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
