package io.easgd.backend.scaleout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * The part of {@code kustomize build} that deploy/kubernetes uses, so a test can check what
 * {@code kubectl apply -k} would send without kustomize on the build machines: resources (files and
 * kustomization directories), components, secretGenerator from env files ({@code tokens.env} read as
 * {@code tokens.env.example} when absent) and {@code namespace}. A kustomization using anything else
 * fails here, so the test never passes over a field it does not understand.
 */
final class Kustomize {
    private static final Set<String> KUSTOMIZATION_KEYS = Set.of("apiVersion", "kind", "namespace", "resources",
            "secretGenerator", "generatorOptions", "components");
    /** Kinds without a namespace. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "ClusterTriggerAuthentication", "StorageClass", "PersistentVolume", "CustomResourceDefinition");

    private Kustomize() {
    }

    /** The resources of the kustomization in {@code dir}, its components replaced by {@code components}. */
    static List<Map<String, Object>> build(Path dir, List<String> components) {
        Map<String, Object> k = kustomization(dir);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String r : strings(k, "resources")) {
            out.addAll(resource(dir.resolve(r)));
        }
        out.addAll(secrets(dir, k));
        for (String c : components) {
            Path cdir = dir.resolve(c);
            Map<String, Object> ck = kustomization(cdir);
            require(ck.get("kind").equals("Component"), cdir + " is not a Component");
            for (String r : strings(ck, "resources")) {
                out.addAll(resource(cdir.resolve(r)));
            }
            out.addAll(secrets(cdir, ck));
        }
        Object ns = k.get("namespace");
        if (ns != null) {
            for (Map<String, Object> r : out) {
                if (!CLUSTER_SCOPED.contains((String) r.get("kind"))) {
                    metadata(r).put("namespace", ns);
                }
            }
        }
        List<String> ids = out.stream().map(Kustomize::id).toList();
        require(ids.size() == Set.copyOf(ids).size(), "a resource is defined twice: " + ids);
        return out;
    }

    /** The components the kustomization in {@code dir} lists. */
    static List<String> components(Path dir) {
        return strings(kustomization(dir), "components");
    }

    static String id(Map<String, Object> resource) {
        return resource.get("kind") + "/" + metadata(resource).get("name");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metadata(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("metadata");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kustomization(Path dir) {
        Map<String, Object> k = new Yaml().load(read(dir.resolve("kustomization.yaml")));
        require(KUSTOMIZATION_KEYS.containsAll(k.keySet()), dir + "/kustomization.yaml uses fields this test does not "
                + "model: " + k.keySet());
        return k;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> resource(Path path) {
        if (Files.isDirectory(path)) {
            return build(path, components(path));
        }
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(read(path))) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> secrets(Path dir, Map<String, Object> k) {
        List<Map<String, Object>> out = new ArrayList<>();
        Object options = k.get("generatorOptions");
        if (k.get("secretGenerator") != null) {
            require(options instanceof Map<?, ?> o && Boolean.TRUE.equals(o.get("disableNameSuffixHash")),
                    "names with a hash suffix would not reach the KEDA TriggerAuthentication");
        }
        for (Map<String, Object> g : (List<Map<String, Object>>) k.getOrDefault("secretGenerator", List.of())) {
            require(Set.of("name", "envs").containsAll(g.keySet()), "secretGenerator fields " + g.keySet());
            Map<String, Object> data = new LinkedHashMap<>();
            for (String env : (List<String>) g.get("envs")) {
                Path file = dir.resolve(env);
                if (!Files.exists(file)) {
                    file = dir.resolve(env + ".example");
                }
                for (String line : read(file).split("\n")) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    int eq = line.indexOf('=');
                    require(eq > 0, file + ": not KEY=VALUE: " + line);
                    data.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("name", g.get("name"));
            Map<String, Object> secret = new LinkedHashMap<>();
            secret.put("apiVersion", "v1");
            secret.put("kind", "Secret");
            secret.put("metadata", meta);
            secret.put("type", "Opaque");
            secret.put("stringData", data);
            out.add(secret);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> k, String key) {
        return (List<String>) k.getOrDefault(key, List.of());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
