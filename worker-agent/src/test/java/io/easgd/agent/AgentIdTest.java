package io.easgd.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
    void agentsSharingAFolderEachTakeTheirOwnSlotAndGetTheirIdsBackWhenRecreated() throws Exception {
        Path file = tmp.resolve("agent-id");
        AgentId first = AgentId.load(file);
        AgentId second = AgentId.load(file);
        AgentId third = AgentId.load(file);
        assertThat(List.of(first.value(), second.value(), third.value())).doesNotHaveDuplicates();
        assertThat(file).content().isEqualToIgnoringNewLines(first.value());
        assertThat(tmp.resolve("agent-id-2")).content().isEqualToIgnoringNewLines(second.value());
        assertThat(tmp.resolve("agent-id-3")).content().isEqualToIgnoringNewLines(third.value());
        second.adopt("server-given-2");
        assertThat(tmp.resolve("agent-id-2")).content().isEqualToIgnoringNewLines("server-given-2");
        assertThat(file).content().isEqualToIgnoringNewLines(first.value());

        // all three recreated (compose down, up): the same three ids, none new
        Set<String> before = Set.of(first.value(), "server-given-2", third.value());
        first.release();
        second.release();
        third.release();
        AgentId[] again = {AgentId.load(file), AgentId.load(file), AgentId.load(file)};
        assertThat(Set.of(again[0].value(), again[1].value(), again[2].value())).isEqualTo(before);
        for (AgentId id : again) {
            id.release();
        }
    }

    @Test
    void whenEverySlotIsTakenTheNextAgentRunsWithAnUnsavedId() throws Exception {
        Path file = tmp.resolve("agent-id");
        List<AgentId> held = new ArrayList<>();
        for (int i = 0; i < AgentId.SLOTS; i++) {
            held.add(AgentId.load(file));
        }
        assertThat(held).extracting(AgentId::value).doesNotHaveDuplicates();
        AgentId extra = AgentId.load(file);
        assertThat(held).extracting(AgentId::value).doesNotContain(extra.value());
        extra.adopt("server-given-extra");
        try (var files = Files.list(tmp)) {
            assertThat(files.filter(f -> !f.getFileName().toString().endsWith(".lock"))).hasSize(AgentId.SLOTS)
                    .noneMatch(f -> f.getFileName().toString().endsWith("-" + (AgentId.SLOTS + 1)));
        }
        for (Path f : List.of(file, AgentId.slot(file, AgentId.SLOTS))) {
            assertThat(f).content().doesNotContain("server-given-extra");
        }
        held.forEach(AgentId::release);
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
