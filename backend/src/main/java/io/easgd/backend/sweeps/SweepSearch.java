package io.easgd.backend.sweeps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.backend.web.JsonBody;
import io.easgd.core.search.SearchRange;
import io.easgd.core.search.SearchSpec;
import io.easgd.core.search.UnitSamples;
import io.easgd.core.spec.FieldError;
import io.easgd.core.spec.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The search parts of a sweep request, read and checked field by field (docs/api.md "Searches"): a grid
 * axis given as a range, {@code sample} and {@code search}; and what a search does to the base (its
 * resource's maximum becomes the runs' stop). Each error names the request's field.
 */
public final class SweepSearch {
    static final int DEFAULT_REDUCTION = 3;
    private static final Set<String> RANGE_FORMS = Set.of("uniform", "logUniform", "int", "logInt", "choice");
    private static final Set<String> SAMPLE_FIELDS = Set.of("method", "runs", "seed");
    private static final Set<String> SEARCH_FIELDS = Set.of("method", "reductionFactor", "resource", "brackets",
            "minSteps", "maxSteps", "minSeconds", "maxSeconds", "minBytes", "maxBytes");

    /** How a sampled sweep draws its runs. */
    public record Sample(UnitSamples.Method method, int runs, long seed) {
        ObjectNode toJson() {
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("method", method.json()).put("runs", runs).put("seed", seed);
            return out;
        }
    }

    private SweepSearch() {
    }

    /** The range a grid axis gives as an object ({@code {"logUniform": [0.001, 0.1]}}), or null with errors added. */
    static SearchRange range(String key, JsonNode axis, List<FieldError> errors) {
        String field = "grid." + key;
        if (axis.size() != 1) {
            errors.add(new FieldError(field, "must be a list of values or one range: {\"uniform\": [lo, hi]}, "
                    + "{\"logUniform\": [lo, hi]}, {\"int\": [lo, hi]}, {\"logInt\": [lo, hi]} or {\"choice\": [v, …]}"));
            return null;
        }
        Map.Entry<String, JsonNode> e = axis.fields().next();
        String form = e.getKey();
        field += "." + form;
        JsonNode v = e.getValue();
        if (!RANGE_FORMS.contains(form)) {
            errors.add(new FieldError(field, "is not a range (" + String.join(", ", RANGE_FORMS.stream().sorted().toList())
                    + ")"));
            return null;
        }
        if (form.equals("choice")) {
            if (!v.isArray() || v.isEmpty()) {
                errors.add(new FieldError(field, "must be a non-empty list of values"));
                return null;
            }
            List<Object> values = new ArrayList<>();
            for (JsonNode x : v) {
                if (!(x.isNumber() || x.isTextual())) {
                    errors.add(new FieldError(field, "must hold numbers or strings, found " + x));
                    return null;
                }
                values.add(Json.MAPPER.convertValue(x, Object.class));
            }
            return new SearchRange.Choice(values);
        }
        boolean integers = form.equals("int") || form.equals("logInt");
        if (!v.isArray() || v.size() != 2 || !v.get(0).isNumber() || !v.get(1).isNumber()
                || (integers && !(v.get(0).isIntegralNumber() && v.get(1).isIntegralNumber()))) {
            errors.add(new FieldError(field, "must be [lo, hi], two " + (integers ? "integers" : "numbers") + ", found " + v));
            return null;
        }
        try {
            return switch (form) {
                case "uniform" -> new SearchRange.Uniform(v.get(0).asDouble(), v.get(1).asDouble());
                case "logUniform" -> new SearchRange.LogUniform(v.get(0).asDouble(), v.get(1).asDouble());
                case "int" -> new SearchRange.IntRange(v.get(0).asLong(), v.get(1).asLong());
                default -> new SearchRange.LogInt(v.get(0).asLong(), v.get(1).asLong());
            };
        } catch (IllegalArgumentException bad) {
            errors.add(new FieldError(field, bad.getMessage()));
            return null;
        }
    }

    /** {@code sample}, or null when absent. */
    static Sample sample(JsonNode s, List<FieldError> errors) {
        if (s == null || s.isNull()) {
            return null;
        }
        if (!s.isObject()) {
            errors.add(new FieldError("sample", "must be an object like {\"method\": \"random\", \"runs\": 20, \"seed\": 1}"));
            return null;
        }
        unknown(s, "sample", SAMPLE_FIELDS, errors);
        UnitSamples.Method method = JsonBody.lowerCaseEnum(s.get("method"), "sample.method", UnitSamples.Method.class,
                null, errors);
        if (s.get("method") == null) {
            errors.add(new FieldError("sample.method", "is required: random or sobol"));
        }
        Long runs = JsonBody.longIn(s.get("runs"), "sample.runs", 1, SweepPlan.MAX_RUNS, null, errors);
        if (s.get("runs") == null) {
            errors.add(new FieldError("sample.runs", "is required: how many runs to draw, 1.." + SweepPlan.MAX_RUNS));
        }
        Long seed = JsonBody.longIn(s.get("seed"), "sample.seed", Long.MIN_VALUE, Long.MAX_VALUE, 1L, errors);
        return method == null || runs == null || seed == null ? null : new Sample(method, runs.intValue(), seed);
    }

