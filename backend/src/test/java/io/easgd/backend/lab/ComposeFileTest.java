package io.easgd.backend.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot be run on the build machines (no Docker engine), so it is checked here:
 * the services the README promises, wired to each other with settings the programs really read.
 */
class ComposeFileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(Map<String, Object> compose, String name) {
        return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLabIsPostgresTheBackendAndAgentsWiredTogether() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        assertThat((Map<String, Object>) compose.get("services")).containsOnlyKeys("postgres", "backend", "agent", "agent-gpu");

        Map<String, Object> backend = service(compose, "backend");
        Map<String, Object> env = (Map<String, Object>) backend.get("environment");
        assertThat((String) env.get("SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://postgres:5432/easgd");
        assertThat(env).containsKeys("EASGD_API_TOKEN", "EASGD_AGENT_TOKEN", "EASGD_DATA_DIR")
                .containsEntry("EASGD_AGENTS_LOCAL", "0");
        assertThat((List<String>) backend.get("ports")).containsExactly("8080:8080");

        for (String agent : List.of("agent", "agent-gpu")) {
            Map<String, Object> agentEnv = (Map<String, Object>) service(compose, agent).get("environment");
            assertThat(agentEnv).containsEntry("EASGD_SERVER", "ws://backend:8080").containsKey("EASGD_AGENT_TOKEN");
            Map<String, Object> build = (Map<String, Object>) service(compose, agent).get("build");
            assertThat(ROOT.resolve((String) build.get("dockerfile"))).exists();
        }
        assertThat((List<String>) service(compose, "agent-gpu").get("profiles")).containsExactly("gpu");
        assertThat(ROOT.resolve((String) ((Map<String, Object>) backend.get("build")).get("dockerfile"))).exists();
    }

    @Test
    void theDockerfilesRunTheArtifactsTheBuildProduces() throws IOException {
        String backend = Files.readString(ROOT.resolve("backend/Dockerfile"));
        assertThat(backend).contains("backend/target/easgd-backend.jar").contains("-pl backend -am");
        String agent = Files.readString(ROOT.resolve("worker-agent/Dockerfile"));
        assertThat(agent).contains("worker-agent/target/worker-agent.jar").contains("worker-agent/target/lib")
                .contains("-P$MAVEN_PROFILES");
        assertThat(Files.readString(ROOT.resolve("worker-agent/pom.xml"))).contains("<id>cuda</id>");
    }
}
