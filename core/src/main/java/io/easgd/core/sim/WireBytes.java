package io.easgd.core.sim;

import io.easgd.core.compression.Compression;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.Protocol;

/**
 * Bytes the platform sends for one vector: its binary {@code ParamFrame}s, each the 48-byte header
 * ({@link Protocol#HEADER_BYTES}) and its chunk's payload as the compression encodes it
 * ({@link Compression#encodedBytes}), chunked as {@link Chunker} does at {@link Protocol#MAX_FRAME_BYTES}.
 * Not counted: WebSocket framing (2–14 bytes a frame), TCP/IP and Ethernet headers, and the small
 * JSON text messages beside the frames; docs/virtual-cluster.md says what that costs.
 */
public final class WireBytes {
    private WireBytes() {
    }

    /** Frame bytes of a vector of {@code floats} floats in {@code c}; an empty vector sends nothing. */
    public static long of(int floats, Compression c) {
        if (floats < 0) {
            throw new IllegalArgumentException("floats must be >= 0, found " + floats);
        }
        if (floats == 0) {
            return 0;
        }
        long perChunk = new Chunker().floatsPerChunk(c);
        long full = floats / perChunk;
        int rest = (int) (floats % perChunk);
        long bytes = full * (Protocol.HEADER_BYTES + c.encodedBytes(perChunk));
        if (rest > 0) {
            bytes += Protocol.HEADER_BYTES + c.encodedBytes((long) rest);
        }
        return bytes;
    }
}
