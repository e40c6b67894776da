package io.easgd.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientBuffersTest {
    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void save() {
        for (String p : ClientBuffers.PROPERTIES) {
            saved.put(p, System.getProperty(p));
            System.clearProperty(p);
        }
    }

    @AfterEach
    void restore() {
        saved.forEach((p, v) -> {
            if (v == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, v);
            }
        });
    }

    @Test
    void setsTheJdkBuffersTo256KiB() {
        ClientBuffers.apply();
        assertThat(System.getProperty("jdk.httpclient.bufsize")).isEqualTo("262144");
        assertThat(System.getProperty("jdk.httpclient.websocket.writeBufferSize")).isEqualTo("262144");
    }

    @Test
    void keepsAValueGivenOnTheCommandLine() {
        System.setProperty("jdk.httpclient.bufsize", "65536");
        ClientBuffers.apply();
        assertThat(System.getProperty("jdk.httpclient.bufsize")).isEqualTo("65536");
        assertThat(System.getProperty("jdk.httpclient.websocket.writeBufferSize")).isEqualTo("262144");
    }
}
