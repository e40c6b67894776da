package io.easgd.agent.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.core.compression.Compression;
import io.easgd.core.protocol.ToServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent's uplink decorator: sends round(up + r), carries r, leaves the rule's vector alone. */
class CompressedUplinkTest {

    /** Records what would go on the wire. */
    private static final class Recording implements TrainingSession.Uplink {
        final List<float[]> sent = new ArrayList<>();

        @Override
        public void exchange(long sequence, long step, float[] up, float[] down) {
            sent.add(up.clone());
        }

        @Override
        public boolean report(ToServer.Progress progress) {
            return true;
        }
    }

    @Test
    void sendsTheRoundedUploadAndCarriesItsResidualToTheNext() {
        Recording wire = new Recording();
        TrainingSession.Uplink link = CompressedUplink.of(wire, Compression.INT8);
        float[] up = new float[32];
        up[0] = 1f;                                    // the block's scale: 2^-6
        up[1] = 0.01f;                                 // 0.64 units → 1 unit = 0.015625 sent, −0.005625 carried
        link.exchange(1, 10, up, new float[0]);
        assertThat(up[1]).isEqualTo(0.01f);
        assertThat(wire.sent.get(0)[1]).isEqualTo(0.015625f);
        link.exchange(2, 20, up, new float[0]);       // 0.01 − 0.005625 = 0.004375 → 0.28 units → 0
        assertThat(wire.sent.get(1)[1]).isEqualTo(0f);
        link.exchange(3, 30, up, new float[0]);       // 0.014375 → 0.92 units → 1
        assertThat(wire.sent.get(2)[1]).isEqualTo(0.015625f);
        assertThat(CompressedUplink.of(wire, Compression.NONE)).isSameAs(wire);
    }
}
