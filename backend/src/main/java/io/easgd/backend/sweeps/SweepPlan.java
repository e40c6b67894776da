package io.easgd.backend.sweeps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.core.search.SearchRange;
import io.easgd.core.search.UnitSamples;
import io.easgd.core.spec.Algorithm;
import io.easgd.core.spec.FieldError;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.spec.Json;
import io.easgd.core.spec.SpecValidationException;
import io.easgd.core.spec.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A sweep's runs: the Cartesian product of the grid's axes over {@code base} (first axis outermost),
 * then each {@code extra} spec once per grid seed. Every run's spec is validated as
 * {@code POST /jobs} would; errors name the request's field ({@code grid.tau[2]}, {@code base.eta},
 * {@code extra[0].workers}) and, when only the combination is wrong, the run's parameters.
 */
public final class SweepPlan {
    public static final int MAX_RUNS = 200;
    private static final int MAX_ERRORS = 20;

    /** One run to create: the job's name, its label in the sweep, the values that made it, its spec. */
    public record Run(String jobName, String label, Map<String, Object> params, JobSpec spec) {
    }

    private SweepPlan() {
    }

    /** How many runs the request expands to, without building them. */
    public static long size(SweepRequest r) {
        long extra = 0;
        for (ObjectNode x : r.extra()) {
            extra += seeds(r, x).size();
        }
        return gridSize(r) + extra;
    }

    private static long gridSize(SweepRequest r) {
        if (r.sample() != null) {
            return r.sample().runs();
        }
        long grid = 1;
        for (List<JsonNode> values : r.grid().values()) {
            grid = Math.min(Long.MAX_VALUE / 1024, grid * values.size());
        }
        return grid;
    }

    public static String name(SweepRequest r) {
        return r.name() != null ? r.name() : r.preset() != null ? r.preset() : "sweep";
    }