    /** {@code search}, or null when absent. */
    static SearchSpec search(JsonNode s, List<FieldError> errors) {
        if (s == null || s.isNull()) {
            return null;
        }
        if (!s.isObject()) {
            errors.add(new FieldError("search", "must be an object like {\"method\": \"asha\", \"minSteps\": 200, "
                    + "\"maxSteps\": 1800}"));
            return null;
        }
        unknown(s, "search", SEARCH_FIELDS, errors);
        if (s.get("method") == null) {
            errors.add(new FieldError("search.method", "is required: asha or hyperband"));
        }
        SearchSpec.Method method = JsonBody.lowerCaseEnum(s.get("method"), "search.method", SearchSpec.Method.class,
                null, errors);
        SearchSpec.Resource resource = JsonBody.lowerCaseEnum(s.get("resource"), "search.resource", SearchSpec.Resource.class,
                SearchSpec.Resource.STEPS, errors);
        Long eta = JsonBody.longIn(s.get("reductionFactor"), "search.reductionFactor", 2, 100, (long) DEFAULT_REDUCTION,
                errors);
        if (resource == null) {
            return null;
        }
        for (SearchSpec.Resource other : SearchSpec.Resource.values()) {
            for (String f : List.of(other.minField(), other.maxField())) {
                if (other != resource && s.has(f)) {
                    errors.add(new FieldError("search." + f, "belongs to the resource " + other.json()
                            + ", not to this search's " + resource.json()));
                }
            }
        }
        String minField = "search." + resource.minField();
        String maxField = "search." + resource.maxField();
        Long min = JsonBody.longIn(s.get(resource.minField()), minField, 1, Long.MAX_VALUE / 2, null, errors);
        Long max = JsonBody.longIn(s.get(resource.maxField()), maxField, 2, Long.MAX_VALUE / 2, null, errors);
        if (s.get(resource.minField()) == null) {
            errors.add(new FieldError(minField, "is required: the first rung, in " + resource.unit()));
        }
        if (s.get(resource.maxField()) == null) {
            errors.add(new FieldError(maxField, "is required: the most " + resource.unit() + " a run gets"));
        }
        if (min == null || max == null || eta == null || method == null) {
            return null;
        }
        if (max <= min) {
            errors.add(new FieldError(maxField, "must be above " + resource.minField() + " (" + min + "), found " + max));
            return null;
        }
        int most = SearchSpec.maxBrackets(eta.intValue(), min, max);
        Long brackets = method == SearchSpec.Method.ASHA ? null
                : JsonBody.longIn(s.get("brackets"), "search.brackets", 1, most, (long) most, errors);
        if (method == SearchSpec.Method.ASHA && s.has("brackets")) {
            errors.add(new FieldError("search.brackets", "belongs to hyperband; ASHA is one bracket"));
        }
        if (method == SearchSpec.Method.HYPERBAND && brackets == null) {
            return null;
        }
        return new SearchSpec(method, eta.intValue(), resource, min, max, brackets == null ? 1 : brackets.intValue());
    }

    /** The search as a sweep shows it. */
    static ObjectNode toJson(SearchSpec s) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("method", s.method().json()).put("reductionFactor", s.reductionFactor())
                .put("resource", s.resource().json()).put(s.resource().minField(), s.min())
                .put(s.resource().maxField(), s.max());
        if (s.method() == SearchSpec.Method.HYPERBAND) {
            out.put("brackets", s.brackets());
        }
        return out;
    }

    /** The search read back from a stored request (null when it has none). */
    static SearchSpec stored(JsonNode request) {
        List<FieldError> errors = new ArrayList<>();
        SearchSpec s = search(request.get("search"), errors);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("a stored sweep's search does not read back: " + errors);
        }
        return s;
    }

    /**
     * What the search does to the runs' base: with {@code steps}, every run stops at {@code maxSteps}
     * (a base with another {@code stop.maxSteps} is refused); with {@code seconds}, at {@code maxSeconds} of
     * wall time unless the base stops sooner; with {@code bytes}, the base must stop by itself.
     */
    static void applyTo(SearchSpec s, ObjectNode base, List<FieldError> errors) {
        JsonNode stopNode = base.get("stop");
        ObjectNode stop = stopNode instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
        switch (s.resource()) {
            case STEPS -> {
                JsonNode given = stop.get("maxSteps");
                if (given != null && !(given.isIntegralNumber() && given.asLong() == s.max())) {
                    errors.add(new FieldError("base.stop.maxSteps", "is set by the search's maxSteps (" + s.max()
                            + "): leave it out or make it the same, found " + given));
                    return;
                }
                stop.put("maxSteps", s.max());
            }
            case SECONDS -> {
                JsonNode given = stop.get("maxWallSeconds");
                if (given == null || !given.isNumber() || given.asLong() > s.max()) {
                    stop.put("maxWallSeconds", s.max());
                }
            }
            case BYTES -> {
                if (stop.isEmpty()) {
                    errors.add(new FieldError("base.stop", "is required with the resource bytes: the runs end at their "
                            + "own stop, e.g. {\"maxSteps\": 3000}; maxBytes only bounds the rungs"));
                    return;
                }
            }
        }
        base.set("stop", stop);
    }

    private static void unknown(JsonNode node, String where, Set<String> allowed, List<FieldError> errors) {
        JsonBody.unknown(node, allowed, where + ".", "a " + where + " field", errors);
    }
}
