package io.easgd.backend.lab.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The exact {@code ip}/{@code tc} commands of a lab, against a recording stand-in for the system. */
class NetLabTest {
    /** Records every command; answers {@code ip netns list} / route queries, fails where told to. */
    static final class Recorder extends Commands {
        final List<String> calls = new ArrayList<>();
        Function<String, Result> answer = c -> new Result(0, "");

        @Override
        Result tryRun(String... cmd) {
            String line = String.join(" ", cmd);
            calls.add(line);
            return answer.apply(line);
        }
    }

    private static final LinkSpec LINK = LinkSpec.parse("100mbit,1ms");
    private static final Subnet SUBNET = Subnet.parse("10.213.0.0/24");

    @Test
    void buildsASwitchTheServersShapedLinkAndOneShapedLinkPerAgent() {
        Recorder sh = new Recorder();
        NetLab lab = NetLab.assemble(sh, LINK, SUBNET, 2, 4242);

        String tbf = "tbf rate 100000kbit burst 65536 latency 100ms";
        assertThat(sh.calls).containsSubsequence(
                "ip netns add easgdlab-4242-sw",
                "ip -n easgdlab-4242-sw link add br0 type bridge",
                "ip link add el4242-srv type veth peer name srv netns easgdlab-4242-sw",
                "ip addr add 10.213.0.1/24 dev el4242-srv",
                "tc qdisc add dev el4242-srv root handle 1: " + tbf,
                "tc -n easgdlab-4242-sw qdisc add dev srv root handle 1: " + tbf,
                "ip netns add easgdlab-4242-a1",
                "ip -n easgdlab-4242-sw link add a1 type veth peer name eth0 netns easgdlab-4242-a1",
                "ip -n easgdlab-4242-sw link set a1 master br0 up",
                "ip -n easgdlab-4242-a1 addr add 10.213.0.11/24 dev eth0",
                "tc -n easgdlab-4242-a1 qdisc add dev eth0 root handle 1: " + tbf,
                "tc -n easgdlab-4242-a1 qdisc add dev eth0 parent 1:1 handle 10: netem delay 1000us limit 100000",
                "tc -n easgdlab-4242-sw qdisc add dev a1 root handle 1: " + tbf,
                "ip -n easgdlab-4242-a2 addr add 10.213.0.12/24 dev eth0");
        assertThat(sh.calls).filteredOn(c -> c.contains("netem")).as("delay on the agents' links only").hasSize(4);
        assertThat(lab.hosts()).containsExactly(new NetLab.Host(1, "easgdlab-4242-a1", "10.213.0.11"),
                new NetLab.Host(2, "easgdlab-4242-a2", "10.213.0.12"));
        assertThat(lab.onHost(lab.hosts().get(1), List.of("java", "-jar", "a.jar")))
                .containsExactly("ip", "netns", "exec", "easgdlab-4242-a2", "java", "-jar", "a.jar");
        assertThat(lab.delayNote()).isEmpty();

        sh.calls.clear();
        lab.close();
        assertThat(sh.calls).containsExactly("ip netns del easgdlab-4242-a2", "ip netns del easgdlab-4242-a1",
                "ip netns del easgdlab-4242-sw", "ip link del el4242-srv");
    }

    @Test
    void withoutNetemTheDelayIsReportedNotApplied() {
        Recorder sh = new Recorder();
        sh.answer = c -> c.contains("netem") ? new Commands.Result(2, "Error: Specified qdisc kind is unknown.")
                : new Commands.Result(0, "");
        NetLab lab = NetLab.assemble(sh, LINK, SUBNET, 1, 7);
        assertThat(lab.delayNote()).isEqualTo("the delay 1000us is not applied: this kernel has no netem queueing "
                + "discipline (sch_netem); the links are shaped to 100mbit,1ms without it");
    }

    @Test
    void aFailedStepRemovesWhatWasBuiltAndNamesTheCommand() {
        Recorder sh = new Recorder();
        sh.answer = c -> c.startsWith("ip netns add easgdlab-9-a2") ? new Commands.Result(1, "File exists")
                : new Commands.Result(0, "");
        assertThatThrownBy(() -> NetLab.assemble(sh, LINK, SUBNET, 2, 9))
                .isInstanceOf(LabException.class)
                .hasMessage("ip netns add easgdlab-9-a2 failed (exit 1): File exists");
        assertThat(sh.calls).endsWith("ip netns del easgdlab-9-a1", "ip netns del easgdlab-9-sw", "ip link del el9-srv");
    }

    @Test
    void refusesASubnetARouteOverlaps() {
        Recorder sh = new Recorder();
        sh.answer = c -> c.startsWith("ip -o -4 route") ? new Commands.Result(0,
                "default via 172.17.0.1 dev eth0\n10.0.0.0/8 dev wg0 scope link\n") : new Commands.Result(0, "");
        assertThatThrownBy(() -> NetLab.assemble(sh, LINK, SUBNET, 1, 5)).hasMessage("easgd.lab.subnet 10.213.0.0/24 "
                + "overlaps this machine's route '10.0.0.0/8 dev wg0 scope link'; choose another subnet "
                + "(EASGD_LAB_SUBNET), or another lab may be running");
        assertThat(sh.calls).noneMatch(c -> c.startsWith("ip netns add"));
    }

    @Test
    void removesOnlyTheLabsOfProcessesThatAreGone() {
        Recorder sh = new Recorder();
        long alive = ProcessHandle.current().pid();
        sh.answer = c -> c.equals("ip netns list") ? new Commands.Result(0, "easgdlab-999999999-a1 (id: 3)\n"
                + "easgdlab-" + alive + "-sw (id: 1)\nsomeone-else\n") : new Commands.Result(0, "");
        NetLab.removeStale(sh);
        assertThat(sh.calls).containsExactly("ip netns list", "ip netns del easgdlab-999999999-a1");
    }
}
