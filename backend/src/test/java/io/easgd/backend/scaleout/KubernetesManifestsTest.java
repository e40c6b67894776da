package io.easgd.backend.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/kubernetes cannot be applied here (no cluster), so it is checked: each way of building it
 * (the default, without the in-cluster PostgreSQL, with GPU agents, with the Ingress, all together)
 * yields resources that the fabric8 Kubernetes model reads with <b>no unknown field</b> (KEDA's CRDs
 * against {@link KedaSchema}), that refer to each other consistently (Services select their pods and
 * name their ports, env vars name existing Secret keys, scalers name their targets) and that run the
 * images the Dockerfiles build. The scaler's query runs against PostgreSQL in {@link KedaScalerQueryIT}.
 */
class KubernetesManifestsTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DIR = ROOT.resolve("deploy/kubernetes");
    private static final String NAMESPACE = "easgd";
    private static final Pattern VAR_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private final KubernetesSerialization k8s = new KubernetesSerialization();

    static Stream<List<String>> variants() {
        return Stream.of(
                Kustomize.components(DIR),
                List.of("components/cpu-agents"),
                List.of("components/postgres", "components/gpu-agents"),
                List.of("components/postgres", "components/cpu-agents", "components/ingress"),
                List.of("components/gpu-agents", "components/ingress"));
    }

    /** A build as typed objects: fabric8's classes, GenericKubernetesResource for KEDA's CRDs. */
    private List<HasMetadata> build(List<String> components) {
        List<HasMetadata> out = new ArrayList<>();
        for (Map<String, Object> r : Kustomize.build(DIR, components)) {
            String apiVersion = (String) r.get("apiVersion");
            String kind = (String) r.get("kind");
            if (KedaSchema.API_VERSION.equals(apiVersion)) {
                Object schema = kind.equals("ScaledObject") ? KedaSchema.SCALED_OBJECT
                        : kind.equals("TriggerAuthentication") ? KedaSchema.TRIGGER_AUTHENTICATION : null;
                assertThat(schema).as("a KEDA kind this test knows: " + kind).isNotNull();
                assertThat(KedaSchema.check(schema, r)).as(Kustomize.id(r)).isEmpty();
                out.add(k8s.convertValue(r, GenericKubernetesResource.class));
                continue;
            }
            Class<? extends KubernetesResource> type = k8s.getRegisteredKubernetesResource(apiVersion, kind);
            assertThat(type).as("fabric8 models %s %s", apiVersion, kind).isNotNull()
                    .isNotEqualTo(GenericKubernetesResource.class);
            Object typed = k8s.convertValue(r, type);
            List<String> unknown = new ArrayList<>();
            strict(typed, Kustomize.id(r), unknown);
            assertThat(unknown).as("fields the Kubernetes API does not have").isEmpty();
            out.add((HasMetadata) typed);
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("variants")
    void everyResourceIsReadWithNoUnknownFieldAndRefersOnlyToWhatExists(List<String> components) {
        List<HasMetadata> all = build(components);
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        for (Secret s : of(all, Secret.class)) {
            secrets.put(s.getMetadata().getName(), s.getStringData());
        }
        assertThat(all).filteredOn(r -> !r.getKind().equals("Namespace"))
                .allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).as(r.getKind() + "/" + r.getMetadata().getName())
                        .isEqualTo(NAMESPACE));
        assertThat(of(all, io.fabric8.kubernetes.api.model.Namespace.class)).extracting(n -> n.getMetadata().getName())
                .containsExactly(NAMESPACE);

        Map<String, PodTemplateSpec> workloads = new LinkedHashMap<>();
        for (Deployment d : of(all, Deployment.class)) {
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
            workloads.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate());
        }
        for (StatefulSet s : of(all, StatefulSet.class)) {
            assertThat(s.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(s.getSpec().getSelector().getMatchLabels());
            workloads.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate());
            Service governing = named(of(all, Service.class), s.getSpec().getServiceName());
            assertThat(governing.getSpec().getClusterIP()).as("the serviceName of a StatefulSet is headless")
                    .isEqualTo("None");
            assertThat(selected(governing, workloads)).containsExactly("StatefulSet/" + s.getMetadata().getName());
            Set<String> volumes = new HashSet<>(volumeNames(s.getSpec().getTemplate().getSpec()));
            s.getSpec().getVolumeClaimTemplates().forEach(c -> volumes.add(c.getMetadata().getName()));
            containers(s.getSpec().getTemplate()).forEach(c -> c.getVolumeMounts()
                    .forEach(m -> assertThat(volumes).as(c.getName()).contains(m.getName())));
        }
        for (Deployment d : of(all, Deployment.class)) {
            Set<String> volumes = new HashSet<>(volumeNames(d.getSpec().getTemplate().getSpec()));
            containers(d.getSpec().getTemplate()).forEach(c -> c.getVolumeMounts()
                    .forEach(m -> assertThat(volumes).as(c.getName()).contains(m.getName())));
        }
        for (Service svc : of(all, Service.class)) {
            List<String> targets = selected(svc, workloads);
            assertThat(targets).as("%s selects exactly one workload's pods", svc.getMetadata().getName()).hasSize(1);
            Set<String> portNames = new HashSet<>();
            containers(workloads.get(targets.get(0))).forEach(c -> c.getPorts().forEach(p -> portNames.add(p.getName())));
            svc.getSpec().getPorts().forEach(p -> assertThat(portNames).as(svc.getMetadata().getName())
                    .contains(p.getTargetPort().getStrVal()));
        }
        for (Map.Entry<String, PodTemplateSpec> w : workloads.entrySet()) {
            for (Container c : containers(w.getValue())) {
                Set<String> defined = new HashSet<>();
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        var ref = e.getValueFrom().getSecretKeyRef();
                        assertThat(secrets).as("%s %s", w.getKey(), e.getName()).containsKey(ref.getName());
                        assertThat(secrets.get(ref.getName())).as("%s %s", w.getKey(), e.getName())
                                .containsKey(ref.getKey());
                    }
                    if (e.getValue() != null) {
                        Matcher m = VAR_REF.matcher(e.getValue());
                        while (m.find()) {
                            assertThat(defined).as("%s: %s uses $(%s) before it is defined", w.getKey(), e.getName(),
                                    m.group(1)).contains(m.group(1));
                        }
                    }
                    assertThat(defined.add(e.getName())).as("%s defines %s twice", w.getKey(), e.getName()).isTrue();
                }
            }
        }
        for (Ingress ing : of(all, Ingress.class)) {
            ing.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(p -> {
                Service svc = named(of(all, Service.class), p.getBackend().getService().getName());
                assertThat(svc.getSpec().getPorts()).extracting(sp -> sp.getName())
                        .contains(p.getBackend().getService().getPort().getName());
            }));
        }

        List<GenericKubernetesResource> scaled = keda(all, "ScaledObject");
        Set<String> auths = new HashSet<>();
        for (GenericKubernetesResource auth : keda(all, "TriggerAuthentication")) {
            auths.add(auth.getMetadata().getName());
            for (Map<String, Object> ref : this.<List<Map<String, Object>>>at(auth, "spec", "secretTargetRef")) {
                assertThat(secrets).containsKey((String) ref.get("name"));
                assertThat(secrets.get((String) ref.get("name"))).containsKey((String) ref.get("key"));
            }
        }
        for (GenericKubernetesResource so : scaled) {
            Deployment target = named(of(all, Deployment.class), at(so, "spec", "scaleTargetRef", "name"));
            assertThat(target.getSpec().getReplicas()).as("KEDA sets the replicas; 0 until it does").isZero();
            Map<String, Object> behavior = at(so, "spec", "advanced", "horizontalPodAutoscalerConfig", "behavior");
            List<String> unknown = new ArrayList<>();
            strict(k8s.convertValue(behavior, HorizontalPodAutoscalerBehavior.class), "behavior", unknown);
            assertThat(unknown).isEmpty();
            for (Map<String, Object> trigger : this.<List<Map<String, Object>>>at(so, "spec", "triggers")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> auth = (Map<String, Object>) trigger.get("authenticationRef");
                assertThat(auths).contains((String) auth.get("name"));
            }
        }
        assertThat(of(all, Deployment.class)).as("every Deployment at 0 replicas has a scaler")
                .filteredOn(d -> d.getSpec().getReplicas() == 0)
                .allSatisfy(d -> assertThat(scaled).extracting(so -> (String) at(so, "spec", "scaleTargetRef", "name"))
                        .contains(d.getMetadata().getName()));
    }

    @Test
    void theDefaultIsPostgresTwoBackendReplicasAndCpuAgentsScaledByKeda() {
        List<HasMetadata> all = build(Kustomize.components(DIR));
        assertThat(all).extracting(r -> r.getKind() + "/" + r.getMetadata().getName()).containsExactlyInAnyOrder(
                "Namespace/easgd", "Secret/easgd-tokens", "Secret/easgd-db",
                "Service/easgd-postgres", "StatefulSet/easgd-postgres",
                "Service/easgd-backend", "Service/easgd-backend-pods", "StatefulSet/easgd-backend",
                "TriggerAuthentication/easgd-postgres",
                "Deployment/easgd-agent", "ScaledObject/easgd-agent");
        assertThat(named(of(all, StatefulSet.class), "easgd-backend").getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        // KEDA runs in its own namespace: the database host must be the Service's full name
        Map<String, String> db = named(of(all, Secret.class), "easgd-db").getStringData();
        assertThat(db.get("DB_HOST")).isEqualTo("easgd-postgres." + NAMESPACE + ".svc.cluster.local");
        assertThat(db.get("DB_PORT")).isEqualTo("5432");
        Container pg = containers(named(of(all, StatefulSet.class), "easgd-postgres").getSpec().getTemplate()).get(0);
        assertThat(pg.getPorts().get(0).getContainerPort()).isEqualTo(5432);
    }

    @Test
    void theBackendIsProbedOnActuatorHealthAndReadsEverySettingFromSecretsOrPlainValues() {
        StatefulSet backend = named(of(build(Kustomize.components(DIR)), StatefulSet.class), "easgd-backend");
        Container c = containers(backend.getSpec().getTemplate()).get(0);
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        Map<String, EnvVar> env = env(c);
        assertThat(env.get("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED").getValue()).isEqualTo("true");
        assertThat(env.get("EASGD_INSTANCE_ID").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(env.get("EASGD_API_TOKEN").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("API_TOKEN");
        assertThat(env.get("EASGD_AGENT_TOKEN").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("AGENT_TOKEN");
        assertThat(env.get("SPRING_DATASOURCE_URL").getValue())
                .isEqualTo("jdbc:postgresql://$(DB_HOST):$(DB_PORT)/$(DB_NAME)?sslmode=$(DB_SSLMODE)");
        assertThat(env.get("SPRING_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("DB_PASSWORD");
        assertThat(env.get("EASGD_AGENTS_LOCAL").getValue()).isEqualTo("0");
        // protocol 2's data channel: the container's port, both Services', and the pod's own address in the
        // welcome (the Service's ClientIP affinity holds per port, so the channel goes to the pod itself)
        assertThat(c.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("data");
            assertThat(p.getContainerPort()).isEqualTo(7071);
        });
        assertThat(env.get("EASGD_DATA_ADVERTISED_HOST").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        for (String service : List.of("easgd-backend", "easgd-backend-pods")) {
            assertThat(named(of(build(Kustomize.components(DIR)), Service.class), service).getSpec().getPorts())
                    .anySatisfy(p -> {
                        assertThat(p.getName()).isEqualTo("data");
                        assertThat(p.getPort()).isEqualTo(7071);
                        assertThat(p.getTargetPort().getStrVal()).isEqualTo("data");
                    });
        }
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKey("memory");
        // every variable the backend reads as a setting is one it has (README's configuration table)
        String readme = read(ROOT.resolve("README.md"));
        env.keySet().stream().filter(n -> n.startsWith("EASGD_") || n.equals("SPRING_DATASOURCE_URL"))
                .forEach(n -> assertThat(readme).as("README documents " + n).contains("`" + n));
    }

    @Test
    void theImagesAreTheOnesTheDockerfilesBuildWithTheirPortsAndVolumes() throws IOException {
        List<HasMetadata> cpu = build(Kustomize.components(DIR));
        List<HasMetadata> gpu = build(List.of("components/postgres", "components/gpu-agents"));
        String backendDockerfile = read(ROOT.resolve("backend/Dockerfile"));
        String agentDockerfile = read(ROOT.resolve("worker-agent/Dockerfile"));
        String version = Pattern.compile("<version>([^<]+)</version>").matcher(read(ROOT.resolve("pom.xml"))).results()
                .findFirst().orElseThrow().group(1).replace("-SNAPSHOT", "");

        Container backend = containers(named(of(cpu, StatefulSet.class), "easgd-backend").getSpec().getTemplate()).get(0);
        assertThat(backend.getImage()).isEqualTo("easgd-backend:" + version);
        assertThat(backend.getCommand()).as("the Dockerfile's ENTRYPOINT runs").isEmpty();
        assertThat(backendDockerfile).contains("EXPOSE " + backend.getPorts().get(0).getContainerPort() + " "
                + backend.getPorts().get(1).getContainerPort());
        String dataDir = env(backend).get("EASGD_DATA_DIR").getValue();
        assertThat(backendDockerfile).contains("VOLUME " + dataDir);
        assertThat(backend.getVolumeMounts()).extracting(m -> m.getMountPath()).contains(dataDir);

        Container agent = containers(named(of(cpu, Deployment.class), "easgd-agent").getSpec().getTemplate()).get(0);
        Container gpuAgent = containers(named(of(gpu, Deployment.class), "easgd-agent-gpu").getSpec().getTemplate()).get(0);
        assertThat(agent.getImage()).isEqualTo("easgd-worker-agent:" + version);
        assertThat(gpuAgent.getImage()).isEqualTo("easgd-worker-agent:" + version + "-cuda");
        for (Container a : List.of(agent, gpuAgent)) {
            assertThat(a.getCommand()).isEmpty();
            Map<String, EnvVar> env = env(a);
            assertThat(env.get("EASGD_SERVER").getValue()).isEqualTo("ws://easgd-backend:"
                    + named(of(cpu, Service.class), "easgd-backend").getSpec().getPorts().get(0).getPort());
            String cache = env.get("EASGD_CACHE_DIR").getValue();
            // the image declares no VOLUME (an anonymous volume per container under compose); the pod mounts one
            assertThat(agentDockerfile).contains("EASGD_CACHE_DIR=" + cache).doesNotContain("VOLUME ");
            assertThat(a.getVolumeMounts()).extracting(m -> m.getMountPath()).contains(cache);
            // the liveness probe checks the file the agent touches while connected
            String healthFile = env.get("EASGD_HEALTH_FILE").getValue();
            assertThat(String.join(" ", a.getLivenessProbe().getExec().getCommand())).contains("find " + healthFile + " ");
        }

        // PostgreSQL: the image docker-compose.yml runs
        Map<String, Object> compose = new Yaml().load(read(ROOT.resolve("docker-compose.yml")));
        @SuppressWarnings("unchecked")
        Map<String, Object> pgService = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("postgres");
        Container pg = containers(named(of(cpu, StatefulSet.class), "easgd-postgres").getSpec().getTemplate()).get(0);
        assertThat(pg.getImage()).isEqualTo(pgService.get("image"));
    }

    @Test
    void theGpuAgentsAskForOneGpuOnNodesThatHaveOne() {
        Deployment d = named(of(build(List.of("components/postgres", "components/gpu-agents")), Deployment.class),
                "easgd-agent-gpu");
        Container c = containers(d.getSpec().getTemplate()).get(0);
        assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(d.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(d.getSpec().getTemplate().getSpec().getTolerations()).extracting(t -> t.getKey())
                .contains("nvidia.com/gpu");
    }

    @Test
    void theScalersAskForEveryQueuedAndRunningWorkerPlusHeadroomForEachBackendReplica() {
        List<HasMetadata> cpu = build(Kustomize.components(DIR));
        List<HasMetadata> gpu = build(List.of("components/postgres", "components/gpu-agents"));
        Map<String, Object> cpuTrigger = trigger(keda(cpu, "ScaledObject").get(0));
        Map<String, Object> gpuTrigger = trigger(keda(gpu, "ScaledObject").get(0));
        assertThat(cpuTrigger.get("type")).isEqualTo("postgresql");
        @SuppressWarnings("unchecked")
        Map<String, String> metadata = (Map<String, String>) cpuTrigger.get("metadata");
        assertThat(KedaSchema.POSTGRESQL_METADATA).containsAll(metadata.keySet());
        assertThat(metadata).containsEntry("targetQueryValue", "1").containsEntry("activationTargetQueryValue", "0");
        assertThat(gpuTrigger.get("metadata")).as("the GPU agents scale on the same query").isEqualTo(metadata);

        // the connection: every field the scaler needs, from the TriggerAuthentication or the metadata
        Set<String> given = new HashSet<>(metadata.keySet());
        GenericKubernetesResource auth = keda(cpu, "TriggerAuthentication").get(0);
        for (Map<String, Object> ref : this.<List<Map<String, Object>>>at(auth, "spec", "secretTargetRef")) {
            assertThat(KedaSchema.POSTGRESQL_AUTH_PARAMS).contains((String) ref.get("parameter"));
            given.add((String) ref.get("parameter"));
        }
        assertThat(given).containsAll(KedaSchema.POSTGRESQL_CONNECTION);

        // the headroom factor is the number of backend replicas minus one
        int replicas = named(of(cpu, StatefulSet.class), "easgd-backend").getSpec().getReplicas();
        Matcher factor = Pattern.compile("\\+ \\((\\d+) - 1\\) \\*").matcher(metadata.get("query"));
        assertThat(factor.find()).as(metadata.get("query")).isTrue();
        assertThat(Integer.parseInt(factor.group(1))).as("backend replicas in the query").isEqualTo(replicas);
    }

    @Test
    void theSecretsAreCreatedFromFilesThatGitIgnores() {
        assertThat(read(DIR.resolve(".gitignore")).lines()).contains("/tokens.env", "/db.env");
        assertThat(DIR.resolve("tokens.env.example")).exists();
        assertThat(DIR.resolve("db.env.example")).exists();
    }

    @Test
    void theCheckItselfFindsAMisspeltFieldDeepInAResourceAndInKedasCrds() {
        Map<String, Object> deployment = new Yaml().load("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i
                          resources: {limits: {memory: 1Gi}}
                          livenessProbe: {exec: {command: [true]}, periodSecond: 5}
                """);
        List<String> unknown = new ArrayList<>();
        strict(k8s.convertValue(deployment, Deployment.class), "Deployment/d", unknown);
        assertThat(unknown).containsExactly("Deployment/d.spec.template.spec.containers[0].livenessProbe: [periodSecond]");

        Map<String, Object> scaledObject = new Yaml().load("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: s}
                spec:
                  scaleTargetRef: {name: d}
                  minReplicas: 0
                  triggers: [{type: postgresql, metadata: {targetQueryValue: 1}}]
                """);
        assertThat(KedaSchema.check(KedaSchema.SCALED_OBJECT, scaledObject)).containsExactlyInAnyOrder(
                ".spec.minReplicas: unknown field",
                ".spec.triggers[0].metadata: expected map<string,string>, found LinkedHashMap {targetQueryValue=1}");
    }

    /** The KEDA trigger's query, for {@link KedaScalerQueryIT}. */
    @SuppressWarnings("unchecked")
    static String scalerQuery() {
        for (Map<String, Object> r : Kustomize.build(DIR, Kustomize.components(DIR))) {
            if ("ScaledObject".equals(r.get("kind"))) {
                Map<String, Object> spec = (Map<String, Object>) r.get("spec");
                Map<String, Object> trigger = ((List<Map<String, Object>>) spec.get("triggers")).get(0);
                return ((Map<String, String>) trigger.get("metadata")).get("query");
            }
        }
        throw new AssertionError("no ScaledObject in " + DIR);
    }

    // --- helpers ---

    /**
     * Records every field fabric8 kept aside as unknown: its model classes put what they do not know
     * into {@code additionalProperties} instead of failing, so the whole object tree is walked.
     */
    private static void strict(Object o, String path, List<String> unknown) {
        if (o == null) {
            return;
        }
        if (o instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                strict(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> strict(v, path + "." + k, unknown));
            return;
        }
        if (!o.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            String name = m.getName();
            boolean extra = name.equals("getAdditionalProperties");      // @JsonAnyGetter, and @JsonIgnore too
            if (m.getParameterCount() != 0 || m.isDefault() || m.getDeclaringClass() == Object.class
                    || !name.startsWith("get") || (!extra && m.isAnnotationPresent(JsonIgnore.class))) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new AssertionError(path + "." + name + ": " + e, e);
            }
            if (extra) {
                if (value instanceof Map<?, ?> fields && !fields.isEmpty()) {
                    unknown.add(path + ": " + fields.keySet());
                }
            } else {
                strict(value, path + "." + Character.toLowerCase(name.charAt(3)) + name.substring(4), unknown);
            }
        }
    }

    private static <T> List<T> of(List<HasMetadata> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T named(List<T> items, String name) {
        return items.stream().filter(i -> i.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " among " + items.stream()
                        .map(i -> i.getMetadata().getName()).toList()));
    }

    private static List<GenericKubernetesResource> keda(List<HasMetadata> all, String kind) {
        return of(all, GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).toList();
    }

    @SuppressWarnings("unchecked")
    private <T> T at(GenericKubernetesResource r, String... path) {
        Object o = r.getAdditionalProperties().get(path[0]);
        for (int i = 1; i < path.length; i++) {
            o = ((Map<String, Object>) o).get(path[i]);
        }
        return (T) Objects.requireNonNull(o, String.join(".", path));
    }

    private Map<String, Object> trigger(GenericKubernetesResource so) {
        return this.<List<Map<String, Object>>>at(so, "spec", "triggers").get(0);
    }

    private static List<String> selected(Service svc, Map<String, PodTemplateSpec> workloads) {
        Map<String, String> selector = svc.getSpec().getSelector();
        return workloads.entrySet().stream()
                .filter(w -> w.getValue().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .map(Map.Entry::getKey).toList();
    }

    private static List<Container> containers(PodTemplateSpec t) {
        return t.getSpec().getContainers();
    }

    private static List<String> volumeNames(PodSpec spec) {
        return spec.getVolumes().stream().map(v -> v.getName()).toList();
    }

    private static Map<String, EnvVar> env(Container c) {
        Map<String, EnvVar> out = new LinkedHashMap<>();
        c.getEnv().forEach(e -> out.put(e.getName(), e));
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
