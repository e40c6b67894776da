package io.easgd.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentIdTest {
    @TempDir
    Path tmp;

    @Test
    void aRestartedAgentKeepsItsId() throws Exception {
        Path file = tmp.resolve("state/agent-id");
        AgentId first = AgentId.load(file);
        String id = first.value();
        first.release();

        AgentId again = AgentId.load(file);
        assertThat(again.value()).isEqualTo(id);
        assertThat(Files.readString(file).trim()).isEqualTo(id);
        again.release();
    }

    @Test
    void aSecondAgentOnTheSameFileGetsItsOwnUnsavedId() {
        Path file = tmp.resolve("agent-id");
        AgentId first = AgentId.load(file);
        AgentId second = AgentId.load(file);
        assertThat(second.value()).isNotEqualTo(first.value());
        second.adopt("server-given-2");
        assertThat(file).content().isEqualToIgnoringNewLines(first.value());
        first.release();
    }

    @Test
    void theIdTheServerGivesIsSaved() {
        Path file = tmp.resolve("agent-id");
        AgentId id = AgentId.load(file);
        id.adopt("a-42");
        assertThat(id.value()).isEqualTo("a-42");
        assertThat(file).content().isEqualToIgnoringNewLines("a-42");
        id.release();
    }

    @Test
    void aGarbledFileIsReplacedByAFreshId() throws Exception {
        Path file = tmp.resolve("agent-id");
        Files.writeString(file, "not an id / with spaces");
        AgentId id = AgentId.load(file);
        assertThat(id.value()).matches("[0-9a-f-]{36}");
        id.release();
    }
}
