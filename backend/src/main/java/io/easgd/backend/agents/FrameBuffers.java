package io.easgd.backend.agents;

import io.easgd.core.compression.Compression;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.ParamFrame;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * How parameter frames cross between the WebSocket's buffers and the protocol's
 * {@link ByteBuffer}s, both ways, with as few copies of the floats as the buffers' lifetimes allow.
 * Public for the micro benchmark P1 (docs/benchmarks.md), which times exactly this path.
 */
public final class FrameBuffers {
    private FrameBuffers() {
    }

    /**
     * The frame of a received binary message, from position 0 to its length. A view of the
     * message's own memory when it is one contiguous buffer (the usual case: Netty hands over a
     * whole frame), a copy only when it is made of fragments. Valid only while the message is
     * handled: Netty releases the payload afterwards, so the caller must be done with it (the
     * {@code Assembler} copies the floats out at once).
     */
    public static ByteBuffer received(DataBuffer payload) {
        int length = payload.readableByteCount();
        try (DataBuffer.ByteBufferIterator it = payload.readableByteBuffers()) {
            if (it.hasNext()) {
                ByteBuffer first = it.next();
                if (!it.hasNext() && first.remaining() == length) {
                    return first.slice();
                }
            }
        }
        byte[] bytes = new byte[length];
        payload.read(bytes);
        return ByteBuffer.wrap(bytes);
    }

    /**
     * Encodes {@code vector} as {@code chunker}'s frames, each straight into a new buffer of
     * {@code factory} (one copy of the floats, no intermediate buffer), and hands each to
     * {@code sink} in order. On the server the factory is the connection's: pooled direct memory,
     * which the socket writes as it is (a heap frame would be zeroed when allocated and copied into
     * direct memory again by Netty). The sink owns each buffer: whoever drops a frame instead of
     * writing it must release it ({@code AgentSession} and {@code AgentSocketHandler} do).
     */
    public static void encode(DataBufferFactory factory, Chunker chunker, ParamFrame.Kind kind, long job, int rank,
                              long sequence, long step, float[] vector, Consumer<DataBuffer> sink) {
        encode(factory, chunker, kind, job, rank, sequence, step, vector, Compression.NONE, sink);
    }

    /** {@link #encode} in {@code encoding} (the job's compression; CENTER frames stay float32). */
    public static void encode(DataBufferFactory factory, Chunker chunker, ParamFrame.Kind kind, long job, int rank,
                              long sequence, long step, float[] vector, Compression encoding,
                              Consumer<DataBuffer> sink) {
        int chunks = chunker.chunkCount(vector.length, encoding);
        for (int i = 0; i < chunks; i++) {
            ParamFrame header = chunker.header(kind, job, rank, sequence, step, vector.length, i, encoding);
            sink.accept(encode(factory, header, vector));
        }
    }

    private static DataBuffer encode(DataBufferFactory factory, ParamFrame header, float[] vector) {
        int bytes = header.frameBytes();
        DataBuffer buffer = factory.allocateBuffer(bytes);
        try {
            buffer.ensureWritable(bytes);
            boolean written = false;
            try (DataBuffer.ByteBufferIterator it = buffer.writableByteBuffers()) {
                if (it.hasNext()) {
                    ByteBuffer target = it.next();
                    if (target.remaining() >= bytes) {       // one contiguous region: encode in place
                        header.encode(vector, target.slice(target.position(), bytes));
                        written = true;
                    }
                }
            }
            if (written) {
                buffer.writePosition(buffer.writePosition() + bytes);
            } else {                                        // fragmented memory: through a heap copy
                buffer.write(header.encode(vector, null));
            }
            return buffer;
        } catch (RuntimeException e) {
            DataBufferUtils.release(buffer);
            throw e;
        }
    }
}
