package io.easgd.core.protocol;

import java.nio.ByteBuffer;

/**
 * Splits a parameter vector into frames of at most {@link #maxFrameBytes()} bytes, in order: every
 * chunk but the last holds exactly {@link #floatsPerChunk()} floats; an empty vector is one frame
 * of count 0. Owns one reusable frame buffer, so not thread-safe: one instance per connection.
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
    private final int floatsPerChunk;
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
        this.floatsPerChunk = (maxFrameBytes - Protocol.HEADER_BYTES) / Float.BYTES;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public int floatsPerChunk() {
        return floatsPerChunk;
    }

    /** Frames a vector of {@code floats} floats takes: at least 1. */
    public int chunkCount(int floats) {
        if (floats < 0) {
            throw new IllegalArgumentException("floats must be >= 0, found " + floats);
        }
        return Math.max(1, (int) (((long) floats + floatsPerChunk - 1) / floatsPerChunk));
    }

    /** The header of chunk {@code chunkIndex} of a vector of {@code floats} floats. */
    public ParamFrame header(ParamFrame.Kind kind, long jobId, int rank, long sequence, long step, int floats,
                             int chunkIndex) {
        int chunks = chunkCount(floats);
        if (chunkIndex < 0 || chunkIndex >= chunks) {
            throw new IllegalArgumentException("chunk index " + chunkIndex + " is outside [0, " + chunks + ")");
        }
        int offset = chunkIndex * floatsPerChunk;
        int count = Math.min(floatsPerChunk, floats - offset);
        return new ParamFrame(kind, jobId, rank, sequence, step, chunkIndex, chunks, offset, count);
    }

    /**
     * Encodes every chunk of {@code vector} in order into this chunker's buffer and hands each to
     * {@code sink} before encoding the next. {@code vector} must not change meanwhile.
     */
    public <E extends Exception> void send(ParamFrame.Kind kind, long jobId, int rank, long sequence, long step,
                                           float[] vector, FrameSink<E> sink) throws E {
        int chunks = chunkCount(vector.length);
        for (int i = 0; i < chunks; i++) {
            ParamFrame header = header(kind, jobId, rank, sequence, step, vector.length, i);
            if (buffer == null || buffer.capacity() < header.frameBytes()) {
                buffer = ByteBuffer.allocate(Math.min(maxFrameBytes, Protocol.HEADER_BYTES
                        + Float.BYTES * Math.max(vector.length, 1)));
            }
            sink.accept(header.encode(vector, buffer));
        }
    }
}
