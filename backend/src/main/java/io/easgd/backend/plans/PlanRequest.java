package io.easgd.backend.plans;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.backend.web.JsonBody;
import io.easgd.core.spec.FieldError;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.spec.Json;
import io.easgd.core.spec.SpecValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /api/v1/plans}, read strictly: every bad or unknown field is a 400 naming
 * it. {@code spec} is a job spec (without {@code simulate} and {@code tau}, which the plan varies;
 * {@code workers} is ignored), {@code link} (and optional {@code serverLink}, {@code stepMs},
 * {@code jitter}) as in {@code simulate}, {@code workers} and {@code tau} the grid,
 * {@code target.testError} the error to reach and {@code budget.maxSteps} how long each short run may go.
 */
public record PlanRequest(ObjectNode spec, String link, String serverLink, JsonNode stepMs, JsonNode jitter,
                          List<Integer> workers, List<Integer> tau, double targetTestError, long maxSteps) {
    static final Set<String> FIELDS = Set.of("spec", "link", "serverLink", "stepMs", "jitter", "workers", "tau",
            "target", "budget");
    public static final List<Integer> DEFAULT_WORKERS = List.of(1, 2, 4, 8, 16);
    public static final List<Integer> DEFAULT_TAU = List.of(1, 4, 16);
    public static final long DEFAULT_MAX_STEPS = 300;
    public static final long MAX_MAX_STEPS = 100_000;
    public static final int MAX_CELLS = 60;
    static final int MAX_WORKERS = 64;

    public static PlanRequest parse(String body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode node = JsonBody.object(body, "a JSON object with spec, link and target");
        JsonBody.unknown(node, FIELDS, "", "a field of a plan", errors);
        ObjectNode spec = null;
        JsonNode s = node.get("spec");
        if (s == null || s.isNull()) {
            spec = Json.MAPPER.createObjectNode();
        } else if (!s.isObject()) {
            errors.add(new FieldError("spec", "must be a job spec object, found " + s));
        } else {
            spec = (ObjectNode) s.deepCopy();
            if (spec.has("simulate")) {
                errors.add(new FieldError("spec.simulate", "is set by the plan (link, workers); leave it out"));
            }
            if (spec.has("tau")) {
                errors.add(new FieldError("spec.tau", "is varied by the plan (tau); leave it out"));
            }
            spec.remove("workers");
        }
        String link = text(node, "link", errors, true);
        String serverLink = text(node, "serverLink", errors, false);
        List<Integer> workers = ints(node, "workers", DEFAULT_WORKERS, 1, MAX_WORKERS, errors);
        List<Integer> tau = ints(node, "tau", DEFAULT_TAU, 1, 10_000, errors);
        if (workers.size() * tau.size() > MAX_CELLS) {
            errors.add(new FieldError("workers", "times tau makes " + workers.size() * tau.size() + " runs, at most "
                    + MAX_CELLS + " are allowed in one plan"));
        }
        double target = Double.NaN;
        JsonNode t = node.path("target").path("testError");
        if (!node.has("target")) {
            errors.add(new FieldError("target.testError", "is required: the test error the plan times"));
        } else if (!t.isNumber() || t.asDouble() <= 0 || t.asDouble() >= 1) {
            errors.add(new FieldError("target.testError", "must be a number in (0, 1), found " + t));
        } else {
            target = t.asDouble();
        }
        long maxSteps = DEFAULT_MAX_STEPS;
        JsonNode b = node.path("budget").path("maxSteps");
        if (node.has("budget") && !b.isMissingNode()) {
            if (!b.isIntegralNumber() || b.asLong() < 1 || b.asLong() > MAX_MAX_STEPS) {
                errors.add(new FieldError("budget.maxSteps", "must be an integer in [1, " + MAX_MAX_STEPS + "], found " + b));
            } else {
                maxSteps = b.asLong();
            }
        }
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
        PlanRequest r = new PlanRequest(spec, link, serverLink, node.get("stepMs"), node.get("jitter"), workers, tau,
                target, maxSteps);
        r.check();
        return r;
    }

    /** The spec of one run: the user's with the plan's p, τ, link, budget and target. */
    public ObjectNode runSpec(int p, int t) {
        ObjectNode out = base();
        out.put("workers", p);
        out.put("tau", t);
        ((ObjectNode) out.get("simulate")).put("workers", p);
        return out;
    }

    /** The spec every run shares (a sweep's base): simulate (p of the first column), the budget and the target. */
    public ObjectNode base() {
        ObjectNode out = spec.deepCopy();
        ObjectNode sim = out.putObject("simulate");
        sim.put("workers", workers.get(0));
        sim.put("link", link);
        if (serverLink != null) {
            sim.put("serverLink", serverLink);
        }
        if (stepMs != null && !stepMs.isNull()) {
            sim.set("stepMs", stepMs);
        }
        if (jitter != null && !jitter.isNull()) {
            sim.set("jitter", jitter);
        }
        ObjectNode stop = out.has("stop") && out.get("stop").isObject() ? (ObjectNode) out.get("stop") : out.putObject("stop");
        stop.put("maxSteps", maxSteps);
        stop.put("targetTestError", targetTestError);
        return out;
    }

    /** The sweep the plan runs: its grid is workers × tau over {@link #base()}. */
    public ObjectNode sweep(String name) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("name", name);
        s.set("base", base());
        ObjectNode grid = s.putObject("grid");
        ArrayNode w = grid.putArray("workers");
        workers.forEach(w::add);
        ArrayNode t = grid.putArray("tau");
        tau.forEach(t::add);
        s.putObject("target").put("testError", targetTestError);
        return s;
    }

    /** Every run's spec must be a valid job spec: errors name the plan's field (spec.eta, link, stepMs, …). */
    private void check() {
        List<FieldError> errors = new ArrayList<>();
        for (int p : List.of(workers.get(0), workers.get(workers.size() - 1))) {
            try {
                JobSpec.parse(runSpec(p, tau.get(0)).toString());
            } catch (SpecValidationException e) {
                for (FieldError fe : e.errors()) {
                    errors.add(new FieldError(field(fe.field()), fe.message()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors.stream().distinct().toList());
        }
    }

    /** A run spec's field as the plan names it. */
    private static String field(String f) {
        if (f.startsWith("simulate.")) {
            String rest = f.substring("simulate.".length());
            return rest.equals("workers") ? "workers" : rest;
        }
        if (f.equals("stop.maxSteps")) {
            return "budget.maxSteps";
        }
        if (f.equals("stop.targetTestError")) {
            return "target.testError";
        }
        if (f.equals("tau") || f.equals("workers")) {
            return f;
        }
        return "spec." + f;
    }

    private static String text(JsonNode node, String field, List<FieldError> errors, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required, e.g. \"1gbit,0.2ms\""));
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            errors.add(new FieldError(field, "must be a string like \"1gbit,0.2ms\", found " + v));
            return null;
        }
        return v.asText();
    }

    private static List<Integer> ints(JsonNode node, String field, List<Integer> dflt, int min, int max,
                                      List<FieldError> errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isArray() || v.isEmpty()) {
            errors.add(new FieldError(field, "must be a non-empty list of integers, found " + v));
            return dflt;
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode x = v.get(i);
            if (!x.isIntegralNumber() || x.asLong() < min || x.asLong() > max) {
                errors.add(new FieldError(field + "[" + i + "]", "must be an integer in [" + min + ", " + max
                        + "], found " + x));
            } else if (out.contains(x.asInt())) {
                errors.add(new FieldError(field + "[" + i + "]", "repeats " + x.asInt()));
            } else {
                out.add(x.asInt());
            }
        }
        return out.isEmpty() ? dflt : out;
    }
}
