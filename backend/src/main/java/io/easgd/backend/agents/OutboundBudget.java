package io.easgd.backend.agents;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.reactive.socket.WebSocketMessage;

/**
 * Bytes queued for one agent and not yet handed to the network. A message that would take the queue
 * past the limit is refused (the connection is then closed: the agent reads too slowly), except
 * into an empty queue, so one vector larger than the limit still goes out.
 */
final class OutboundBudget {
    private final long limit;
    private final AtomicLong queued = new AtomicLong();

    OutboundBudget(long limit) {
        this.limit = limit;
    }

    /** Reserves {@code bytes}; false when the queue is full. */
    boolean reserve(long bytes) {
        long now = queued.addAndGet(bytes);
        if (now > limit && now != bytes) {
            queued.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /** A message left the queue for the network. */
    void sent(WebSocketMessage message) {
        queued.addAndGet(-message.getPayload().readableByteCount());
    }

    long queued() {
        return queued.get();
    }
}
