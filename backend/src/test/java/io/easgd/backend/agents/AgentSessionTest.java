package io.easgd.backend.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

/** DOWN frames are direct Netty memory: a frame the session drops instead of queueing is released. */
class AgentSessionTest {
    /** Direct buffers, each remembered, so a test can see whether it was released. */
    private static final class Tracking extends NettyDataBufferFactory {
        final List<NettyDataBuffer> allocated = new ArrayList<>();

        Tracking() {
            super(new UnpooledByteBufAllocator(true));
        }

        @Override
        public NettyDataBuffer allocateBuffer(int initialCapacity) {
            NettyDataBuffer b = super.allocateBuffer(initialCapacity);
            allocated.add(b);
            return b;
        }

        int refCnt(int i) {
            return allocated.get(i).getNativeBuffer().refCnt();
        }
    }

    @Test
    void framesAreDirectMemoryReleasedOnceTheReaderHasThem() {
        Tracking buffers = new Tracking();
        FakeAgents.Fake fake = new FakeAgents.Fake("a", Long.MAX_VALUE, buffers);
        fake.session.sendVector(ParamFrame.Kind.DOWN, 1, 0, 1, 1, new float[] {1f, 2f});
        assertThat(buffers.allocated).hasSize(1);
        assertThat(buffers.allocated.get(0).getNativeBuffer().isDirect()).isTrue();
        assertThat(buffers.refCnt(0)).isZero();                 // the fake reader released it
        assertThat(fake.headers(ParamFrame.Kind.DOWN)).singleElement()
                .satisfies(h -> assertThat(h.count()).isEqualTo(2));
    }

    @Test
    void aFrameRefusedByTheOutboundBudgetIsReleasedAndTheQueuedOneKept() {
        Tracking buffers = new Tracking();
        FakeAgents.Fake fake = new FakeAgents.Fake("a", 100, buffers);   // a reader that never reads
        fake.session.sendVector(ParamFrame.Kind.DOWN, 1, 0, 1, 1, new float[40]);   // into the empty queue
        fake.session.sendVector(ParamFrame.Kind.DOWN, 1, 0, 2, 2, new float[40]);   // past the limit
        assertThat(buffers.allocated).hasSize(2);
        assertThat(buffers.refCnt(0)).isEqualTo(1);
        assertThat(buffers.refCnt(1)).isZero();
        assertThat(fake.closed().getCode()).isEqualTo(Protocol.CLOSE_TRY_AGAIN_LATER);
    }

    @Test
    void aFrameSentAfterTheConnectionClosedIsReleased() {
        Tracking buffers = new Tracking();
        FakeAgents.Fake fake = new FakeAgents.Fake("a", Long.MAX_VALUE, buffers);
        fake.session.close(Protocol.CLOSE_NORMAL, "bye");
        fake.session.sendVector(ParamFrame.Kind.DOWN, 1, 0, 1, 1, new float[] {1f});
        assertThat(buffers.allocated).hasSize(1);
        assertThat(buffers.refCnt(0)).isZero();
        assertThat(fake.frames()).isEmpty();
    }
}
