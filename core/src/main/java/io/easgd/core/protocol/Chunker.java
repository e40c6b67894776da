package io.easgd.core.protocol;

import io.easgd.core.compression.Compression;
import java.nio.ByteBuffer;

/**
 * Splits a parameter vector into frames of at most {@link #maxFrameBytes()} bytes, in order: every
 * chunk but the last holds exactly {@link #floatsPerChunk(Compression)} floats (for int8 a multiple
 * of its 32-float blocks, so blocks never straddle chunks); an empty vector is one frame of count 0. Owns one reusable frame buffer, so not thread-safe: one instance per connection.
 *
 * <pre>
 * Chunker chunker = new Chunker();
 * chunker.send(Kind.UP, jobId, rank, sequence, step, x, frame -> ws.sendBinary(frame, true).get());
 * </pre>
 */
public final class Chunker {

    /** Smallest usable frame: the header and one float. */
    public static final int MIN_FRAME_BYTES = Protocol.HEADER_BYTES + Float.BYTES;

    /** Receives one frame; it must be done with the buffer when it returns (the next frame reuses it). */
    @FunctionalInterface
    public interface FrameSink<E extends Exception> {
        void accept(ByteBuffer frame) throws E;
    }

    private final int maxFrameBytes;
    private final int[] floatsPerChunk = new int[Compression.values().length];
    private ByteBuffer buffer;

    /** Frames of up to {@link Protocol#MAX_FRAME_BYTES}. */
    public Chunker() {
        this(Protocol.MAX_FRAME_BYTES);
    }

    /** Frames of up to {@code maxFrameBytes} (a peer's smaller limit, or a small size in tests). */
    public Chunker(int maxFrameBytes) {
        if (maxFrameBytes < MIN_FRAME_BYTES || maxFrameBytes > Protocol.MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes must be in [" + MIN_FRAME_BYTES + ", "
                    + Protocol.MAX_FRAME_BYTES + "], found " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        for (Compression c : Compression.values()) {
            floatsPerChunk[c.ordinal()] = c.maxFloats(maxFrameBytes - Protocol.HEADER_BYTES);
        }
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** Floats in every float32 chunk but the last. */
    public int floatsPerChunk() {
        return floatsPerChunk(Compression.NONE);
    }

    /**
     * Floats in every chunk but the last of a vector in {@code encoding}: as many as fit, a multiple
     * of its {@link Compression#blockFloats()}.
     *
     * @throws IllegalArgumentException when not even one block fits this chunker's frames
     */
    public int floatsPerChunk(Compression encoding) {
        int n = floatsPerChunk[encoding.ordinal()];
        if (n < 1) {
            throw new IllegalArgumentException("frames of " + maxFrameBytes + " bytes cannot hold one " + encoding
                    + " block of " + encoding.blockFloats() + " floats");
        }
        return n;
    }

    /** Frames a float32 vector of {@code floats} floats takes: at least 1. */
    public int chunkCount(int floats) {
        return chunkCount(floats, Compression.NONE);
    }

    /** Frames a vector of {@code floats} floats takes in {@code encoding}: at least 1. */
    public int chunkCount(int floats, Compression encoding) {
        if (floats < 0) {
            throw new IllegalArgumentException("floats must be >= 0, found " + floats);
        }
        int per = floatsPerChunk(encoding);
        return Math.max(1, (int) (((long) floats + per - 1) / per));
    }

    /** The header of chunk {@code chunkIndex} of a float32 vector of {@code floats} floats. */
    public ParamFrame header(ParamFrame.Kind kind, long jobId, int rank, long sequence, long step, int floats,
                             int chunkIndex) {
        return header(kind, jobId, rank, sequence, step, floats, chunkIndex, Compression.NONE);
    }

    /** The header of chunk {@code chunkIndex} of a vector of {@code floats} floats in {@code encoding}. */
    public ParamFrame header(ParamFrame.Kind kind, long jobId, int rank, long sequence, long step, int floats,
                             int chunkIndex, Compression encoding) {
        int chunks = chunkCount(floats, encoding);
        if (chunkIndex < 0 || chunkIndex >= chunks) {
            throw new IllegalArgumentException("chunk index " + chunkIndex + " is outside [0, " + chunks + ")");
        }
        int per = floatsPerChunk(encoding);
        int offset = chunkIndex * per;
        int count = Math.min(per, floats - offset);
        return new ParamFrame(kind, jobId, rank, sequence, step, chunkIndex, chunks, offset, count, encoding);
    }

    /**
     * Encodes every chunk of {@code vector} in order into this chunker's buffer and hands each to
     * {@code sink} before encoding the next. {@code vector} must not change meanwhile.
     */
    public <E extends Exception> void send(ParamFrame.Kind kind, long jobId, int rank, long sequence, long step,
                                           float[] vector, FrameSink<E> sink) throws E {
        send(kind, jobId, rank, sequence, step, vector, Compression.NONE, sink);
    }

    /**
     * {@link #send} in {@code encoding}. The frames carry {@code encoding.round(vector)}: send a
     * vector that is already rounded when the receiver must get exactly it.
     */
    public <E extends Exception> void send(ParamFrame.Kind kind, long jobId, int rank, long sequence, long step,
                                           float[] vector, Compression encoding, FrameSink<E> sink) throws E {
        int chunks = chunkCount(vector.length, encoding);
        for (int i = 0; i < chunks; i++) {
            ParamFrame header = header(kind, jobId, rank, sequence, step, vector.length, i, encoding);
            if (buffer == null || buffer.capacity() < header.frameBytes()) {
                buffer = ByteBuffer.allocate(Math.min(maxFrameBytes, Protocol.HEADER_BYTES
                        + Float.BYTES * Math.max(vector.length, 1)));
            }
            sink.accept(header.encode(vector, buffer));
        }
    }
}
