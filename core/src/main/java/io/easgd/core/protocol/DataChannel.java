package io.easgd.core.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * Protocol version 2's data channel ({@code docs/protocol.md}, "Version 2"): a TCP connection (TLS
 * when the WebSocket is {@code wss://}) beside the WebSocket that carries the binary frames. The
 * agent opens it and writes the {@linkplain #attach attach preamble}; the server binds it to the
 * WebSocket session whose {@code welcome} carried the key and answers with the
 * {@linkplain #ACK acknowledgement}. From then on both directions carry {@link ParamFrame}s, each
 * preceded by its length as an unsigned 32-bit little-endian integer.
 */
public final class DataChannel {
    /** The preamble's and the acknowledgement's first four bytes: ASCII "EADC". */
    public static final int MAGIC = 0x45414443;

    /** Bytes of the key in the preamble (128 random bits). */
    public static final int KEY_BYTES = 16;

    /** The attach preamble: magic (4), version (1), three zero bytes, key (16). */
    public static final int PREAMBLE_BYTES = 8 + KEY_BYTES;

    /** The server's acknowledgement: magic (4), version (1), three zero bytes. */
    public static final int ACK_BYTES = 8;

    /** Bytes of the length before every frame. */
    public static final int LENGTH_BYTES = 4;

    /** Largest frame after its length: the same as on the WebSocket. */
    public static final int MAX_FRAME_BYTES = Protocol.MAX_FRAME_BYTES;

    /** How {@code welcome.data.key} is written. */
    public static final Pattern KEY_HEX = Pattern.compile("[0-9a-f]{32}");

    private DataChannel() {
    }

    /** The preamble that attaches the channel to the session whose key is {@code key}. */
    public static ByteBuffer attach(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a data channel key has " + KEY_BYTES + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(PREAMBLE_BYTES);
        b.putInt(MAGIC).put((byte) Protocol.VERSION_2).put((byte) 0).put((byte) 0).put((byte) 0).put(key);
        return b.flip();
    }

    /** The acknowledgement of an accepted preamble. */
    public static ByteBuffer ack() {
        ByteBuffer b = ByteBuffer.allocate(ACK_BYTES);
        b.putInt(MAGIC).put((byte) Protocol.VERSION_2).put((byte) 0).put((byte) 0).put((byte) 0);
        return b.flip();
    }

    /**
     * The key of a preamble ({@link #PREAMBLE_BYTES} bytes from {@code b}'s position).
     *
     * @throws ProtocolException 1002 when the magic, version or reserved bytes are wrong
     */
    public static byte[] keyOf(ByteBuffer b) {
        if (b.remaining() < PREAMBLE_BYTES) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "attach preamble of " + b.remaining()
                    + " bytes; it has " + PREAMBLE_BYTES);
        }
        ByteBuffer be = b.slice(b.position(), PREAMBLE_BYTES).order(ByteOrder.BIG_ENDIAN);
        if (be.getInt(0) != MAGIC) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "not a data channel attach (bad magic)");
        }
        if (be.get(4) != Protocol.VERSION_2 || be.get(5) != 0 || be.get(6) != 0 || be.get(7) != 0) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "data channel attach of version " + be.get(4)
                    + "; this side speaks " + Protocol.VERSION_2);
        }
        byte[] key = new byte[KEY_BYTES];
        be.get(8, key);
        return key;
    }

    /** Whether {@code b} (8 bytes from its position) is the acknowledgement. */
    public static boolean isAck(ByteBuffer b) {
        return b.remaining() >= ACK_BYTES && MessageDigest.isEqual(
                bytes(b.slice(b.position(), ACK_BYTES)), bytes(ack()));
    }

    /**
     * Checks a frame's length prefix.
     *
     * @throws ProtocolException 1009 when larger than {@link #MAX_FRAME_BYTES}, 1002 when shorter than a header
     */
    public static int checkLength(long length) {
        if (length > MAX_FRAME_BYTES) {
            throw new ProtocolException(Protocol.CLOSE_TOO_BIG, "data channel frame of " + length + " bytes exceeds "
                    + MAX_FRAME_BYTES);
        }
        if (length < Protocol.HEADER_BYTES) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "data channel frame of " + length
                    + " bytes is shorter than the " + Protocol.HEADER_BYTES + "-byte header");
        }
        return (int) length;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }
}
