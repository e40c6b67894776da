package io.easgd.backend.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Server-Sent-Events connection on the JDK HTTP client, read line by line without a thread of
 * its own (a {@link Flow.Subscriber} of lines): every complete event goes to the {@link Listener}.
 * {@link #cancel()} drops the connection.
 */
final class SseClient implements Flow.Subscriber<String> {

    /** Receives the events of one connection, on the HTTP client's threads, one at a time. */
    interface Listener {
        void onEvent(SseClient client, String event, String id, String data);

        /** The stream ended or failed (not called after {@link #cancel()}). */
        default void onEnd(SseClient client, Throwable error) {
        }
    }

    private final URI uri;
    private final Listener listener;
    private final AtomicLong comments = new AtomicLong();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;
    private volatile int status = -1;
    private String event;
    private String id;
    private StringBuilder data;

    private SseClient(URI uri, Listener listener) {
        this.uri = uri;
        this.listener = listener;
    }

    /** Opens the stream; returns at once. The future completes when the response headers arrived. */
    static SseClient open(HttpClient http, URI uri, Listener listener) {
        SseClient c = new SseClient(uri, listener);
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(60)).GET().build();
        CompletableFuture<HttpResponse<Void>> response = http.sendAsync(request,
                HttpResponse.BodyHandlers.fromLineSubscriber(c));
        response.whenComplete((r, e) -> {
            if (r != null) {
                c.status = r.statusCode();
            }
            if (e != null && !c.cancelled) {
                listener.onEnd(c, e);
            }
        });
        return c;
    }

    URI uri() {
        return uri;
    }

    /** HTTP status once the headers arrived, else -1. */
    int status() {
        return status;
    }

    long comments() {
        return comments.get();
    }

    void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    boolean cancelled() {
        return cancelled;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cancelled) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(String line) {
        if (line.isEmpty()) {
            if (data != null || event != null) {
                listener.onEvent(this, event == null ? "message" : event, id, data == null ? "" : data.toString());
            }
            event = null;
            id = null;
            data = null;
            return;
        }
        if (line.startsWith(":")) {
            comments.incrementAndGet();
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> event = value;
            case "id" -> id = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void onError(Throwable error) {
        if (!cancelled) {
            listener.onEnd(this, error);
        }
    }

    @Override
    public void onComplete() {
        if (!cancelled) {
            listener.onEnd(this, null);
        }
    }
}
