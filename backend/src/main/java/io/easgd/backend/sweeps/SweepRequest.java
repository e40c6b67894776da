package io.easgd.backend.sweeps;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.core.search.SearchRange;
import io.easgd.core.search.SearchSpec;
import io.easgd.core.spec.FieldError;
import io.easgd.core.spec.Json;
import io.easgd.core.spec.SpecValidationException;
import io.easgd.core.spec.Text;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The body of {@code POST /sweeps}, read and checked for its shape (the job specs it expands to are
 * checked by {@link SweepPlan}). A {@code preset} is merged in first: the request's {@code base} and
 * {@code target} override the preset's key by key, each {@code grid} key replaces that axis,
 * {@code extra}, {@code name} and {@code priority} replace the preset's.
 *
 * @param base job spec fields common to every run
 * @param grid the axes, in the order given: each a job spec field and its non-empty list of values
 * @param ranges the axes given as ranges ({@code {"logUniform": [lo, hi]}}); only with {@code sample}
 * @param extra partial specs run once per grid seed (baselines where the grid makes no sense)
 * @param sample how the runs are drawn instead of the grid's product, or null
 * @param search the early-stopping search over the runs, or null (every run to its end)
 */
public record SweepRequest(String name, int priority, String preset, ObjectNode base,
                           Map<String, List<JsonNode>> grid, Map<String, Ranged> ranges, List<ObjectNode> extra,
                           double targetTestError, SweepSearch.Sample sample, SearchSpec search) {
    /** A grid axis given as a range of a sampled sweep: what it draws from, and the request's JSON of it. */
    public record Ranged(SearchRange range, JsonNode json) {
    }

    public static final double DEFAULT_TARGET = 0.03;
    /** The job spec fields a grid may vary: scalars only. */
    public static final Set<String> GRID_KEYS = Set.of("algorithm", "tau", "eta", "workers", "seed", "alpha", "beta",
            "delta", "averagingRate", "batchSize", "weightDecay", "model", "dataset", "rho", "compression");
    private static final Set<String> FIELDS = Set.of("name", "priority", "preset", "base", "grid", "extra", "target",
            "sample", "search");

    /** Reads a request body; {@code presets} gives a preset's full request by name (null: unknown). */
    public static SweepRequest parse(String body, Function<String, ObjectNode> presets) {
        ObjectNode node = Json.readObject(body);
        List<FieldError> errors = new ArrayList<>();
        String preset = null;
        JsonNode p = node.get("preset");
        if (p != null && !p.isNull()) {
            ObjectNode presetBody = p.isTextual() ? presets.apply(p.asText()) : null;
            if (presetBody == null) {
                throw new SpecValidationException("preset", "must be the name of a preset from GET /api/v1/sweeps/presets, found " + p);
            }
            preset = p.asText();
            node = merge(presetBody, node);
        }
        return read(node, preset, errors);
    }

    /** The preset's request with the user's overrides applied (see the class comment). */
    static ObjectNode merge(ObjectNode preset, ObjectNode overrides) {
        ObjectNode out = preset.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = overrides.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode mine = out.get(key);
            if ((key.equals("base") || key.equals("grid") || key.equals("target"))
                    && mine != null && mine.isObject() && e.getValue().isObject()) {
                if (key.equals("base") && e.getValue().has("alpha")) {
                    ((ObjectNode) mine).remove("beta");       // α given: the preset's β = pα no longer applies
                } else if (key.equals("base") && e.getValue().has("beta")) {
                    ((ObjectNode) mine).remove("alpha");
                }
                ((ObjectNode) mine).setAll((ObjectNode) e.getValue().deepCopy());
            } else if (!key.equals("preset")) {
                out.set(key, e.getValue().deepCopy());
            }
        }
        return out;
    }

    private static SweepRequest read(ObjectNode node, String preset, List<FieldError> errors) {
        node.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                errors.add(new FieldError(f, "is not a sweep field (" + String.join(", ", FIELDS.stream().sorted().toList()) + ")"));
            }
        });
        String name = null;
        JsonNode n = node.get("name");
        if (n != null && !n.isNull()) {
            if (!n.isTextual()) {
                errors.add(new FieldError("name", "must be a string"));
            } else if (Text.check(errors, "name", n.asText(), Text.NAME_MAX) && !n.asText().isBlank()) {
                name = n.asText().strip();
            }
        }
        int priority = 0;
        JsonNode pr = node.get("priority");
        if (pr != null && !pr.isNull()) {
            if (pr.isIntegralNumber() && pr.canConvertToInt()) {
                priority = pr.asInt();
            } else {
                errors.add(new FieldError("priority", "must be an integer" + (pr.isNumber() ? ", found " + pr : "")));
            }
        }
        ObjectNode base = Json.MAPPER.createObjectNode();
        JsonNode b = node.get("base");
        if (b != null && !b.isNull()) {
            if (b.isObject()) {
                base = (ObjectNode) b;
            } else {
                errors.add(new FieldError("base", "must be a JSON object of job spec fields"));
            }
        }
        SweepSearch.Sample sample = SweepSearch.sample(node.get("sample"), errors);
        SearchSpec search = SweepSearch.search(node.get("search"), errors);
        Map<String, Ranged> ranges = new LinkedHashMap<>();
        Map<String, List<JsonNode>> grid = grid(node.get("grid"), node.hasNonNull("sample"), ranges, errors);
        List<ObjectNode> extra = extra(node.get("extra"), errors);
        double target = target(node.get("target"), errors);
        if (search != null && errors.isEmpty()) {
            base = base.deepCopy();
            SweepSearch.applyTo(search, base, errors);
        }
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
        return new SweepRequest(name, priority, preset, base, grid, ranges, extra, target, sample, search);
    }

    private static Map<String, List<JsonNode>> grid(JsonNode g, boolean sampled, Map<String, Ranged> ranges,
                                                    List<FieldError> errors) {
        Map<String, List<JsonNode>> grid = new LinkedHashMap<>();
        if (g == null || g.isNull()) {
            errors.add(new FieldError("grid", "is required: an object of job spec fields, each with a list of values"));
            return grid;
        }
        if (!g.isObject()) {
            errors.add(new FieldError("grid", "must be a JSON object of job spec fields, each with a list of values"));
            return grid;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = g.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String field = "grid." + key;
            if (!GRID_KEYS.contains(key)) {
                errors.add(new FieldError(field, "is not a field a grid may vary (" + String.join(", ",
                        GRID_KEYS.stream().sorted().toList()) + ")"));
                continue;
            }
            if (e.getValue().isObject()) {
                if (!sampled) {
                    errors.add(new FieldError(field, "a range needs \"sample\" (e.g. {\"method\": \"random\", "
                            + "\"runs\": 20}); a grid takes a list of values"));
                    continue;
                }
                SearchRange range = SweepSearch.range(key, e.getValue(), errors);
                if (range != null) {
                    ranges.put(key, new Ranged(range, e.getValue()));
                }
                continue;
            }
            if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                errors.add(new FieldError(field, "must be a non-empty list of values" + (sampled ? " or a range" : "")));
                continue;
            }
            List<JsonNode> values = new ArrayList<>();
            ArrayNode array = (ArrayNode) e.getValue();
            for (int i = 0; i < array.size(); i++) {
                JsonNode v = array.get(i);
                if (!(v.isNumber() || v.isTextual())) {
                    errors.add(new FieldError(field + "[" + i + "]", "must be a number or a string, found " + v));
                } else if (values.stream().anyMatch(w -> same(v, w))) {
                    errors.add(new FieldError(field + "[" + i + "]", "repeats the value " + v));
                } else {
                    values.add(v);
                }
            }
            grid.put(key, values);
        }
        return grid;
    }

    /** Equal values: numbers by value (1 and 1.0 are one value), text exactly. */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static List<ObjectNode> extra(JsonNode x, List<FieldError> errors) {
        List<ObjectNode> extra = new ArrayList<>();
        if (x == null || x.isNull()) {
            return extra;
        }
        if (!x.isArray()) {
            errors.add(new FieldError("extra", "must be a list of partial job specs"));
            return extra;
        }
        for (int i = 0; i < x.size(); i++) {
            if (x.get(i).isObject()) {
                extra.add((ObjectNode) x.get(i));
            } else {
                errors.add(new FieldError("extra[" + i + "]", "must be a JSON object of job spec fields"));
            }
        }
        return extra;
    }

    private static double target(JsonNode t, List<FieldError> errors) {
        if (t == null || t.isNull()) {
            return DEFAULT_TARGET;
        }
        if (!t.isObject()) {
            errors.add(new FieldError("target", "must be a JSON object like {\"testError\": 0.03}"));
            return DEFAULT_TARGET;
        }
        t.fieldNames().forEachRemaining(f -> {
            if (!f.equals("testError")) {
                errors.add(new FieldError("target." + f, "is not a target field (testError)"));
            }
        });
        JsonNode e = t.get("testError");
        if (e == null || e.isNull()) {
            return DEFAULT_TARGET;
        }
        if (!e.isNumber() || !(e.asDouble() > 0 && e.asDouble() < 1)) {
            errors.add(new FieldError("target.testError", "must be a number in (0, 1), found " + e));
            return DEFAULT_TARGET;
        }
        return e.asDouble();
    }

    /** The request as JSON, with every value resolved (what a sweep stores and shows). */
    public ObjectNode toJson() {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("name", name);
        out.put("priority", priority);
        out.put("preset", preset);
        out.set("base", base.deepCopy());
        ObjectNode g = out.putObject("grid");
        grid.forEach((k, values) -> g.putArray(k).addAll(values));
        ranges.forEach((k, r) -> g.set(k, r.json().deepCopy()));
        out.putArray("extra").addAll(extra);
        out.putObject("target").put("testError", targetTestError);
        out.set("sample", sample == null ? null : sample.toJson());
        out.set("search", search == null ? null : SweepSearch.toJson(search));
        return out;
    }
}
