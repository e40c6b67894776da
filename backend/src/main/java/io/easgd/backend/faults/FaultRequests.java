package io.easgd.backend.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.lab.net.LinkSpec;
import io.easgd.backend.web.JsonBody;
import io.easgd.core.spec.FieldError;
import io.easgd.core.spec.SpecValidationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads the bodies of {@code POST /api/v1/lab/faults} and {@code POST /api/v1/lab/faults/schedules}
 * strictly: every bad or unknown field is a 400 naming it (docs/api.md, "Fault lab"). The bounds keep
 * a schedule finite: at most {@value #MAX_FAULTS} faults, none later than {@value #MAX_AT_MS} ms, none
 * longer than {@value #MAX_DURATION_MS} ms.
 */
final class FaultRequests {
    static final int MAX_FAULTS = 1000;
    static final long MAX_AT_MS = 24L * 3600 * 1000;
    static final long MIN_DURATION_MS = 100, MAX_DURATION_MS = 10L * 60 * 1000;
    static final long MIN_MEAN_INTERVAL_MS = 500;
    private static final Set<String> ONE = Set.of("jobId", "kind", "rank", "durationMs", "rate", "delayMs");
    private static final Set<String> ITEM = Set.of("kind", "rank", "durationMs", "rate", "atMs");
    private static final Set<String> SCHEDULE = Set.of("jobId", "faults", "random");
    private static final Set<String> RANDOM = Set.of("seed", "count", "meanIntervalMs", "kinds", "minDurationMs",
            "maxDurationMs", "slowRate");

    /** A request for one fault. */
    record One(long jobId, FaultSpec fault) {
    }

    /** A schedule: the job and its faults in order of time (a random plan already drawn: {@link RandomPlan}). */
    record Schedule(long jobId, List<FaultSpec> faults, RandomPlan.Settings random) {
    }

    private FaultRequests() {
    }

    static One one(String body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode node = object(body);
        unknown(node, ONE, "", errors);
        long jobId = jobId(node, errors);
        FaultSpec f = fault(node, "", "delayMs", errors);
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
        return new One(jobId, f);
    }

    /** A schedule; {@code workers} gives the job's p (a random plan draws ranks below it) once its id is known. */
    static Schedule schedule(String body, java.util.function.LongToIntFunction workers) {
        return schedule(body, workers, Arrays.asList(FaultKind.values()));
    }

    /** The same, with the kinds a random plan without {@code kinds} draws from (those available here). */
    static Schedule schedule(String body, java.util.function.LongToIntFunction workers, List<FaultKind> defaultKinds) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode node = object(body);
        unknown(node, SCHEDULE, "", errors);
        long jobId = jobId(node, errors);
        boolean list = node.has("faults") && !node.get("faults").isNull();
        boolean random = node.has("random") && !node.get("random").isNull();
        List<FaultSpec> faults = new ArrayList<>();
        RandomPlan.Settings settings = null;
        if (list == random) {
            errors.add(new FieldError("faults", "give either faults (a list) or random (a plan), not " + (list ? "both"
                    : "neither")));
        } else if (list) {
            JsonNode items = node.get("faults");
            if (!items.isArray() || items.isEmpty() || items.size() > MAX_FAULTS) {
                errors.add(new FieldError("faults", "must be a list of 1 to " + MAX_FAULTS + " faults"));
            } else {
                for (int i = 0; i < items.size(); i++) {
                    JsonNode item = items.get(i);
                    String at = "faults[" + i + "].";
                    if (!item.isObject()) {
                        errors.add(new FieldError("faults[" + i + "]", "must be an object with kind and atMs"));
                        continue;
                    }
                    unknown(item, ITEM, at, errors);
                    FaultSpec f = fault(item, at, "atMs", errors);
                    if (f != null) {
                        faults.add(f);
                    }
                }
            }
        } else {
            settings = randomSettings(node.get("random"), defaultKinds, errors);
        }
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
        int p = workers.applyAsInt(jobId);
        if (settings != null) {
            faults = RandomPlan.draw(settings, p);
        }
        faults.sort(java.util.Comparator.comparingLong(FaultSpec::atMs));
        return new Schedule(jobId, List.copyOf(faults), settings);
    }

    private static RandomPlan.Settings randomSettings(JsonNode r, List<FaultKind> defaultKinds, List<FieldError> errors) {
        if (!r.isObject()) {
            errors.add(new FieldError("random", "must be an object: seed, count, meanIntervalMs, kinds, ..."));
            return null;
        }
        unknown(r, RANDOM, "random.", errors);
        long seed = r.path("seed").isMissingNode() ? 1 : longIn(r, "seed", "random.seed", Long.MIN_VALUE, Long.MAX_VALUE,
                errors, 1);
        int count = (int) longIn(r, "count", "random.count", 1, MAX_FAULTS, errors, 20);
        long mean = longIn(r, "meanIntervalMs", "random.meanIntervalMs", MIN_MEAN_INTERVAL_MS, MAX_AT_MS, errors, 5000);
        long min = longIn(r, "minDurationMs", "random.minDurationMs", MIN_DURATION_MS, MAX_DURATION_MS, errors, 1000);
        long max = longIn(r, "maxDurationMs", "random.maxDurationMs", MIN_DURATION_MS, MAX_DURATION_MS, errors, 5000);
        if (max < min) {
            errors.add(new FieldError("random.maxDurationMs", "must be >= random.minDurationMs (" + min + "), found " + max));
        }
        String slow = "1mbit";
        JsonNode s = r.get("slowRate");
        if (s != null && !s.isNull()) {
            slow = rate(s, "random.slowRate", errors);
        }
        List<FaultKind> kinds = new ArrayList<>();
        JsonNode k = r.get("kinds");
        if (k == null || k.isNull()) {
            kinds.addAll(defaultKinds.isEmpty() ? Arrays.asList(FaultKind.values()) : defaultKinds);
        } else if (!k.isArray() || k.isEmpty()) {
            errors.add(new FieldError("random.kinds", "must be a non-empty list of kinds " + kindNames()
                    + " (a kind named twice is drawn twice as often)"));
        } else {
            for (int i = 0; i < k.size(); i++) {
                FaultKind kind = kind(k.get(i), "random.kinds[" + i + "]", errors);
                if (kind != null) {
                    kinds.add(kind);
                }
            }
        }
        return new RandomPlan.Settings(seed, count, mean, List.copyOf(kinds), min, max, slow);
    }

    private static FaultSpec fault(JsonNode node, String at, String timeField, List<FieldError> errors) {
        FaultKind kind = kind(node.get("kind"), at + "kind", errors);
        long time = longIn(node, timeField, at + timeField, 0, MAX_AT_MS, errors, 0);
        if (kind == null) {
            return null;
        }
        Integer rank = null;
        if (node.has("rank") && !node.get("rank").isNull()) {
            if (!kind.takesRank()) {
                errors.add(new FieldError(at + "rank", "is not taken by " + kind + ", which hits the whole job"));
            } else {
                rank = (int) longIn(node, "rank", at + "rank", 0, 1023, errors, 0);
            }
        } else if (kind.takesRank()) {
            rank = 0;
        }
        Long duration = null;
        if (kind.takesDuration()) {
            if (!node.has("durationMs")) {
                errors.add(new FieldError(at + "durationMs", "is required for " + kind + ": how long it lasts, in ms ["
                        + MIN_DURATION_MS + ", " + MAX_DURATION_MS + "]"));
            } else {
                duration = longIn(node, "durationMs", at + "durationMs", MIN_DURATION_MS, MAX_DURATION_MS, errors, 0);
            }
        } else if (node.has("durationMs") && !node.get("durationMs").isNull()) {
            errors.add(new FieldError(at + "durationMs", "is not taken by " + kind + ", which is over at once"));
        }
        String rate = null;
        if (kind.takesRate()) {
            rate = node.has("rate") ? rate(node.get("rate"), at + "rate", errors) : null;
            if (rate == null && !node.has("rate")) {
                errors.add(new FieldError(at + "rate", "is required for " + kind + ", e.g. \"1mbit\""));
            }
        } else if (node.has("rate") && !node.get("rate").isNull()) {
            errors.add(new FieldError(at + "rate", "is taken by LINK_SLOW only"));
        }
        return new FaultSpec(kind, rank, duration, rate, time);
    }

    private static String rate(JsonNode v, String field, List<FieldError> errors) {
        if (!v.isTextual()) {
            errors.add(new FieldError(field, "must be a rate such as \"1mbit\", found " + v));
            return null;
        }
        try {
            LinkSpec l = LinkSpec.parse(v.asText());
            if (!l.delay().isZero()) {
                errors.add(new FieldError(field, "is a rate only (kbit, mbit or gbit), without a delay: " + v.asText()));
                return null;
            }
            return l.toString();
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "must be a rate such as \"1mbit\" (kbit, mbit or gbit, 64kbit to 10gbit), "
                    + "found \"" + v.asText() + "\""));
            return null;
        }
    }

    private static FaultKind kind(JsonNode v, String field, List<FieldError> errors) {
        if (v == null || v.isNull()) {
            errors.add(new FieldError(field, "is required: one of " + kindNames()));
            return null;
        }
        try {
            return FaultKind.valueOf(v.asText());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "must be one of " + kindNames() + ", found " + v));
            return null;
        }
    }

    private static String kindNames() {
        return Arrays.toString(FaultKind.values());
    }

    private static long jobId(JsonNode node, List<FieldError> errors) {
        if (!node.has("jobId")) {
            errors.add(new FieldError("jobId", "is required: the id of the running job"));
            return 0;
        }
        return longIn(node, "jobId", "jobId", 1, Long.MAX_VALUE, errors, 0);
    }

    private static long longIn(JsonNode node, String name, String field, long min, long max, List<FieldError> errors,
                               long dflt) {
        Long v = JsonBody.longIn(node.get(name), field, min, max, dflt, errors);
        return v == null ? dflt : v;
    }

    private static void unknown(JsonNode node, Set<String> fields, String at, List<FieldError> errors) {
        JsonBody.unknown(node, fields, at, "a field here", errors);
    }

    private static JsonNode object(String body) {
        return JsonBody.object(body, "a JSON object with jobId");
    }
}
