package io.easgd.agent.connection;

/** The WebSocket closed or failed under a send; the caller waits for the next connection. */
public final class ConnectionLost extends RuntimeException {
    public ConnectionLost(String message, Throwable cause) {
        super(message, cause);
    }

    public ConnectionLost(String message) {
        super(message);
    }
}
