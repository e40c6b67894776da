package io.easgd.core.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The 48-byte header of a binary frame: one chunk of a parameter vector. Little-endian:
 *
 * <pre>
 *  0 u8  version = 1        4 i64 jobId       16 i64 sequence   32 i32 chunkIndex   40 i32 offset
 *  1 u8  kind               12 i32 rank       24 i64 step       36 i32 chunkCount   44 i32 count
 *  2 u16 reserved = 0                                                               48 f32 × count
 * </pre>
 * The version is not a field: frames are always written as, and only read when,
 * {@link Protocol#VERSION}. {@code offset} and {@code count} say which floats of the vector the
 * chunk holds. Vectors are split and reassembled with {@link Chunker} and {@link Assembler}.
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
        int count) {

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
    private static final int MAX_COUNT = (Protocol.MAX_FRAME_BYTES - Protocol.HEADER_BYTES) / Float.BYTES;

    /** @throws IllegalArgumentException naming the field when the header could not be decoded back */
    public ParamFrame {
        String problem = problem(kind, rank, sequence, step, chunkIndex, chunkCount, offset, count);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Header plus payload, in bytes. */
    public int frameBytes() {
        return Protocol.HEADER_BYTES + Float.BYTES * count;
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
                .putShort(2, (short) 0)
                .putLong(4, jobId)
                .putInt(12, rank)
                .putLong(16, sequence)
                .putLong(24, step)
                .putInt(32, chunkIndex)
                .putInt(36, chunkCount)
                .putInt(40, offset)
                .putInt(44, count);
        buf.position(Protocol.HEADER_BYTES);
        buf.asFloatBuffer().put(vector, offset, count);
        buf.position(0);
        return buf;
    }

    /**
     * Reads and checks the header of the frame from {@code frame}'s position to its limit; the
     * buffer's position, limit and byte order are left as they were.
     *
     * @throws ProtocolException 1009 when the frame exceeds {@link Protocol#MAX_FRAME_BYTES};
     *     1002 for a truncated header, another version, an unknown kind, a non-zero reserved
     *     field, a length other than 48 + 4·count, or fields out of range
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
        int reserved = b.getShort(2) & 0xFFFF;
        if (reserved != 0) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "reserved header bytes must be 0, found "
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
        String problem = problem(kind, rank, sequence, step, chunkIndex, chunkCount, offset, count);
        if (problem != null) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, problem);
        }
        if (length != Protocol.HEADER_BYTES + Float.BYTES * count) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "count mismatch: the header announces "
                    + count + " floats (" + (Protocol.HEADER_BYTES + Float.BYTES * count)
                    + " bytes) but the frame is " + length + " bytes");
        }
        return new ParamFrame(kind, jobId, rank, sequence, step, chunkIndex, chunkCount, offset, count);
    }

    /**
     * Copies the frame's floats into {@code vector[offset, offset + count)}.
     *
     * @param frame the buffer this header was decoded from, as it was then
     */
    public void readValues(ByteBuffer frame, float[] vector) {
        values(frame, vector).get(0, vector, offset, count);
    }

    /**
     * Copies the frame's floats into {@code vector[offset, offset + count)} as {@link #readValues}
     * does, and checks them on the way: block by block, each block scanned right after its copy
     * while it is still in the cache, so the check costs no extra pass over memory.
     *
     * @param frame the buffer this header was decoded from, as it was then
     * @return the index in {@code vector} of the first NaN or ±Inf, or -1 when all are finite;
     *     every float is copied either way
     */
    public int readFiniteValues(ByteBuffer frame, float[] vector) {
        FloatBuffer values = values(frame, vector);
        for (int done = 0; done < count; done += CHECK_BLOCK) {
            int n = Math.min(CHECK_BLOCK, count - done);
            int from = offset + done;
            values.get(done, vector, from, n);
            for (int k = from; k < from + n; k++) {
                if (!Float.isFinite(vector[k])) {
                    values.get(done + n, vector, from + n, count - done - n);
                    return k;
                }
            }
        }
        return -1;
    }

    /** The frame's floats, after the checks that this header belongs to it and fits {@code vector}. */
    private FloatBuffer values(ByteBuffer frame, float[] vector) {
        if (frame.remaining() != frameBytes()) {
            throw new IllegalArgumentException("the frame holds " + frame.remaining() + " bytes, this header "
                    + frameBytes() + ": not the buffer it was decoded from");
        }
        if ((long) offset + count > vector.length) {
            throw new IllegalArgumentException("chunk [" + offset + ", " + ((long) offset + count)
                    + ") lies outside a vector of " + vector.length + " floats");
        }
        return frame.slice().order(ByteOrder.LITTLE_ENDIAN).position(Protocol.HEADER_BYTES).asFloatBuffer();
    }

    private static String problem(Kind kind, int rank, long sequence, long step, int chunkIndex, int chunkCount,
                                  int offset, int count) {
        if (kind == null) {
            return "kind is required";
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
        if (count < 0 || count > MAX_COUNT) {
            return "count must be in [0, " + MAX_COUNT + "], found " + count;
        }
        if ((long) offset + count > Integer.MAX_VALUE) {
            return "offset " + offset + " + count " + count + " overflows a vector index";
        }
        return null;
    }
}
