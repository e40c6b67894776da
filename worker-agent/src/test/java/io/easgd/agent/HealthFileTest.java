package io.easgd.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthFileTest {
    @TempDir
    Path dir;

    @Test
    void offUnlessTheVariableNamesAFile() {
        assertThat(HealthFile.fromEnv(Map.of())).isSameAs(HealthFile.NONE);
        assertThat(HealthFile.fromEnv(Map.of(HealthFile.ENV, " "))).isSameAs(HealthFile.NONE);
        HealthFile.NONE.connected();
        HealthFile.NONE.disconnected();
    }

    @Test
    void connectedCreatesOrFreshensTheFileAndDisconnectedRemovesIt() throws Exception {
        Path file = dir.resolve("alive");
        HealthFile health = HealthFile.fromEnv(Map.of(HealthFile.ENV, file.toString()));
        health.connected();
        assertThat(file).exists();

        Instant old = Instant.now().minus(Duration.ofMinutes(5));
        Files.setLastModifiedTime(file, FileTime.from(old));
        health.connected();                                   // a heartbeat
        assertThat(Files.getLastModifiedTime(file).toInstant()).isAfter(Instant.now().minusSeconds(30));

        health.disconnected();
        assertThat(file).doesNotExist();
        health.disconnected();                                // already gone: nothing happens
    }

    @Test
    void aFileThatCannotBeWrittenNeverFailsTheAgent() {
        HealthFile health = new HealthFile(dir.resolve("no-such-dir").resolve("alive"));
        health.connected();
        health.connected();
        health.disconnected();
        assertThat(dir.resolve("no-such-dir")).doesNotExist();
    }
}
