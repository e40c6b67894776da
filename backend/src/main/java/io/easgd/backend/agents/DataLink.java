package io.easgd.backend.agents;

import io.easgd.core.compression.Compression;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.DataChannel;
import io.easgd.core.protocol.ParamFrame;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.nio.ByteBuffer;

/**
 * The data channel of one agent session once attached (protocol version 2): parameter frames out,
 * each behind its u32 little-endian length, encoded straight into the channel's pooled direct memory
 * and written from the thread that made them. Used under the {@link AgentSession}'s lock.
 */
final class DataLink {
    private final Channel channel;
    private final Counter framesOut;

    DataLink(Channel channel, Counter framesOut) {
        this.channel = channel;
        this.framesOut = framesOut;
    }

    Channel channel() {
        return channel;
    }

    /** Whether the socket is still open. */
    boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Writes every chunk of {@code vector} and flushes once; returns the bytes on the wire, or -1 when
     * more than the channel's high water mark is queued already (the agent reads too slowly).
     */
    long sendVector(Chunker chunker, ParamFrame.Kind kind, long job, int r, long sequence, long step, float[] vector,
                    Compression encoding) {
        if (!channel.isWritable() && channel.isActive()) {
            return -1;
        }
        long wire = 0;
        int chunks = chunker.chunkCount(vector.length, encoding);
        for (int i = 0; i < chunks; i++) {
            ParamFrame header = chunker.header(kind, job, r, sequence, step, vector.length, i, encoding);
            int bytes = header.frameBytes();
            ByteBuf buf = channel.alloc().directBuffer(DataChannel.LENGTH_BYTES + bytes);
            try {
                buf.writeIntLE(bytes);
                ByteBuffer target = buf.nioBuffer(buf.writerIndex(), bytes);
                header.encode(vector, target);
                buf.writerIndex(buf.writerIndex() + bytes);
            } catch (RuntimeException e) {
                buf.release();
                throw e;
            }
            channel.write(buf, channel.voidPromise());
            wire += DataChannel.LENGTH_BYTES + bytes;
        }
        channel.flush();
        framesOut.increment(chunks);
        return wire;
    }

    void close() {
        channel.close();
    }
}
