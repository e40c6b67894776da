package io.easgd.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {
    private static final Map<String, String> HOME = Map.of("HOME", "/home/u");

    private static Map<String, String> env(String... kv) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>(HOME);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void onlyTheTokenIsNeededAndEverythingElseHasADefault() {
        AgentOptions o = Cli.parse(new String[] {"--token", "t0k"}, HOME);
        assertThat(o.server()).isEqualTo(URI.create("ws://localhost:8080"));
        assertThat(o.token()).isEqualTo("t0k");
        assertThat(o.name()).isNotBlank();
        assertThat(o.cacheDir()).isEqualTo(Path.of("/home/u/.cache/easgd-agent"));
        assertThat(o.idFile()).isEqualTo(Path.of("/home/u/.cache/easgd-agent/agent-id"));
        assertThat(o.replyTimeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(o.webSocketUri()).isEqualTo(URI.create("ws://localhost:8080/ws/agents"));
        assertThat(o.httpBase()).isEqualTo(URI.create("http://localhost:8080"));
    }

    @Test
    void everyOptionCanComeFromItsEnvironmentVariable() {
        AgentOptions o = Cli.parse(new String[0], env(
                "EASGD_SERVER", "wss://easgd.example.org/lab/",
                "EASGD_AGENT_TOKEN", "from-env",
                "EASGD_AGENT_NAME", "gpu-box-3",
                "EASGD_CACHE_DIR", "/var/cache/easgd",
                "EASGD_AGENT_ID_FILE", "/etc/easgd/id",
                "EASGD_REPLY_TIMEOUT", "90"));
        assertThat(o.server()).isEqualTo(URI.create("wss://easgd.example.org/lab/"));
        assertThat(o.token()).isEqualTo("from-env");
        assertThat(o.name()).isEqualTo("gpu-box-3");
        assertThat(o.cacheDir()).isEqualTo(Path.of("/var/cache/easgd"));
        assertThat(o.idFile()).isEqualTo(Path.of("/etc/easgd/id"));
        assertThat(o.replyTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.webSocketUri()).isEqualTo(URI.create("wss://easgd.example.org/lab/ws/agents"));
        assertThat(o.httpBase()).isEqualTo(URI.create("https://easgd.example.org/lab"));
    }

    @Test
    void aFlagWinsOverItsEnvironmentVariable() {
        AgentOptions o = Cli.parse(new String[] {"--server", "ws://10.0.0.5:9000", "--token", "flag", "--cache-dir", "/c"},
                env("EASGD_SERVER", "ws://ignored:1", "EASGD_AGENT_TOKEN", "env"));
        assertThat(o.server()).isEqualTo(URI.create("ws://10.0.0.5:9000"));
        assertThat(o.token()).isEqualTo("flag");
        assertThat(o.idFile()).isEqualTo(Path.of("/c/agent-id"));                 // follows the cache dir
    }

    @Test
    void aMissingTokenIsNamedWithItsFlagAndVariable() {
        assertThatThrownBy(() -> Cli.parse(new String[0], HOME))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--token (EASGD_AGENT_TOKEN) is required: the agent token configured on the server");
        assertThatThrownBy(() -> Cli.parse(new String[0], env("EASGD_AGENT_TOKEN", "  ")))
                .hasMessageContaining("--token (EASGD_AGENT_TOKEN) is required");
    }

    @Test
    void badValuesAreRefusedWithWhatWasFound() {
        assertThatThrownBy(() -> Cli.parse(new String[] {"--token", "t", "--server", "http://localhost:8080"}, HOME))
                .hasMessage("--server (EASGD_SERVER) must be a ws:// or wss:// URL with a host, found http://localhost:8080");
        assertThatThrownBy(() -> Cli.parse(new String[] {"--token", "t", "--server", "ws://bad host"}, HOME))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> Cli.parse(new String[] {"--token", "t"}, env("EASGD_REPLY_TIMEOUT", "soon")))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("soon");
        assertThatThrownBy(() -> Cli.parse(new String[] {"--token", "t", "--reply-timeout", "0"}, HOME))
                .hasMessageContaining("--reply-timeout (EASGD_REPLY_TIMEOUT) must be >= 1 second, found 0");
        assertThatThrownBy(() -> Cli.parse(new String[] {"--token", "t", "--colour", "blue"}, HOME))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    }

    @Test
    void theDataChannelIsOnAndTheHelloSpeaksVersion2UnlessTold() {
        AgentOptions o = Cli.parse(new String[] {"--token", "t"}, HOME);
        assertThat(o.dataChannel()).isTrue();
        assertThat(o.protocol()).isEqualTo(2);
        AgentOptions off = Cli.parse(new String[] {"--token", "t", "--data-channel=off"}, env("EASGD_PROTOCOL", "1"));
        assertThat(off.dataChannel()).isFalse();
        assertThat(off.protocol()).isEqualTo(1);
        assertThat(Cli.parse(new String[] {"--token", "t"}, env("EASGD_DATA_CHANNEL", "off")).dataChannel()).isFalse();
        assertThatThrownBy(() -> Cli.parse(new String[] {"--token", "t", "--data-channel", "maybe"}, HOME))
                .hasMessage("--data-channel (EASGD_DATA_CHANNEL) must be on or off, found \"maybe\"");
        assertThatThrownBy(() -> Cli.parse(new String[] {"--token", "t", "--protocol", "3"}, HOME))
                .hasMessage("--protocol (EASGD_PROTOCOL) must be 1 or 2, found 3");
    }

    @Test
    void theTokenNeverShowsInTheOptionsText() {
        assertThat(Cli.parse(new String[] {"--token", "s3cr3t"}, HOME).toString()).doesNotContain("s3cr3t").contains("***");
    }

    @Test
    void helpExitsZeroAndBadOptionsExitTwoWithoutConnecting() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true));
            System.setErr(new PrintStream(captured, true));
            assertThat(AgentMain.run(new String[] {"--help"}, HOME)).isEqualTo(0);
            assertThat(captured.toString()).contains("--token").contains("EASGD_AGENT_TOKEN").contains("Exit codes");
            assertThat(AgentMain.run(new String[0], HOME)).isEqualTo(2);
            assertThat(captured.toString()).contains("--token (EASGD_AGENT_TOKEN) is required");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void theCaFileComesFromItsFlagOrEasgdCaFileAndMustBeReadable(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path pem = java.nio.file.Files.writeString(dir.resolve("ca.pem"), "x");
        assertThat(Cli.parse(new String[] {"--token", "t"}, HOME).caFile()).isNull();
        assertThat(Cli.parse(new String[] {"--token", "t", "--ca-file", pem.toString()}, HOME).caFile()).isEqualTo(pem);
        assertThat(Cli.parse(new String[] {"--token", "t", "--server", "wss://10.0.0.5:8443"}, env("EASGD_CA_FILE", pem.toString())))
                .satisfies(o -> assertThat(o.caFile()).isEqualTo(pem))
                .satisfies(o -> assertThat(o.webSocketUri()).isEqualTo(URI.create("wss://10.0.0.5:8443/ws/agents")))
                .satisfies(o -> assertThat(o.httpBase()).isEqualTo(URI.create("https://10.0.0.5:8443")));
        assertThatThrownBy(() -> Cli.parse(new String[] {"--token", "t", "--ca-file", dir.resolve("missing.pem").toString()}, HOME))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--ca-file (EASGD_CA_FILE) must be a readable PEM file");
    }
}
