package io.easgd.core.protocol;

import io.easgd.core.compression.Compression;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 48-byte header of a binary frame: one chunk of a parameter vector. Little-endian:
 *
 * <pre>
 *  0 u8  version = 1        4 i64 jobId       16 i64 sequence   32 i32 chunkIndex   40 i32 offset
 *  1 u8  kind               12 i32 rank       24 i64 step       36 i32 chunkCount   44 i32 count
 *  2 u8  encoding           3 u8 reserved = 0                                       48 payload
 * </pre>
 * The version is not a field: frames are always written as, and only read when,
 * {@link Protocol#VERSION}. {@code offset} and {@code count} say which floats of the vector the
 * chunk holds. {@code encoding} says how the payload holds them ({@link Compression#wireCode()}):
 * 0 = f32 × count (the frame of always: byte 2 used to be reserved and 0), 1 = f16 × count,
 * 2 = int8 blocks (33 bytes per 32 floats; {@code offset} then is a multiple of 32, so blocks never
 * straddle chunks). Vectors are split and reassembled with {@link Chunker} and {@link Assembler}.
 */
public record ParamFrame(
        Kind kind,
        long jobId,
        int rank,
        long sequence,
        long step,
        int chunkIndex,
        int chunkCount,
        int offset,
        int count,
        Compression encoding) {

    /** Who sends a vector and what it is. */
    public enum Kind {
        /** Agent → server: the worker's upload for an exchange. */
        UP(1),
        /** Server → agent: the master's reply to the UP vector of the same sequence. */
        DOWN(2),
        /** Server → agent: x̃ for a fresh or replacement worker, sequence 0. */
        CENTER(3);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        /** The byte on the wire. */
        public int code() {
            return code;
        }

        static Kind of(int code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            return null;
        }
    }

    /** Floats copied, then checked, at a time by {@link #readFiniteValues}: 16 KiB, within L1/L2. */
    private static final int CHECK_BLOCK = 4096;

    /** @throws IllegalArgumentException naming the field when the header could not be decoded back */
    public ParamFrame {
        String problem = problem(kind, rank, sequence, step, chunkIndex, chunkCount, offset, count, encoding);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** A frame of float32 payload (encoding 0). */
    public ParamFrame(Kind kind, long jobId, int rank, long sequence, long step, int chunkIndex, int chunkCount,
                      int offset, int count) {
        this(kind, jobId, rank, sequence, step, chunkIndex, chunkCount, offset, count, Compression.NONE);
    }

    /** Header plus payload, in bytes. */
    public int frameBytes() {
        return Protocol.HEADER_BYTES + encoding.encodedBytes(count);
    }

    /** Whether this is the last chunk of its vector. */
    public boolean last() {
        return chunkIndex == chunkCount - 1;
    }

    /**
     * Writes this header and {@code vector[offset, offset + count)} as one frame.
     *
     * @param reuse a buffer to write into when its capacity suffices (its content is overwritten),
     *     or null; a new heap buffer is allocated otherwise
     * @return the frame, from position 0 to limit {@link #frameBytes()}
     */
    public ByteBuffer encode(float[] vector, ByteBuffer reuse) {
        if ((long) offset + count > vector.length) {
            throw new IllegalArgumentException("chunk [" + offset + ", " + ((long) offset + count)
                    + ") lies outside a vector of " + vector.length + " floats");
        }
        int bytes = frameBytes();
        ByteBuffer buf = reuse != null && reuse.capacity() >= bytes ? reuse : ByteBuffer.allocate(bytes);
        buf.clear().limit(bytes);
        buf.order(ByteOrder.LITTLE_ENDIAN);
        buf.put(0, (byte) Protocol.VERSION)
                .put(1, (byte) kind.code())
                .put(2, (byte) encoding.wireCode())
                .put(3, (byte) 0)
                .putLong(4, jobId)
                .putInt(12, rank)
                .putLong(16, sequence)
                .putLong(24, step)
                .putInt(32, chunkIndex)
                .putInt(36, chunkCount)
                .putInt(40, offset)
                .putInt(44, count);
        buf.position(Protocol.HEADER_BYTES);
        encoding.encode(vector, offset, count, buf);
        buf.position(0);
        return buf;
    }

    /**
     * Reads and checks the header of the frame from {@code frame}'s position to its limit; the
     * buffer's position, limit and byte order are left as they were.
     *
     * @throws ProtocolException 1009 when the frame exceeds {@link Protocol#MAX_FRAME_BYTES};
     *     1002 for a truncated header, another version, an unknown kind or encoding, a non-zero
     *     reserved byte, a length other than 48 + the encoding's bytes for count, or fields out of
     *     range
     */
    public static ParamFrame decode(ByteBuffer frame) {
        int length = frame.remaining();
        if (length > Protocol.MAX_FRAME_BYTES) {
            throw new ProtocolException(Protocol.CLOSE_TOO_BIG, "binary frame of " + length + " bytes exceeds "
                    + Protocol.MAX_FRAME_BYTES);
        }
        if (length < Protocol.HEADER_BYTES) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "truncated header: binary frame of "
                    + length + " bytes, the header alone is " + Protocol.HEADER_BYTES);
        }
        ByteBuffer b = frame.slice().order(ByteOrder.LITTLE_ENDIAN);
        int version = b.get(0) & 0xFF;
        if (version != Protocol.VERSION) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "frame version " + version
                    + " is not supported; expected " + Protocol.VERSION);
        }
        int kindCode = b.get(1) & 0xFF;
        Kind kind = Kind.of(kindCode);
        if (kind == null) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "frame kind " + kindCode
                    + " is unknown; expected 1 (UP), 2 (DOWN) or 3 (CENTER)");
        }
        int encodingCode = b.get(2) & 0xFF;
        Compression encoding = Compression.ofWireCode(encodingCode);
        if (encoding == null) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "frame encoding " + encodingCode
                    + " is unknown; expected 0 (f32), 1 (f16) or 2 (int8 blocks)");
        }
        int reserved = b.get(3) & 0xFF;
        if (reserved != 0) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "reserved header byte 3 must be 0, found "
                    + reserved);
        }
        long jobId = b.getLong(4);
        int rank = b.getInt(12);
        long sequence = b.getLong(16);
        long step = b.getLong(24);
        int chunkIndex = b.getInt(32);
        int chunkCount = b.getInt(36);
        int offset = b.getInt(40);
        int count = b.getInt(44);
        String problem = problem(kind, rank, sequence, step, chunkIndex, chunkCount, offset, count, encoding);
        if (problem != null) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, problem);
        }
        long expected = Protocol.HEADER_BYTES + encoding.encodedBytes((long) count);
        if (length != expected) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "count mismatch: the header announces "
                    + count + " floats (" + expected + " bytes" + (encoding.lossless() ? "" : " as " + encoding)
                    + ") but the frame is " + length + " bytes");
        }
        return new ParamFrame(kind, jobId, rank, sequence, step, chunkIndex, chunkCount, offset, count, encoding);
    }

    /**
     * Decodes the frame's floats into {@code vector[offset, offset + count)}.
     *
     * @param frame the buffer this header was decoded from, as it was then
     */
    public void readValues(ByteBuffer frame, float[] vector) {
        encoding.decode(payload(frame, vector), vector, offset, count);
    }

    /**
     * Decodes the frame's floats into {@code vector[offset, offset + count)} as {@link #readValues}
     * does, and checks them on the way: block by block, each block scanned right after it was
     * decoded while it is still in the cache, so the check costs no extra pass over memory. A
     * decoded f16 ±Inf or int8 NaN block counts as non-finite like a float32 one.
     *
     * @param frame the buffer this header was decoded from, as it was then
     * @return the index in {@code vector} of the first NaN or ±Inf, or -1 when all are finite;
     *     every float is decoded either way
     */
    public int readFiniteValues(ByteBuffer frame, float[] vector) {
        ByteBuffer values = payload(frame, vector);
        int bad = -1;
        for (int done = 0; done < count; done += CHECK_BLOCK) {      // CHECK_BLOCK is a multiple of 32
            int n = Math.min(CHECK_BLOCK, count - done);
            int from = offset + done;
            encoding.decode(values, vector, from, n);
            for (int k = from; bad < 0 && k < from + n; k++) {
                if (!Float.isFinite(vector[k])) {
                    bad = k;
                }
            }
        }
        return bad;
    }

    /** The frame's payload, positioned at its start, after the checks that this header belongs to it and fits. */
    private ByteBuffer payload(ByteBuffer frame, float[] vector) {
        if (frame.remaining() != frameBytes()) {
            throw new IllegalArgumentException("the frame holds " + frame.remaining() + " bytes, this header "
                    + frameBytes() + ": not the buffer it was decoded from");
        }
        if ((long) offset + count > vector.length) {
            throw new IllegalArgumentException("chunk [" + offset + ", " + ((long) offset + count)
                    + ") lies outside a vector of " + vector.length + " floats");
        }
        return frame.slice().order(ByteOrder.LITTLE_ENDIAN).position(Protocol.HEADER_BYTES);
    }

    private static String problem(Kind kind, int rank, long sequence, long step, int chunkIndex, int chunkCount,
                                  int offset, int count, Compression encoding) {
        if (kind == null) {
            return "kind is required";
        }
        if (encoding == null) {
            return "encoding is required";
        }
        if (rank < 0) {
            return "rank must be >= 0, found " + rank;
        }
        if (kind == Kind.CENTER ? sequence != 0 : sequence < 1) {
            return kind == Kind.CENTER ? "a CENTER frame has sequence 0, found " + sequence
                    : kind + " frames have a sequence >= 1, found " + sequence;
        }
        if (step < 0) {
            return "step must be >= 0, found " + step;
        }
        if (chunkCount < 1) {
            return "chunk count must be >= 1, found " + chunkCount;
        }
        if (chunkIndex < 0 || chunkIndex >= chunkCount) {
            return "chunk index " + chunkIndex + " is outside [0, " + chunkCount + ")";
        }
        if (offset < 0) {
            return "offset must be >= 0, found " + offset;
        }
        int maxCount = encoding.maxFloats(Protocol.MAX_FRAME_BYTES - Protocol.HEADER_BYTES);
        if (count < 0 || count > maxCount) {
            return "count must be in [0, " + maxCount + "]" + (encoding.lossless() ? "" : " for " + encoding)
                    + ", found " + count;
        }
        if (offset % encoding.blockFloats() != 0) {
            return "offset must be a multiple of " + encoding.blockFloats() + " for " + encoding + ", found "
                    + offset;
        }
        if ((long) offset + count > Integer.MAX_VALUE) {
            return "offset " + offset + " + count " + count + " overflows a vector index";
        }
        return null;
    }
}
