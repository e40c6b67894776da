package io.easgd.backend.lab.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubnetTest {
    private final Subnet lab = Subnet.parse("10.213.0.0/24");

    @Test
    void theServerIsTheFirstAddressAndAgentITheTenthPlusI() {
        assertThat(lab.server()).isEqualTo("10.213.0.1");
        assertThat(lab.agent(1)).isEqualTo("10.213.0.11");
        assertThat(lab.agent(200)).isEqualTo("10.213.0.210");
        assertThat(lab.withPrefix(lab.agent(2))).isEqualTo("10.213.0.12/24");
        assertThatThrownBy(() -> Subnet.parse("10.213.0.0/26").agent(53)).hasMessageContaining("no room for agent 53");
    }

    @Test
    void overlapsRoutesThatShareAnAddress() {
        assertThat(lab.overlaps("10.0.0.0/8")).isTrue();
        assertThat(lab.overlaps("10.213.0.128/25")).isTrue();
        assertThat(lab.overlaps("10.213.0.77")).isTrue();
        assertThat(lab.overlaps("10.213.1.0/24")).isFalse();
        assertThat(lab.overlaps("172.17.0.0/16")).isFalse();
        assertThat(lab.overlaps("0.0.0.0/0")).isTrue();
        assertThat(lab.overlaps("default")).isFalse();
    }

    @Test
    void aBadSubnetNamesTheProperty() {
        assertThatThrownBy(() -> Subnet.parse("10.213.0.0")).hasMessage(
                "easgd.lab.subnet must be an IPv4 subnet such as 10.213.0.0/24, found '10.213.0.0'");
        assertThatThrownBy(() -> Subnet.parse("10.213.0.5/24"))
                .hasMessage("easgd.lab.subnet: 10.213.0.5/24 has host bits set; use 10.213.0.0/24");
        assertThatThrownBy(() -> Subnet.parse("10.0.0.0/8")).hasMessage("easgd.lab.subnet: the prefix must be /16 to /26, found /8");
        assertThatThrownBy(() -> Subnet.parse("300.0.0.0/24")).hasMessageContaining("300 is not an octet");
    }
}
