package io.easgd.backend.agents;

/** Bytes a WebSocket frame takes on the wire (RFC 6455 §5.2): header, mask key from clients, payload. */
public final class WireBytes {
    private WireBytes() {
    }

    public static long frame(long payload, boolean masked) {
        long header = 2 + (payload >= 65536 ? 8 : payload >= 126 ? 2 : 0) + (masked ? 4 : 0);
        return header + payload;
    }
}
