package io.easgd.backend.scaleout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * KEDA's two CRDs as deploy/kubernetes uses them (keda.sh/v1alpha1), written down from KEDA 2.x's API
 * types ({@code apis/keda/v1alpha1/scaledobject_types.go}, {@code scaletriggers_types.go},
 * {@code triggerauthentication_types.go}) and its PostgreSQL scaler ({@code pkg/scalers/postgresql_scaler.go}):
 * the JSON field names, which are required, and their types. fabric8 does not model KEDA; this does,
 * so a misspelt field fails a test instead of being dropped by the API server.
 *
 * <p>A schema is a type name ({@code string}, {@code int}, {@code bool}, {@code object} for anything,
 * {@code map<string,string>}), a {@link Set} of allowed strings, a one-element {@link List} (an array
 * of that), or a {@link Map} of field to schema, a name ending in {@code !} being required.
 */
final class KedaSchema {
    static final String API_VERSION = "keda.sh/v1alpha1";

    private static final Map<String, Object> METADATA = Map.of("name!", "string", "namespace", "string",
            "labels", "map<string,string>", "annotations", "map<string,string>");

    static final Map<String, Object> SCALED_OBJECT = Map.of(
            "apiVersion!", Set.of(API_VERSION), "kind!", Set.of("ScaledObject"), "metadata!", METADATA,
            "spec!", Map.of(
                    "scaleTargetRef!", Map.of("name!", "string", "apiVersion", "string", "kind", "string",
                            "envSourceContainerName", "string"),
                    "pollingInterval", "int", "initialCooldownPeriod", "int", "cooldownPeriod", "int",
                    "idleReplicaCount", "int", "minReplicaCount", "int", "maxReplicaCount", "int",
                    "advanced", Map.of(
                            // behavior is autoscaling/v2's HorizontalPodAutoscalerBehavior: checked with fabric8
                            "horizontalPodAutoscalerConfig", Map.of("name", "string", "behavior", "object"),
                            "restoreToOriginalReplicaCount", "bool",
                            "scalingModifiers", Map.of("formula", "string", "target", "string",
                                    "activationTarget", "string", "metricType", Set.of("AverageValue", "Value"))),
                    "triggers!", List.of(Map.of(
                            "type!", "string", "name", "string", "useCachedMetrics", "bool",
                            "metadata!", "map<string,string>",
                            "authenticationRef", Map.of("name!", "string",
                                    "kind", Set.of("TriggerAuthentication", "ClusterTriggerAuthentication")),
                            "metricType", Set.of("AverageValue", "Value", "Utilization"))),
                    "fallback", Map.of("failureThreshold!", "int", "replicas!", "int",
                            "behavior", Set.of("static", "currentReplicas", "currentReplicasIfHigher",
                                    "currentReplicasIfLower"))));

    private static final Map<String, Object> TARGET_REF = Map.of("parameter!", "string", "name!", "string",
            "key!", "string");

    static final Map<String, Object> TRIGGER_AUTHENTICATION = Map.of(
            "apiVersion!", Set.of(API_VERSION), "kind!", Set.of("TriggerAuthentication"), "metadata!", METADATA,
            "spec!", Map.of(
                    "podIdentity", Map.of("provider!", Set.of("azure-workload", "gcp", "aws", "aws-eks", "none"),
                            "identityId", "string", "identityTenantId", "string", "identityAuthorityHost", "string",
                            "roleArn", "string", "identityOwner", Set.of("keda", "workload")),
                    "secretTargetRef", List.of(TARGET_REF),
                    "configMapTargetRef", List.of(TARGET_REF),
                    "env", List.of(Map.of("parameter!", "string", "name!", "string", "containerName", "string")),
                    "hashiCorpVault", "object", "azureKeyVault", "object", "gcpSecretManager", "object",
                    "awsSecretManager", "object"));

    /**
     * The PostgreSQL scaler's trigger metadata: {@code query} and a target are read from the
     * ScaledObject; the connection fields from the TriggerAuthentication or the metadata; password and
     * connection never as plain metadata (only {@code …FromEnv} there, or via TriggerAuthentication).
     */
    static final Set<String> POSTGRESQL_METADATA = Set.of("query", "targetQueryValue", "activationTargetQueryValue",
            "connectionFromEnv", "passwordFromEnv", "host", "port", "userName", "dbName", "sslmode");
    /** What the scaler needs when no {@code connection} string is given (its {@code Validate}). */
    static final Set<String> POSTGRESQL_CONNECTION = Set.of("host", "port", "userName", "dbName", "sslmode", "password");
    /** The parameters a TriggerAuthentication may give the PostgreSQL scaler ({@code order=authParams}). */
    static final Set<String> POSTGRESQL_AUTH_PARAMS = Set.of("connection", "host", "port", "userName", "dbName",
            "sslmode", "password");

    private KedaSchema() {
    }

    /** Every way {@code value} breaks {@code schema}, each with its path; empty when it fits. */
    static List<String> check(Object schema, Object value) {
        List<String> errors = new ArrayList<>();
        check(schema, value, "", errors);
        return errors;
    }

    @SuppressWarnings("unchecked")
    private static void check(Object schema, Object value, String path, List<String> errors) {
        if (schema instanceof Map<?, ?> fields) {
            if (!(value instanceof Map<?, ?> object)) {
                errors.add(path + ": expected an object, found " + describe(value));
                return;
            }
            for (Map.Entry<?, ?> f : fields.entrySet()) {
                String name = (String) f.getKey();
                if (name.endsWith("!") && !object.containsKey(name.substring(0, name.length() - 1))) {
                    errors.add(path + "." + name.substring(0, name.length() - 1) + ": required");
                }
            }
            for (Map.Entry<?, ?> e : object.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object sub = fields.containsKey(key) ? fields.get(key) : fields.get(key + "!");
                if (sub == null) {
                    errors.add(path + "." + key + ": unknown field");
                } else {
                    check(sub, e.getValue(), path + "." + key, errors);
                }
            }
        } else if (schema instanceof List<?> items) {
            if (!(value instanceof List<?> list)) {
                errors.add(path + ": expected an array, found " + describe(value));
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                check(items.get(0), list.get(i), path + "[" + i + "]", errors);
            }
        } else if (schema instanceof Set<?> allowed) {
            if (!allowed.contains(value)) {
                errors.add(path + ": must be one of " + allowed + ", found " + describe(value));
            }
        } else {
            boolean ok = switch ((String) schema) {
                case "string" -> value instanceof String;
                case "int" -> value instanceof Integer || value instanceof Long;
                case "bool" -> value instanceof Boolean;
                case "object" -> value instanceof Map;
                case "map<string,string>" -> value instanceof Map<?, ?> m
                        && m.values().stream().allMatch(v -> v instanceof String);
                default -> throw new IllegalArgumentException("schema type " + schema);
            };
            if (!ok) {
                errors.add(path + ": expected " + schema + ", found " + describe(value));
            }
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }
}
