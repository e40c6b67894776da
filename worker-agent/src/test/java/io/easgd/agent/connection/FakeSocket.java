package io.easgd.agent.connection;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link WebSocket} that records what the agent sends and counts {@code request(n)}, so a test can
 * drive a {@link Connection}'s listener part by part. {@link #onBinarySent} lets a test play the
 * peer (e.g. answer an UP vector) with core's codec.
 */
public final class FakeSocket implements WebSocket {
    public final List<String> texts = Collections.synchronizedList(new ArrayList<>());
    public final List<ByteBuffer> binaries = Collections.synchronizedList(new ArrayList<>());
    public volatile long requested;
    public volatile boolean aborted;
    public volatile Integer closeCode;
    public volatile String closeReason;
    public volatile int pings;
    public volatile Consumer<ByteBuffer> onBinarySent = b -> { };
    public volatile Consumer<String> onTextSent = t -> { };

    /** A socket with an open {@link Connection} on it (onOpen already called). */
    public static Connection open(FakeSocket socket, Connection.Handler handler) {
        Connection c = Connection.unopened(handler, "fake");
        c.listener().onOpen(socket);
        return c;
    }

    @Override
    public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
        if (aborted || closeCode != null) {
            return CompletableFuture.failedFuture(new java.io.IOException("output closed"));
        }
        texts.add(data.toString());
        onTextSent.accept(data.toString());
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
        if (aborted || closeCode != null) {
            return CompletableFuture.failedFuture(new java.io.IOException("output closed"));
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();                        // consumed, as the JDK does
        binaries.add(copy);
        onBinarySent.accept(copy.duplicate());
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
        pings++;
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
        closeCode = statusCode;
        closeReason = reason;
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public synchronized void request(long n) {
        requested += n;
    }

    @Override
    public String getSubprotocol() {
        return "";
    }

    @Override
    public boolean isOutputClosed() {
        return aborted || closeCode != null;
    }

    @Override
    public boolean isInputClosed() {
        return aborted;
    }

    @Override
    public void abort() {
        aborted = true;
    }
}
