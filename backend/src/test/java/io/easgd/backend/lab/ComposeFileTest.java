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
 * docker-compose.yml is run by hand (docs/operations.md §9 has the figures of a run on Compose 1.29 with the
 * local images); the build machines have no Docker engine, so it is checked here: the services the README
 * promises, wired to each other with settings the programs really read, in a form Compose v1 (1.29) and v2
 * both accept, with named volumes only, and a build context that holds sources only.
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
        // the UI/API/WebSocket and protocol 2's data channel (easgd.data.port's default)
        assertThat((List<String>) backend.get("ports")).containsExactly("8080:8080", "7071:7071");

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

    /** The instructions of each stage of a Dockerfile, in order, comments and blank lines left out. */
    private static List<List<String>> stages(String dockerfile) throws IOException {
        List<List<String>> stages = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(ROOT.resolve(dockerfile))) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.startsWith("FROM ") || stages.isEmpty()) {
                stages.add(new java.util.ArrayList<>());
            }
            stages.get(stages.size() - 1).add(l);
        }
        return stages;
    }

    @Test
    void bothImagesRunOnAJreWithNoJdkAndTheAgentImageDeclaresNoVolume() throws IOException {
        List<List<String>> backend = stages("backend/Dockerfile");
        List<List<String>> agent = stages("worker-agent/Dockerfile");
        // [ARG BASE_IMAGE] before the first FROM, then build, then runtime
        assertThat(backend).hasSize(2);
        assertThat(agent).hasSize(3);
        assertThat(agent.get(0)).containsExactly("ARG BASE_IMAGE=eclipse-temurin:17-jre");
        List<String> agentBuild = agent.get(1);
        for (List<String> build : List.of(backend.get(0), agentBuild)) {
            assertThat(build.get(0)).isEqualTo("FROM maven:3.9-eclipse-temurin-17 AS build");
            assertThat(build).contains("COPY . .")
                    .anyMatch(i -> i.startsWith("RUN mvn -B -q -pl ") && i.contains(" -am package -Dmaven.test.skip=true"));
        }

        List<String> backendRuntime = backend.get(1);
        List<String> agentRuntime = agent.get(2);
        assertThat(backendRuntime.get(0)).isEqualTo("FROM eclipse-temurin:17-jre");
        assertThat(agentRuntime.get(0)).isEqualTo("FROM ${BASE_IMAGE}");
        for (List<String> runtime : List.of(backendRuntime, agentRuntime)) {
            assertThat(runtime).as("no JDK from the maven image").noneMatch(i -> i.startsWith("COPY --from=build /opt/java"));
        }
        // the agent's runtime gets /runtime of the build stage: the JRE image's Java, removed for the default base
        assertThat(agentRuntime).contains("COPY --from=build /runtime/ /");
        assertThat(agentBuild).contains("COPY --from=eclipse-temurin:17-jre /opt/java/openjdk /runtime/opt/java/openjdk",
                "RUN if [ \"$BASE_IMAGE\" = eclipse-temurin:17-jre ]; then rm -rf /runtime/opt/java; fi");
        assertThat(agentRuntime).as("an image VOLUME is an anonymous volume that `down` leaves behind")
                .noneMatch(i -> i.startsWith("VOLUME"));
        assertThat(agentRuntime).contains("ENV EASGD_CACHE_DIR=/cache OMP_NUM_THREADS=1");
        assertThat(backendRuntime).contains("VOLUME /data", "ENV EASGD_DATA_DIR=/data");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeV1AcceptsTheTopLevelAndTheProjectNameComesFromDotEnv() throws IOException {
        Map<String, Object> compose = compose();
        // Compose 1.29's schema: version, services, networks, volumes, secrets, configs and x-* only
        assertThat(compose.keySet()).as("1.29 refuses `name:` (\"does not match any of the regexes: '^x-'\")")
                .allMatch(k -> k.startsWith("x-") || List.of("services", "volumes", "networks").contains(k))
                .doesNotContain("name", "version");
        assertThat(ROOT.resolve(".env")).isRegularFile();
        List<String> env = Files.readAllLines(ROOT.resolve(".env")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(env).as(".env is committed: the project name and nothing else (no token)")
                .containsExactly("COMPOSE_PROJECT_NAME=easgd");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyVolumeIsNamedAndEveryImageVolumeHasOne() throws IOException {
        Map<String, Object> compose = compose();
        Map<String, Object> declared = (Map<String, Object>) compose.get("volumes");
        assertThat(declared).containsOnlyKeys("pgdata", "backend-data", "agent-cache");
        Map<String, Map<String, String>> mounts = new java.util.TreeMap<>();
        for (String name : ((Map<String, Object>) compose.get("services")).keySet()) {
            Map<String, String> byPath = new java.util.TreeMap<>();
            for (Object v : (List<Object>) service(compose, name).getOrDefault("volumes", List.of())) {
                assertThat(v).as(name + ": short syntax NAME:/path").isInstanceOf(String.class);
                String[] parts = ((String) v).split(":");
                assertThat(parts).as(name + ": " + v).hasSize(2);
                assertThat(declared).as(name + ": " + v + " is a named volume, not a host path nor anonymous")
                        .containsKey(parts[0]);
                byPath.put(parts[1], parts[0]);
            }
            mounts.put(name, byPath);
        }
        assertThat(mounts).containsExactly(
                Map.entry("agent", Map.of("/cache", "agent-cache")),
                Map.entry("agent-gpu", Map.of("/cache", "agent-cache")),
                Map.entry("backend", Map.of("/data", "backend-data")),
                // the postgres image's VOLUME (its PGDATA)
                Map.entry("postgres", Map.of("/var/lib/postgresql/data", "pgdata")));
        // each image VOLUME of the Dockerfiles is one of the service's named mounts
        assertThat(Files.readString(ROOT.resolve("backend/Dockerfile")).lines().filter(l -> l.startsWith("VOLUME")))
                .containsExactly("VOLUME /data");
        for (String agent : List.of("agent", "agent-gpu")) {
            Map<String, Object> env = (Map<String, Object>) service(compose, agent).get("environment");
            assertThat(env).as("the cache holds the agent ids too (AgentId's slots)").containsEntry("EASGD_CACHE_DIR", "/cache")
                    .doesNotContainKey("EASGD_AGENT_ID_FILE");
        }
    }

    /** Docker's .dockerignore matching (no `!` exceptions): a path is excluded when it or a parent folder matches. */
    private static boolean ignored(List<String> patterns, String path) {
        for (String p : patterns) {
            StringBuilder re = new StringBuilder();
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c == '*' && i + 1 < p.length() && p.charAt(i + 1) == '*') {
                    boolean slash = i + 2 < p.length() && p.charAt(i + 2) == '/';
                    re.append(slash ? "(.*/)?" : ".*");
                    i += slash ? 2 : 1;
                } else if (c == '*') {
                    re.append("[^/]*");
                } else if (c == '?') {
                    re.append("[^/]");
                } else {
                    re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
                }
            }
            java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(re.toString());
            for (String prefix = path; !prefix.isEmpty(); prefix = prefix.contains("/") ? prefix.substring(0, prefix.lastIndexOf('/')) : "") {
                if (pattern.matcher(prefix).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void theBuildContextHoldsSourcesAndNoBuildOutputDataOrTokens() throws IOException {
        assertThat(ROOT.resolve(".dockerignore")).as("without it `COPY . .` sends target/ and node_modules/").isRegularFile();
        List<String> patterns = Files.readAllLines(ROOT.resolve(".dockerignore")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(patterns).as("no exceptions: the matcher below does not do them").noneMatch(p -> p.startsWith("!"));
        assertThat(patterns).as("docker-py (Compose 1.29) and the engine read a trailing / differently")
                .noneMatch(p -> p.endsWith("/"));
        assertThat(List.of(
                "backend/target/easgd-backend.jar",           // a stale jar must not reach the build stage
                "worker-agent/target/lib/nd4j-native-1.0.0-M2.1.jar",
                "core/target/classes/io/easgd/core/Spec.class",
                "target/x",
                "frontend/node_modules/vite/package.json",
                "frontend/target/classes/static/index.html",  // the UI bundle
                "frontend/target/node/node",
                "frontend/test-results/x.png",
                "easgd-data/pg/PG_VERSION",
                "backend/easgd-data/pg/PG_VERSION",
                ".git/HEAD", ".git",
                ".env",                                      // may hold tokens
                "docs/screenshots/submit.png"))
                .allMatch(path -> ignored(patterns, path), "excluded");
        List<String> sources = new java.util.ArrayList<>(List.of(
                "pom.xml", ".mvn/maven.config",              // -Djavacpp.platform: the natives of one platform
                "frontend/package.json", "frontend/package-lock.json", "frontend/index.html", "frontend/vite.config.ts",
                "frontend/tsconfig.json", "frontend/src/main.tsx"));
        for (String module : List.of("core", "worker-agent", "frontend", "backend")) {
            sources.add(module + "/pom.xml");
        }
        try (var files = Files.walk(ROOT.resolve("core/src/main"))) {
            files.filter(Files::isRegularFile).map(f -> ROOT.relativize(f).toString().replace('\\', '/')).forEach(sources::add);
        }
        assertThat(sources).hasSizeGreaterThan(20).noneMatch(path -> ignored(patterns, path));
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
