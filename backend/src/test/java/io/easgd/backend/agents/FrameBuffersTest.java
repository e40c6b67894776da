package io.easgd.backend.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.ParamFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

class FrameBuffersTest {
    private static final NettyDataBufferFactory NETTY = new NettyDataBufferFactory(Unpooled.buffer().alloc());

    @Test
    void aWholeFrameIsReadInPlaceWithoutACopy() {
        ByteBuf direct = Unpooled.directBuffer(16).writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        direct.readerIndex(2);
        ByteBuffer view = FrameBuffers.received(NETTY.wrap(direct));

        assertThat(view.position()).isZero();
        assertThat(view.remaining()).isEqualTo(6);
        assertThat(view.get(0)).isEqualTo((byte) 3);
        direct.setByte(2, 42);                                 // the same memory, not a copy
        assertThat(view.get(0)).isEqualTo((byte) 42);
    }

    @Test
    void aFrameInFragmentsIsJoinedIntoOneBuffer() {
        CompositeByteBuf parts = Unpooled.compositeBuffer();
        parts.addComponent(true, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        parts.addComponent(true, Unpooled.wrappedBuffer(new byte[] {4, 5}));
        ByteBuffer joined = FrameBuffers.received(NETTY.wrap(parts));

        byte[] bytes = new byte[joined.remaining()];
        joined.get(bytes);
        assertThat(bytes).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void encodedFramesAreByteForByteTheChunkersFrames() {
        float[] vector = new float[1000];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = i * 0.5f - 7;
        }
        Chunker chunker = new Chunker(1024);
        List<byte[]> expected = new ArrayList<>();
        chunker.send(ParamFrame.Kind.DOWN, 3, 1, 9, 40, vector, f -> {
            byte[] b = new byte[f.remaining()];
            f.get(b);
            expected.add(b);
        });
        List<byte[]> actual = new ArrayList<>();
        FrameBuffers.encode(NETTY, chunker, ParamFrame.Kind.DOWN, 3, 1, 9, 40, vector, d -> {
            byte[] b = new byte[d.readableByteCount()];
            d.read(b);
            actual.add(b);
        });

        assertThat(actual).hasSize(5);                         // 1000 floats, 244 per 1024-byte frame
        assertThat(actual).containsExactlyElementsOf(expected);
        ByteBuffer last = ByteBuffer.wrap(actual.get(4));
        ParamFrame h = ParamFrame.decode(last);
        float[] back = new float[1000];
        h.readValues(last, back);
        assertThat(back[999]).isEqualTo(999 * 0.5f - 7);
        assertThat(h.offset()).isEqualTo(976);
        assertThat(h.count()).isEqualTo(24);
    }

    @Test
    void eachEncodedFrameHasItsOwnMemory() {
        float[] vector = {1, 2, 3};
        List<DataBuffer> frames = new ArrayList<>();
        Chunker chunker = new Chunker(56);                     // header + 2 floats
        FrameBuffers.encode(NETTY, chunker, ParamFrame.Kind.UP, 1, 0, 1, 0, vector, frames::add);
        assertThat(frames).hasSize(2);
        assertThat(ParamFrame.decode(frames.get(0).toByteBuffer()).count()).isEqualTo(2);
        assertThat(ParamFrame.decode(frames.get(1).toByteBuffer()).count()).isEqualTo(1);
    }

    @Test
    void framesOfAPooledDirectFactoryAreWrittenInPlaceAndOwnedByTheirTaker() {
        NettyDataBufferFactory pooled = new NettyDataBufferFactory(new PooledByteBufAllocator(true));
        float[] vector = new float[700];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = i * 0.25f + 1;
        }
        Chunker chunker = new Chunker(1024);
        List<byte[]> expected = new ArrayList<>();
        chunker.send(ParamFrame.Kind.DOWN, 3, 1, 9, 40, vector, f -> {
            byte[] b = new byte[f.remaining()];
            f.get(b);
            expected.add(b);
        });
        List<byte[]> actual = new ArrayList<>();
        FrameBuffers.encode(pooled, chunker, ParamFrame.Kind.DOWN, 3, 1, 9, 40, vector, d -> {
            ByteBuf memory = ((NettyDataBuffer) d).getNativeBuffer();
            assertThat(memory.isDirect()).isTrue();
            assertThat(memory.refCnt()).isEqualTo(1);
            byte[] b = new byte[d.readableByteCount()];
            d.read(b);
            actual.add(b);
            assertThat(DataBufferUtils.release(d)).isTrue();
        });
        assertThat(actual).hasSize(3).containsExactlyElementsOf(expected);
    }
}
