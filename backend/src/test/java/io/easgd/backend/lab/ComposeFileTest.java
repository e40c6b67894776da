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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceHasAHealthCheckAndAnAgentsCheckIsTheAgeOfItsHealthFile() throws IOException {
        Map<String, Object> compose = compose();
        for (String name : ((Map<String, Object>) compose.get("services")).keySet()) {
            Map<String, Object> check = (Map<String, Object>) service(compose, name).get("healthcheck");
            assertThat(check).as(name).isNotNull().containsKeys("test", "interval", "retries");
            assertThat(((List<String>) check.get("test")).get(0)).as(name).isIn("CMD", "CMD-SHELL");
        }
        for (String agent : List.of("agent", "agent-gpu")) {
            Map<String, Object> env = (Map<String, Object>) service(compose, agent).get("environment");
            String file = (String) env.get("EASGD_HEALTH_FILE");
            assertThat(file).as("the variable the agent reads (worker-agent HealthFile.ENV)").isNotBlank();
            List<String> test = (List<String>) ((Map<String, Object>) service(compose, agent).get("healthcheck")).get("test");
            // after compose's interpolation ($$ is a literal $): the command TwoReplicasIT runs against a real agent
            assertThat(test.get(1).replace("$$", "$")).isEqualTo("test -n \"$(find " + file + " -mmin -1 2>/dev/null)\"");
        }
    }

    @Test
    void everyDollarIsAVariableOrAnEscapedDollar() throws IOException {
        List<String> values = new java.util.ArrayList<>();
        collect(compose(), values);
        java.util.regex.Pattern valid = java.util.regex.Pattern.compile(
                "\\$(\\$|\\{[A-Za-z_][A-Za-z0-9_]*(:?[-?][^}]*)?}|[A-Za-z_][A-Za-z0-9_]*)");
        for (String v : values) {
            String rest = valid.matcher(v).replaceAll("");
            assertThat(rest).as("compose refuses a bare $ in: " + v).doesNotContain("$");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void agentsScaleWithScaleOrEasgdAgentsAndTheTokensMustBeGiven() throws IOException {
        Map<String, Object> compose = compose();
        for (String agent : List.of("agent", "agent-gpu")) {
            assertThat(service(compose, agent)).as("--scale needs neither a fixed name nor a host port")
                    .doesNotContainKeys("container_name", "ports", "hostname");
        }
        assertThat(((Map<String, Object>) service(compose, "agent").get("deploy")).get("replicas"))
                .isEqualTo("${EASGD_AGENTS:-2}");
        for (String name : List.of("backend", "agent", "agent-gpu")) {
            Map<String, Object> env = (Map<String, Object>) service(compose, name).get("environment");
            assertThat((String) env.get("EASGD_AGENT_TOKEN")).as(name).matches("\\$\\{EASGD_AGENT_TOKEN:\\?[^}]+}");
        }
        Map<String, Object> backendEnv = (Map<String, Object>) service(compose, "backend").get("environment");
        assertThat((String) backendEnv.get("EASGD_API_TOKEN")).matches("\\$\\{EASGD_API_TOKEN:\\?[^}]+}");
        assertThat((String) backendEnv.get("EASGD_INSTANCE_ID")).as("stable across recreated containers")
                .isEqualTo("${EASGD_INSTANCE_ID:-easgd-backend}");
        assertThat(service(compose, "backend").get("stop_grace_period")).isEqualTo("90s");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGpuProfileBuildsTheCudaAgentAndReservesAnNvidiaGpu() throws IOException {
        Map<String, Object> gpu = service(compose(), "agent-gpu");
        Map<String, Object> args = (Map<String, Object>) ((Map<String, Object>) gpu.get("build")).get("args");
        assertThat(args).containsEntry("MAVEN_PROFILES", "cuda");
        assertThat((String) args.get("BASE_IMAGE")).startsWith("nvidia/cuda:11.6");
        Map<String, Object> device = ((List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) gpu.get("deploy")).get("resources")).get("reservations")).get("devices")).get(0);
        assertThat(device).containsEntry("driver", "nvidia").containsEntry("capabilities", List.of("gpu"));
        // the CUDA build also carries the CPU backend, to fall back to without a device
        String pom = Files.readString(ROOT.resolve("worker-agent/pom.xml"));
        String cuda = pom.substring(pom.indexOf("<id>cuda</id>"), pom.indexOf("</profile>", pom.indexOf("<id>cuda</id>")));
        assertThat(cuda).contains("nd4j-cuda-11.6-platform", "nd4j-native-platform");
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<String> out) {
        if (node instanceof Map<?, ?> m) {
            m.values().forEach(v -> collect(v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collect(v, out));
        } else if (node instanceof String s) {
            out.add(s);
        }
    }
}
