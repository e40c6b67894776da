package io.easgd.core.protocol;

/**
 * The limits and codes of the agent ⇄ backend protocol ({@code docs/protocol.md}), versions 1 and 2.
 * Both sides read them from here; the doc's tables list the same values. Version 2 adds the binary
 * data channel ({@link DataChannel}); its frames are version 1's, byte for byte.
 */
public final class Protocol {

    /**
     * Protocol version 1, and the first byte of every binary frame in both versions (version 2 changed
     * the handshake, not the frames).
     */
    public static final int VERSION = 1;

    /** Protocol version 2: version 1 plus the data channel, offered in {@code welcome.data}. */
    public static final int VERSION_2 = 2;

    /** The newest version, the one the agent speaks; the server serves {@link #VERSION} and this one. */
    public static final int LATEST = VERSION_2;

    /** Whether the server serves {@code version}. */
    public static boolean supported(long version) {
        return version == VERSION || version == VERSION_2;
    }

    /** WebSocket path of the agents' endpoint on the backend. */
    public static final String PATH = "/ws/agents";

    /**
     * Largest text (JSON control) message, in UTF-8 bytes. An {@code assign} carries the job spec,
     * and a custom model's DL4J JSON takes ~1.4 KB per layer (escaped), hence more than 64 KiB.
     */
    public static final int MAX_TEXT_BYTES = 256 * 1024;

    /** Largest binary frame, header included. */
    public static final int MAX_FRAME_BYTES = 1024 * 1024;

    /** The fixed binary frame header. */
    public static final int HEADER_BYTES = 48;

    /** Floats in every chunk of a vector but its last: (1,048,576 − 48) / 4 = 262,132. */
    public static final int FLOATS_PER_CHUNK = (MAX_FRAME_BYTES - HEADER_BYTES) / Float.BYTES;

    /** Heartbeat interval unless the server's {@code welcome} sets another. */
    public static final int HEARTBEAT_SECONDS = 5;

    /** Heartbeat intervals without a message after which a peer is declared lost (15 s at 5 s). */
    public static final int MISSED_HEARTBEATS = 3;

    /** Most points one {@code progress} message holds; keeps it well under {@link #MAX_TEXT_BYTES}. */
    public static final int MAX_PROGRESS_POINTS = 500;

    /** Longest close reason RFC 6455 allows, in UTF-8 bytes. */
    public static final int MAX_CLOSE_REASON_BYTES = 123;

    // Close codes (RFC 6455 § 7.4.1 plus two of the application range).

    /** Normal: the agent leaves, or the server shuts down. */
    public static final int CLOSE_NORMAL = 1000;
    /** Malformed binary frame: bad version or kind, header inconsistent with its length, chunk out of order, wrong job or rank. */
    public static final int CLOSE_PROTOCOL_ERROR = 1002;
    /** The server is shutting down; the agent reconnects (to the next backend) and resumes. */
    public static final int CLOSE_GOING_AWAY = 1001;
    /** A binary frame where none is expected. */
    public static final int CLOSE_UNEXPECTED_BINARY = 1003;
    /** An upload whose values cannot be used (NaN or ±Inf): refused before it touches the center. */
    public static final int CLOSE_BAD_PAYLOAD = 1007;
    /** The server closes a connection whose agent reads too slowly (its outbound queue is full); reconnect. */
    public static final int CLOSE_TRY_AGAIN_LATER = 1013;
    /** Unknown or malformed JSON message. */
    public static final int CLOSE_BAD_MESSAGE = 1008;
    /** Frame or message larger than the limits. */
    public static final int CLOSE_TOO_BIG = 1009;
    /** Wrong agent token. */
    public static final int CLOSE_BAD_TOKEN = 4001;
    /** Unsupported protocol version. */
    public static final int CLOSE_BAD_VERSION = 4002;

    private Protocol() {
    }
}
