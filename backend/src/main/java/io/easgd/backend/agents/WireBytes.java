package io.easgd.backend.agents;

/**
 * Bytes a frame takes on the wire: a WebSocket frame (RFC 6455 §5.2: header, mask key from clients,
 * payload), or a frame on the data channel of protocol version 2 (its 4-byte length, payload).
 */
public final class WireBytes {
    private WireBytes() {
    }

    public static long frame(long payload, boolean masked) {
        long header = 2 + (payload >= 65536 ? 8 : payload >= 126 ? 2 : 0) + (masked ? 4 : 0);
        return header + payload;
    }

    /** A frame of {@code payload} bytes on the data channel. */
    public static long data(long payload) {
        return io.easgd.core.protocol.DataChannel.LENGTH_BYTES + payload;
    }
}
