package io.easgd.backend.agents;

import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.ParamFrame;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;

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
     * Encodes {@code vector} as {@code chunker}'s frames, each straight into the array of a new
     * message payload (one copy of the floats, no intermediate buffer), and hands each to
     * {@code sink} in order. A new array per frame because the outbound queue holds the frames
     * until the network takes them; heap memory, so a frame dropped with a closed connection is
     * simply collected.
     */
    public static void encode(DataBufferFactory factory, Chunker chunker, ParamFrame.Kind kind, long job, int rank,
                              long sequence, long step, float[] vector, Consumer<DataBuffer> sink) {
        int chunks = chunker.chunkCount(vector.length);
        for (int i = 0; i < chunks; i++) {
            ParamFrame header = chunker.header(kind, job, rank, sequence, step, vector.length, i);
            byte[] bytes = new byte[header.frameBytes()];
            header.encode(vector, ByteBuffer.wrap(bytes));
            sink.accept(factory.wrap(bytes));
        }
    }
}