    public static List<Run> expand(SweepRequest r) {
        long size = size(r);
        if (size > MAX_RUNS) {
            throw new SpecValidationException("grid", "expands to " + size + " runs (grid and extra), at most "
                    + MAX_RUNS + " are allowed in one sweep");
        }
        Errors errors = new Errors();
        checkValuesAlone(r, errors);
        errors.throwIfAny();
        List<Run> runs = new ArrayList<>();
        List<String> keys = new ArrayList<>(r.grid().keySet());
        int[] index = new int[keys.size()];
        if (r.sample() != null) {
            sampled(r, runs, errors);
        }
        for (long n = 0; r.sample() == null && n < gridSize(r); n++) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            Map<String, String> origin = new LinkedHashMap<>();
            for (int k = 0; k < keys.size(); k++) {
                values.put(keys.get(k), r.grid().get(keys.get(k)).get(index[k]));
                origin.put(keys.get(k), "grid." + keys.get(k) + "[" + index[k] + "]");
            }
            List<String> labelled = keys.stream()
                    .filter(k -> k.equals("algorithm") || r.grid().get(k).size() > 1).toList();
            add(r, runs, values, labelled, origin, "grid", errors);
            for (int k = keys.size() - 1; k >= 0; k--) {      // odometer: the last axis turns fastest
                if (++index[k] < r.grid().get(keys.get(k)).size()) {
                    break;
                }
                index[k] = 0;
            }
        }
        for (int j = 0; j < r.extra().size(); j++) {
            ObjectNode x = r.extra().get(j);
            List<JsonNode> seeds = seeds(r, x);
            for (int s = 0; s < seeds.size(); s++) {
                Map<String, JsonNode> values = new LinkedHashMap<>();
                Map<String, String> origin = new LinkedHashMap<>();
                int jj = j;
                x.fields().forEachRemaining(e -> {
                    values.put(e.getKey(), e.getValue());
                    origin.put(e.getKey(), "extra[" + jj + "]." + e.getKey());
                });
                List<String> labelled = new ArrayList<>(values.keySet());
                if (seeds.get(s) != null) {
                    values.put("seed", seeds.get(s));
                    origin.put("seed", "grid.seed[" + s + "]");
                    if (seeds.size() > 1) {
                        labelled.add("seed");
                    }
                }
                add(r, runs, values, labelled, origin, "extra[" + j + "]", errors);
            }
        }
        errors.throwIfAny();
        return runs;
    }

    /**
     * A sampled sweep's runs: {@code sample.runs} points of [0, 1)^d, d the axes in the request's order (the
     * list axes, then the ranges), each axis drawing its value at its coordinate (a list: one of its values).
     * Every axis is in every label, since every run has its own values.
     */
    private static void sampled(SweepRequest r, List<Run> runs, Errors errors) {
        Map<String, SearchRange> axes = new LinkedHashMap<>();
        r.grid().forEach((k, values) -> axes.put(k, new SearchRange.Choice(values)));
        r.ranges().forEach((k, ranged) -> axes.put(k, ranged.range()));
        List<String> keys = new ArrayList<>(axes.keySet());
        double[][] points = UnitSamples.points(r.sample().method(), Math.max(1, keys.size()), r.sample().runs(),
                r.sample().seed());
        for (double[] point : points) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            Map<String, String> origin = new LinkedHashMap<>();
            for (int k = 0; k < keys.size(); k++) {
                String key = keys.get(k);
                values.put(key, Json.MAPPER.valueToTree(axes.get(key).value(point[k])));
                origin.put(key, r.ranges().containsKey(key)
                        ? "grid." + key + "." + r.ranges().get(key).json().fieldNames().next() : "grid." + key);
            }
            add(r, runs, values, keys, origin, "grid", errors);
        }
    }

    /** The grid's seeds an extra spec runs with; one null (no seed added) when the grid has no seed axis or the spec sets its own. */
    private static List<JsonNode> seeds(SweepRequest r, ObjectNode extra) {
        List<JsonNode> seeds = r.grid().get("seed");
        return seeds == null || extra.has("seed") ? java.util.Collections.singletonList(null) : seeds;
    }

    /** Each grid value and extra spec over the base alone: a value bad in itself is reported plainly. */
    private static void checkValuesAlone(SweepRequest r, Errors errors) {
        for (FieldError e : errorsOf(r.base())) {
            if (r.base().has(top(e.field())) && !r.grid().containsKey(top(e.field()))) {
                errors.add("base." + e.field(), e.message());
            }
        }
        r.grid().forEach((key, values) -> {
            for (int i = 0; i < values.size(); i++) {
                ObjectNode spec = over(r.base(), alone(r, key, values.get(i)));
                for (FieldError e : errorsOf(spec)) {
                    if (top(e.field()).equals(key)) {
                        errors.add("grid." + key + "[" + i + "]", e.message());
                    }
                }
            }
        });
        for (int j = 0; j < r.extra().size(); j++) {
            Map<String, JsonNode> x = new LinkedHashMap<>();
            r.extra().get(j).fields().forEachRemaining(e -> x.put(e.getKey(), e.getValue()));
            ObjectNode spec = over(r.base(), x);
            for (FieldError e : errorsOf(spec)) {
                if (r.extra().get(j).has(top(e.field()))) {
                    errors.add("extra[" + j + "]." + e.field(), e.message());
                }
            }
        }
    }

    /**
     * A grid value with what it needs to be checked on its own: ADMM's ρ with algorithm ADMM when the
     * grid's algorithm axis has it (its combinations with the other algorithms are refused per run).
     */
    private static Map<String, JsonNode> alone(SweepRequest r, String key, JsonNode value) {
        List<JsonNode> algorithms = r.grid().get("algorithm");
        if (key.equals("rho") && algorithms != null
                && algorithms.stream().anyMatch(a -> Algorithm.ADMM.name().equals(a.asText()))) {
            return Map.of(key, value, "algorithm", Json.MAPPER.getNodeFactory().textNode(Algorithm.ADMM.name()));
        }
        return Map.of(key, value);
    }

    private static void add(SweepRequest r, List<Run> runs, Map<String, JsonNode> values, List<String> labelled,
                            Map<String, String> origin, String where, Errors errors) {
        ObjectNode spec = over(r.base(), values);
        String label = labelled.stream().map(k -> label(k, values.get(k))).collect(Collectors.joining(" "));
        if (label.isEmpty()) {
            label = "run " + (runs.size() + 1);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        values.forEach((k, v) -> params.put(k, Json.MAPPER.convertValue(v, Object.class)));
        try {
            runs.add(new Run(jobName(name(r), label), label, params, JobSpec.parse(spec.toString())));
        } catch (SpecValidationException e) {
            String run = values.entrySet().stream().map(v -> v.getKey() + "=" + v.getValue().asText())
                    .collect(Collectors.joining(", "));
            for (FieldError fe : e.errors()) {
                String top = top(fe.field());
                if (origin.containsKey(top)) {
                    errors.add(origin.get(top) + fe.field().substring(top.length()),
                            fe.message() + " (in the run " + run + ")");
                } else if (r.base().has(top)) {
                    errors.add("base." + fe.field(), fe.message() + " (in the run " + run + ")");
                } else {
                    errors.add(where, fe.field() + " " + fe.message() + " (in the run " + run + ")");
                }
            }
        }
    }

    /**
     * The base with the run's values set; a varied α replaces the base's β and the other way round, as in a clone.
     * A simulated base ({@code simulate} an object) carries into every run, and a run's {@code workers} is then
     * also its virtual cluster's ({@code simulate.workers}): a workers axis varies the simulated p.
     */
    private static ObjectNode over(ObjectNode base, Map<String, JsonNode> values) {
        ObjectNode spec = base.deepCopy();
        if (values.containsKey("alpha")) {
            spec.remove("beta");
        } else if (values.containsKey("beta")) {
            spec.remove("alpha");
        }
        values.forEach(spec::set);
        JsonNode workers = values.get("workers");
        if (workers != null && workers.isIntegralNumber() && spec.get("simulate") instanceof ObjectNode sim
                && !values.containsKey("simulate")) {
            ObjectNode carried = sim.deepCopy();
            carried.set("workers", workers);
            spec.set("simulate", carried);
        }
        return spec;
    }

    private static List<FieldError> errorsOf(ObjectNode spec) {
        try {
            JobSpec.parse(spec.toString());
            return List.of();
        } catch (SpecValidationException e) {
            return e.errors();
        }
    }

    private static String top(String field) {
        int cut = field.length();
        for (char c : new char[] {'.', '['}) {
            int i = field.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return field.substring(0, cut);
    }

    static String label(String key, JsonNode value) {
        String v = value.asText();
        return switch (key) {
            case "algorithm" -> v;
            case "tau" -> "τ=" + v;
            case "eta" -> "η=" + v;
            case "workers" -> "p=" + v;
            case "alpha" -> "α=" + v;
            case "beta" -> "β=" + v;
            case "delta" -> "δ=" + v;
            case "rho" -> "ρ=" + v;
            default -> key + "=" + v;
        };
    }

    /** "{sweep name} {label}", the sweep's name shortened so that the whole fits {@link Text#NAME_MAX}. */
    static String jobName(String sweep, String label) {
        int keep = Math.max(0, Text.NAME_MAX - label.codePointCount(0, label.length()) - 1);
        if (sweep.codePointCount(0, sweep.length()) > keep) {
            sweep = sweep.substring(0, sweep.offsetByCodePoints(0, keep)).strip();
        }
        String name = (sweep + " " + label).strip();
        return name.codePointCount(0, name.length()) > Text.NAME_MAX
                ? name.substring(0, name.offsetByCodePoints(0, Text.NAME_MAX)) : name;
    }

    /** Field errors, each field once (its first message), at most {@value #MAX_ERRORS}. */
    private static final class Errors {
        private final Map<String, String> byField = new LinkedHashMap<>();

        void add(String field, String message) {
            if (byField.size() < MAX_ERRORS) {
                byField.putIfAbsent(field, message);
            }
        }

        void throwIfAny() {
            if (!byField.isEmpty()) {
                throw new SpecValidationException(byField.entrySet().stream()
                        .map(e -> new FieldError(e.getKey(), e.getValue())).toList());
            }
        }
    }
}
