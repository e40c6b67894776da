package io.easgd.backend.lab.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LinkSpecTest {
    @Test
    void readsRatesAndDelaysAsTcWritesThem() {
        assertThat(LinkSpec.parse("100mbit,1ms")).isEqualTo(new LinkSpec(100_000_000, Duration.ofMillis(1)));
        assertThat(LinkSpec.parse(" 1GBit ")).isEqualTo(new LinkSpec(1_000_000_000, Duration.ZERO));
        assertThat(LinkSpec.parse("2.5mbit, 250us")).isEqualTo(new LinkSpec(2_500_000, Duration.ofNanos(250_000)));
        assertThat(LinkSpec.parse("500kbit,0.02s").delay()).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void writesTcArgumentsAndItsOwnText() {
        LinkSpec l = LinkSpec.parse("100mbit,1ms");
        assertThat(l.tcRate()).isEqualTo("100000kbit");
        assertThat(l.tcDelay()).isEqualTo("1000us");
        assertThat(l.toString()).isEqualTo("100mbit,1ms");
        assertThat(LinkSpec.parse("1gbit").toString()).isEqualTo("1gbit");
        assertThat(LinkSpec.parse("2.5mbit").toString()).isEqualTo("2500kbit");
    }

    @Test
    void theBucketHoldsFourMillisecondsAndAtLeastOneOffloadedPacket() {
        assertThat(LinkSpec.parse("10mbit").burstBytes()).isEqualTo(65_536);
        assertThat(LinkSpec.parse("1gbit").burstBytes()).isEqualTo(500_000);
    }

    @Test
    void aBadLinkNamesTheProperty() {
        assertThatThrownBy(() -> LinkSpec.parse("100mbps")).hasMessage("easgd.lab.link must be <rate>[,<delay>] such as "
                + "100mbit,1ms or 1gbit (rate in kbit, mbit or gbit; delay in us, ms or s), found '100mbps'");
        assertThatThrownBy(() -> LinkSpec.parse("1mbit,1ms,2")).hasMessageContaining("found '1mbit,1ms,2'");
        assertThatThrownBy(() -> LinkSpec.parse("20kbit"))
                .hasMessage("easgd.lab.link: the rate must be between 64kbit and 10gbit, found 20000 bit/s");
        assertThatThrownBy(() -> LinkSpec.parse("1mbit,2s"))
                .hasMessage("easgd.lab.link: the delay must be between 0 and 1s, found PT2S");
    }
}
