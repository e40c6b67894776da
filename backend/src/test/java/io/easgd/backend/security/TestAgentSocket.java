package io.easgd.backend.security;

import io.easgd.core.protocol.Protocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An agent reduced to its handshake: connects to {@code /ws/agents}, says hello with a token, records
 * what comes back. Close it: the backend is shared with other tests, whose jobs an idle agent left
 * connected would take.
 */
final class TestAgentSocket implements WebSocket.Listener, AutoCloseable {
    /** How the server closed the connection. */
    record Closed(int code, String reason) {
    }

    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder part = new StringBuilder();
    private WebSocket ws;

    /** Opens a connection and sends {@code hello} with {@code token} as agent {@code agentId}. */
    static TestAgentSocket hello(int port, String token, String agentId) throws Exception {
        TestAgentSocket s = new TestAgentSocket();
        s.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + Protocol.PATH), s).get(20, TimeUnit.SECONDS);
        s.ws.sendText("{\"type\":\"hello\",\"protocol\":1,\"token\":\"" + token + "\",\"agentId\":\"" + agentId
                + "\",\"name\":\"" + agentId + "-name\",\"capabilities\":{\"cores\":1,\"memoryBytes\":1073741824,"
                + "\"backend\":\"CPU\",\"gpuName\":null,\"gpuMemoryBytes\":null}}", true).get(20, TimeUnit.SECONDS);
        return s;
    }

    /** The next text message, or fails after {@code wait}. */
    String next(Duration wait) throws InterruptedException {
        String t = texts.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (t == null) {
            throw new AssertionError("no message within " + wait + (closed.isDone() ? "; closed " + closed.join() : ""));
        }
        return t;
    }

    Closed awaitClosed(Duration wait) throws Exception {
        return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Drops the connection (the server sees it end as an agent going away). */
    @Override
    public void close() {
        if (ws != null) {
            ws.abort();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        part.append(data);
        if (last) {
            texts.add(part.toString());
            part.setLength(0);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closed(-1, error.toString()));
    }
}
