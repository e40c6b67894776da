package io.easgd.core.protocol;

import io.easgd.core.compression.Compression;
import java.nio.ByteBuffer;

/**
 * Reassembles the chunks of one vector after another into a caller-owned {@code float[]} of the
 * vector's exact length, for one (kind, job, rank). Chunks must arrive in order 0 … count − 1,
 * each starting where the previous ended, all with the same sequence, step and chunk count; the
 * last must end exactly at the vector's length. Anything else is a {@link ProtocolException}
 * (1002) and drops the partial vector. Not thread-safe: feed it from the connection's receive loop.
 *
 * <pre>
 * ParamFrame header = ParamFrame.decode(frame);
 * if (assembler.accept(header, frame)) {
 *     use(assembler.target(), assembler.sequence(), assembler.step());   // the whole vector
 * }
 * </pre>
 * Values of a partial vector land in the target as they arrive: on the server, receive into a
 * per-worker buffer, never into the center.
 */
public final class Assembler {
    /** Accept any sequence (the server: the agent decides which exchange it sends). */
    public static final long ANY_SEQUENCE = -1;

    private final ParamFrame.Kind kind;
    private final long jobId;
    private final int rank;
    private final float[] target;
    private final boolean checkFinite;
    private final Compression encoding;
    private int firstNonFinite = -1;
    private long expectedSequence = ANY_SEQUENCE;
    private boolean inProgress;
    private long sequence = -1;
    private long step = -1;
    private int chunkCount;
    private int nextChunk;
    private int filled;

    public Assembler(ParamFrame.Kind kind, long jobId, int rank, float[] target) {
        this(kind, jobId, rank, target, false);
    }

    /**
     * @param checkFinite whether to check the floats for NaN and ±Inf as they are copied
     *     ({@link #firstNonFinite()}); the server checks uploads this way, in the same pass
     */
    public Assembler(ParamFrame.Kind kind, long jobId, int rank, float[] target, boolean checkFinite) {
        this(kind, jobId, rank, target, checkFinite, Compression.NONE);
    }

    /**
     * @param encoding the job's compression: every frame must carry it (another encoding is a
     *     protocol fault)
     */
    public Assembler(ParamFrame.Kind kind, long jobId, int rank, float[] target, boolean checkFinite,
                     Compression encoding) {
        if (kind == null || target == null || encoding == null) {
            throw new IllegalArgumentException("kind, target and encoding are required");
        }
        this.encoding = encoding;
        this.kind = kind;
        this.jobId = jobId;
        this.rank = rank;
        this.target = target;
        this.checkFinite = checkFinite;
    }

    /**
     * From now on only a vector of this sequence may start ({@link #ANY_SEQUENCE} lifts the
     * restriction). A vector in progress is unaffected.
     */
    public void expectSequence(long sequence) {
        this.expectedSequence = sequence;
    }

    /**
     * Takes one frame.
     *
     * @param header {@code ParamFrame.decode(frame)}
     * @param frame the frame's buffer, as it was decoded (not consumed)
     * @return true when this frame completed the vector: {@link #target()} holds it all
     * @throws ProtocolException 1002 on a frame of another kind, job, rank or encoding, a chunk out of order,
     *     an unexpected sequence, or chunks inconsistent with the vector's length
     */
    public boolean accept(ParamFrame header, ByteBuffer frame) {
        try {
            return take(header, frame);
        } catch (ProtocolException e) {
            reset();
            throw e;
        }
    }

    private boolean take(ParamFrame h, ByteBuffer frame) {
        if (h.kind() != kind) {
            throw fault("expected a " + kind + " frame, found " + h.kind());
        }
        if (h.encoding() != encoding) {
            throw fault("a " + h.kind() + " frame encoded as " + h.encoding() + " where the job's compression is "
                    + encoding);
        }
        if (h.jobId() != jobId || h.rank() != rank) {
            throw fault("frame of job " + h.jobId() + " rank " + h.rank() + " where job " + jobId + " rank "
                    + rank + " is expected");
        }
        if (!inProgress) {
            if (h.chunkIndex() != 0) {
                throw fault("chunk out of order: chunk " + h.chunkIndex() + " of " + h.chunkCount()
                        + " arrived before chunk 0");
            }
            if (expectedSequence != ANY_SEQUENCE && h.sequence() != expectedSequence) {
                throw fault("expected sequence " + expectedSequence + ", found " + h.sequence());
            }
            inProgress = true;
            sequence = h.sequence();
            step = h.step();
            chunkCount = h.chunkCount();
            nextChunk = 0;
            filled = 0;
            firstNonFinite = -1;
        } else {
            if (h.chunkIndex() != nextChunk) {
                throw fault("chunk out of order: chunk " + h.chunkIndex() + " arrived, expected " + nextChunk);
            }
            if (h.sequence() != sequence || h.step() != step || h.chunkCount() != chunkCount) {
                throw fault("chunk " + h.chunkIndex() + " says sequence " + h.sequence() + " step " + h.step() + " of "
                        + h.chunkCount() + " chunks; chunk 0 said sequence " + sequence + " step " + step + " of "
                        + chunkCount);
            }
        }
        if (h.offset() != filled) {
            throw fault("chunk " + h.chunkIndex() + " starts at offset " + h.offset() + ", expected " + filled);
        }
        if ((long) filled + h.count() > target.length) {
            throw fault("overflow: chunk " + h.chunkIndex() + " ends at " + ((long) filled + h.count())
                    + " but the vector has " + target.length + " floats");
        }
        if (!h.last() && h.count() == 0) {
            throw fault("chunk " + h.chunkIndex() + " of " + h.chunkCount() + " is empty; only a last chunk may be");
        }
        if (!checkFinite) {
            h.readValues(frame, target);
        } else {
            int bad = h.readFiniteValues(frame, target);
            if (firstNonFinite < 0) {
                firstNonFinite = bad;
            }
        }
        filled += h.count();
        nextChunk++;
        if (!h.last()) {
            return false;
        }
        inProgress = false;
        if (filled != target.length) {
            throw fault("the vector ended at " + filled + " of its " + target.length + " floats");
        }
        return true;
    }

    /** Drops a partial vector (after a reconnect); the next vector starts at chunk 0. */
    public void reset() {
        inProgress = false;
        nextChunk = 0;
        filled = 0;
    }

    /** Whether some chunks of a vector have arrived but not its last. */
    public boolean inProgress() {
        return inProgress;
    }

    /** Sequence of the vector in progress or last completed; -1 before the first. */
    public long sequence() {
        return sequence;
    }

    /** The sender's local step of the vector in progress or last completed; -1 before the first. */
    public long step() {
        return step;
    }

    /**
     * For an assembler that checks: the index of the first NaN or ±Inf of the vector in progress or
     * last completed, or -1 when it has none (always -1 for one that does not check). A non-finite
     * value is not a protocol fault: the vector is still assembled, and its user refuses it.
     */
    public int firstNonFinite() {
        return firstNonFinite;
    }

    /** The caller's vector the chunks are written into. */
    public float[] target() {
        return target;
    }

    private static ProtocolException fault(String reason) {
        return new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, reason);
    }
}
