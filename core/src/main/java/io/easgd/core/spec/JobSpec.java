package io.easgd.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.easgd.core.compression.Compression;
import io.easgd.core.rules.Stability;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything that defines a training run, immutable and validated in its constructor. Its JSON
 * form is documented in {@code docs/api.md}; {@link #parse(String)} fills defaults for missing
 * fields and names every bad one. Symbols are the paper's: p = {@code workers}, τ, η, α (or
 * β = pα), δ.
 *
 * <p>τ is a number or {@code "auto"}: then {@code autoTau} holds the auto-τ settings (never null)
 * and {@link #tau()} is the τ a run starts with, {@code autoTau.initial}; the platform changes it
 * during the run ({@code io.easgd.core.training.AutoTauPolicy}). For a number, {@code autoTau} is
 * null. In JSON, {@code "tau"} is the number or the string {@code "auto"}.
 *
 * <p>{@code overlap} (default false, left out of the JSON when false): the worker sends its upload
 * and goes on computing for k local steps while the reply travels (the rules' overlapped mode,
 * {@code io.easgd.core.rules.Overlapped}); only for the asynchronous multi-worker rules
 * ({@link Algorithm#allowsOverlap()}). In JSON {@code false}, {@code true} (k chosen by each worker
 * from its measured exchange and step times, {@code io.easgd.core.training.AutoOverlap}) or an
 * integer k ≥ 1 (fixed); the record holds it as {@link #overlapSteps()}: {@link #OVERLAP_OFF},
 * {@link #OVERLAP_AUTO} or k.
 * <p>{@code innerOptimizer}, {@code outerLr} and {@code outerMomentum} belong to DILOCO: filled with
 * their defaults for it, null (absent in JSON) for every other algorithm, which refuses them.
 * <p>{@code rho}, the penalty ρ, belongs to ADMM the same way: filled with {@link Draft#DEFAULT_RHO}
 * for it, null (absent in JSON) and refused for every other algorithm.
 * <p>p is a number or a range ({@code "workers": {"min": 2, "max": 8}}, elastic worker counts):
 * then {@link #workers()} is the p a run starts with (min) and {@code workersMax} the most it may
 * grow to; for a number {@code workersMax} is null. The spec's α is β/min; the run's α follows its
 * current p, {@link #alphaAt(int)} = β/p. In JSON, {@code "workers"} is the number or the object.
 * <p>{@code simulate} (null, absent in JSON, for a real run): the job's p workers run on one agent in
 * the virtual cluster ({@code io.easgd.core.sim.VirtualCluster}), in virtual time ({@link Simulate}).
 * Its {@code workers} is the spec's p: {@code "workers"} is absent (then it is {@code simulate.workers})
 * or equal, so α = β/p is resolved at the simulated p.
 * <p>{@code roundDeadlineMs} (null, absent in JSON: every round waits for all p workers, the paper's
 * rule): for the synchronous rules only ({@link Algorithm#synchronous()}), a round whose first upload
 * came more than this many milliseconds ago is computed over the workers that arrived
 * ({@code io.easgd.core.rules.RoundMaster#closeRoundIfOlderThan}; docs/algorithms.md "Round deadline").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"algorithm", "workers", "tau", "autoTau"})
public record JobSpec(
        Algorithm algorithm,
        @JsonIgnore int workers,
        @JsonIgnore int tau,
        AutoTau autoTau,
        double eta,
        double alpha,
        double delta,
        double averagingRate,
        int batchSize,
        double weightDecay,
        String model,
        String modelJson,
        String dataset,
        long seed,
        StopCriteria stop,
        @JsonIgnore int overlapSteps,
        InnerOptimizer innerOptimizer,
        Double outerLr,
        Double outerMomentum,
        Double rho,
        @JsonIgnore Compression compression,
        @JsonIgnore Integer workersMax,
        Simulate simulate,
        Integer roundDeadlineMs) {

    public static final Set<String> MODEL_PRESETS = Set.of("mlp", "cnn", "cifar-convnet");
    public static final String CUSTOM_MODEL = "custom";
    /** The value of {@code "tau"} that asks the platform to pick τ. */
    public static final String AUTO = "auto";
    /** The most workers a job may have. */
    public static final int MAX_WORKERS = 1024;
    /** {@link #overlapSteps()} of the paper's blocking exchange ({@code "overlap": false} or absent). */
    public static final int OVERLAP_OFF = 0;
    /** {@link #overlapSteps()} of {@code "overlap": true}: each worker chooses k. */
    public static final int OVERLAP_AUTO = -1;
    /** α from which an overlapped elastic rule is warned about (docs/algorithms.md, "Overlapped exchange"). */
    public static final double OVERLAP_ALPHA_LIMIT = 2.0 / 3;
    /** The largest fixed k (more than any τ worth overlapping; k ≤ τ in effect anyway). */
    public static final int MAX_OVERLAP_STEPS = 65536;
    /** The largest ρ (ADMM's penalty) a spec may ask for. */
    public static final double MAX_RHO = 1000;
    /** The longest round deadline a spec may ask for: one day, in milliseconds. */
    public static final int MAX_ROUND_DEADLINE_MS = 86_400_000;

    public JobSpec {
        if (autoTau != null) {
            tau = autoTau.initial();
        }
        List<FieldError> errors = new ArrayList<>();
        check(errors, algorithm != null, "algorithm", "is required");
        check(errors, workers >= 1 && workers <= MAX_WORKERS, workersMax != null ? "workers.min" : "workers",
                "must be in [1, " + MAX_WORKERS + "], found " + workers);
        if (algorithm != null && algorithm.singleWorker() && workers != 1) {
            errors.add(new FieldError("workers", "must be 1 for " + algorithm + ", found " + workers));
        }
        if (workersMax != null) {
            checkWorkerRange(errors, algorithm, workers, workersMax);
        }
        check(errors, tau >= 1, "tau", "must be >= 1, found " + tau);
        if (autoTau != null && algorithm != null && !algorithm.allowsAutoTau()) {
            errors.add(new FieldError("tau", "cannot be \"auto\" for " + algorithm + ": " + whyNoAutoTau(algorithm)
                    + "; give a number"));
        } else if (algorithm == Algorithm.MDOWNPOUR && tau != 1) {
            errors.add(new FieldError("tau", "must be 1 for MDOWNPOUR, found " + tau));
        }
        check(errors, Double.isFinite(eta) && eta > 0, "eta", "must be > 0, found " + eta);
        check(errors, Double.isFinite(alpha) && alpha > 0 && alpha < 1, "alpha", "must be in (0, 1), found " + alpha);
        check(errors, Double.isFinite(delta) && delta >= 0 && delta < 1, "delta", "must be in [0, 1), found " + delta);
        check(errors, Double.isFinite(averagingRate) && averagingRate > 0 && averagingRate < 1,
                "averagingRate", "must be in (0, 1), found " + averagingRate);
        check(errors, batchSize >= 1 && batchSize <= 65536, "batchSize", "must be in [1, 65536], found " + batchSize);
        check(errors, Double.isFinite(weightDecay) && weightDecay >= 0 && weightDecay < 1,
                "weightDecay", "must be in [0, 1), found " + weightDecay);
        // Text first: a value PostgreSQL cannot store (NUL, lone surrogate) or that is too long is
        // reported once, by Text, and never echoed back in another message.
        boolean modelText = Text.check(errors, "model", model, Text.MODEL_MAX);
        boolean modelJsonText = Text.checkMultiline(errors, "modelJson", modelJson, Text.MODEL_JSON_MAX);
        if (!modelText) {
            // reported
        } else if (model == null || (!MODEL_PRESETS.contains(model) && !CUSTOM_MODEL.equals(model))) {
            errors.add(new FieldError("model", "must be one of " + MODEL_PRESETS.stream().sorted()
                    .collect(Collectors.joining(", ")) + " or custom, found " + model));
        } else if (CUSTOM_MODEL.equals(model) && modelJsonText && (modelJson == null || modelJson.isBlank())) {
            errors.add(new FieldError("modelJson", "is required when model is custom"));
        } else if (!CUSTOM_MODEL.equals(model) && modelJsonText && modelJson != null) {
            errors.add(new FieldError("modelJson", "is only allowed when model is custom"));
        }
        if (Text.check(errors, "dataset", dataset, Text.DATASET_MAX)) {
            check(errors, dataset != null && dataset.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"),
                    "dataset", "must be a dataset name (letters, digits, '.', '_', '-'), found " + dataset);
        }
        checkOuterOptimizer(errors, algorithm, innerOptimizer, outerLr, outerMomentum);
        checkAdmm(errors, algorithm, rho, compression);
        if (stop == null) {
            errors.add(new FieldError("stop", "is required"));
        } else {
            if (stop.maxSteps() == null && stop.maxWallSeconds() == null && stop.targetTestError() == null) {
                errors.add(new FieldError("stop", "must set at least one of maxSteps, maxWallSeconds, targetTestError"));
            }
            if (stop.maxSteps() != null) {
                check(errors, stop.maxSteps() >= 1, "stop.maxSteps", "must be >= 1, found " + stop.maxSteps());
            }
            if (stop.maxWallSeconds() != null) {
                check(errors, stop.maxWallSeconds() >= 1, "stop.maxWallSeconds",
                        "must be >= 1, found " + stop.maxWallSeconds());
            }
            if (stop.targetTestError() != null) {
                double target = stop.targetTestError();
                check(errors, target > 0 && target < 1, "stop.targetTestError", "must be in (0, 1), found " + target);
            }
        }
        check(errors, overlapSteps == OVERLAP_AUTO || (overlapSteps >= OVERLAP_OFF && overlapSteps <= MAX_OVERLAP_STEPS),
                "overlap", "must be true, false or an integer k in [1, " + MAX_OVERLAP_STEPS + "], found " + overlapSteps);
        if (overlapSteps != OVERLAP_OFF && algorithm != null && !algorithm.allowsOverlap()) {
            errors.add(new FieldError("overlap", "cannot be " + (overlapSteps == OVERLAP_AUTO ? "true" : overlapSteps)
                    + " for " + algorithm + ": " + whyNoOverlap(algorithm)
                    + "; it is allowed for EASGD, EAMSGD, DOWNPOUR, ADOWNPOUR and MVADOWNPOUR"));
        }
        check(errors, compression != null, "compression", "must be one of " + java.util.Arrays.toString(
                Compression.values()));
        checkSimulate(errors, algorithm, workers, workersMax, simulate);
        checkRoundDeadline(errors, algorithm, roundDeadlineMs);
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
    }

    /**
     * {@code simulate}: its p is the spec's p (so α = β/p follows it), a fixed number, and the rule
     * one the virtual cluster runs (the asynchronous ones and the single-worker baselines; a
     * synchronous round's barrier is not simulated).
     */
    private static void checkSimulate(List<FieldError> errors, Algorithm algorithm, int workers, Integer workersMax,
                                      Simulate simulate) {
        if (simulate == null) {
            return;
        }
        if (workersMax != null) {
            errors.add(new FieldError("workers", "cannot be a range for a simulated job: simulate.workers is its p"));
        } else if (workers != simulate.workers()) {
            errors.add(new FieldError("workers", "must be absent or equal simulate.workers (" + simulate.workers()
                    + ") for a simulated job, found " + workers));
        }
        if (algorithm != null && algorithm.synchronous()) {
            errors.add(new FieldError("simulate", "is not available for " + algorithm
                    + ": the virtual cluster runs the asynchronous rules and the single-worker baselines"));
        }
    }

    /** {@code roundDeadlineMs}: absent, or in [1, one day] for a synchronous rule (the others have no rounds). */
    private static void checkRoundDeadline(List<FieldError> errors, Algorithm algorithm, Integer deadlineMs) {
        if (deadlineMs == null) {
            return;
        }
        if (algorithm != null && !algorithm.synchronous()) {
            errors.add(new FieldError("roundDeadlineMs", "is only allowed for the synchronous algorithms SYNC_EASGD, "
                    + "SYNC_EAMSGD and DILOCO, found algorithm " + algorithm + ": its workers never wait for each "
                    + "other"));
            return;
        }
        check(errors, deadlineMs >= 1 && deadlineMs <= MAX_ROUND_DEADLINE_MS, "roundDeadlineMs",
                "must be in [1, " + MAX_ROUND_DEADLINE_MS + "] (milliseconds), found " + deadlineMs);
    }

    /** Whether a round may close without every worker ({@code "roundDeadlineMs"} given). */
    public boolean roundDeadline() {
        return roundDeadlineMs != null;
    }

    /** Whether the job runs on the virtual cluster ({@code "simulate"} given). */
    public boolean simulated() {
        return simulate != null;
    }

    private static String whyNoOverlap(Algorithm a) {
        return switch (a.kind()) {
            case SYNC_ELASTIC, SYNC_OUTER -> "a synchronous round waits for every worker, there is nothing to overlap";
            case SINGLE -> "a single worker gets no reply to wait for";
            case CONSENSUS -> "its local steps and its dual update need the center its exchange brings back";
            default -> a == Algorithm.MDOWNPOUR
                    ? "its tau is 1 and each gradient is taken at the point the master's reply brings" : "not supported";
        };
    }

    /** DILOCO's own fields: set and in range for DILOCO, absent for every other algorithm. */
    private static void checkOuterOptimizer(List<FieldError> errors, Algorithm algorithm, InnerOptimizer inner,
                                            Double lr, Double momentum) {
        if (algorithm == null) {
            return;
        }
        if (!algorithm.usesOuterOptimizer()) {
            String why = "is only allowed when algorithm is DILOCO, found algorithm " + algorithm;
            check(errors, inner == null, "innerOptimizer", why);
            check(errors, lr == null, "outerLr", why);
            check(errors, momentum == null, "outerMomentum", why);
            return;
        }
        check(errors, inner != null, "innerOptimizer", "is required for DILOCO");
        check(errors, lr != null && Double.isFinite(lr) && lr > 0 && lr <= 10, "outerLr",
                "must be in (0, 10], found " + lr);
        check(errors, momentum != null && Double.isFinite(momentum) && momentum >= 0 && momentum < 1,
                "outerMomentum", "must be in [0, 1), found " + momentum);
    }

    /**
     * ADMM's ρ: set (filled with {@link Draft#DEFAULT_RHO}) and > 0 for ADMM, absent for every other
     * algorithm; ADMM runs uncompressed only (a rounded upload or reply would make the master's
     * x_l − λ_l differ from the worker's, with nothing to correct it: docs/algorithms.md "ADMM").
     */
    private static void checkAdmm(List<FieldError> errors, Algorithm algorithm, Double rho, Compression compression) {
        if (algorithm == null) {
            return;
        }
        if (!algorithm.usesPenalty()) {
            check(errors, rho == null, "rho", "is only allowed when algorithm is ADMM, found algorithm " + algorithm);
            return;
        }
        check(errors, rho != null && Double.isFinite(rho) && rho > 0 && rho <= MAX_RHO, "rho",
                "must be in (0, " + (int) MAX_RHO + "], found " + rho);
        if (compression != null && !compression.lossless()) {
            errors.add(new FieldError("compression", "must be none for ADMM, found " + compression + ": its master "
                    + "keeps each worker's x_i - lambda_i from the uploads, and a rounded upload or reply would "
                    + "drift from the worker's own with nothing to correct it"));
        }
    }

    private static void checkWorkerRange(List<FieldError> errors, Algorithm algorithm, int min, int max) {
        check(errors, max >= min && max <= MAX_WORKERS, "workers.max",
                "must be in [min, " + MAX_WORKERS + "] = [" + min + ", " + MAX_WORKERS + "], found " + max);
        if (algorithm != null && !algorithm.allowsElasticWorkers()) {
            errors.add(new FieldError("workers", "cannot be a range for " + algorithm + ": " + whyNoRange(algorithm)
                    + "; give a number"));
        }
    }

    private static String whyNoRange(Algorithm a) {
        return switch (a.kind()) {
            case SINGLE -> "it runs on exactly one worker";
            case SYNC_ELASTIC, SYNC_OUTER -> "every round waits for all p workers, so p cannot change while it runs";
            case CONSENSUS -> "its center is the mean over a fixed set of p workers' x_i - lambda_i";
            default -> a == Algorithm.MDOWNPOUR ? "its master's momentum sees every push of a fixed set of workers"
                    : "every round waits for all p workers, so p cannot change while it runs";
        };
    }

    private static String whyNoAutoTau(Algorithm a) {
        return switch (a.kind()) {
            case SYNC_ELASTIC, SYNC_OUTER -> "every worker meets at each round, so all ranks must share each round's tau";
            case SINGLE -> "a single worker has no exchange whose cost tau could balance";
            case CONSENSUS -> "tau changes the map itself (local steps on the augmented Lagrangian between dual updates)";
            default -> a == Algorithm.MDOWNPOUR ? "its tau is always 1" : "not supported";
        };
    }

    private static void check(List<FieldError> errors, boolean ok, String field, String message) {
        if (!ok) {
            errors.add(new FieldError(field, message));
        }
    }

    /** {@code "tau"} in JSON: the number, or {@code "auto"}. */
    @JsonProperty("tau")
    Object tauJson() {
        return autoTau != null ? AUTO : (Object) tau;
    }

    /**
     * {@code "compression"} in JSON: written only when it is not {@code "none"}, so that a float32
     * job's spec (and every {@code assign} of one) is byte for byte what it always was, and an agent
     * that predates compression refuses only a compressed job (an unknown field) instead of
     * misreading its frames.
     */
    @JsonProperty("compression")
    Compression compressionJson() {
        return compression == Compression.NONE ? null : compression;
    }

    /**
     * {@code "overlap"} in JSON: absent when off (so a blocking job's spec is what it always was),
     * {@code true} for auto (what an overlapped job's spec always said), or the number k.
     */
    @JsonProperty("overlap")
    Object overlapJson() {
        return overlapSteps == OVERLAP_OFF ? null : overlapSteps == OVERLAP_AUTO ? (Object) Boolean.TRUE : overlapSteps;
    }

    /** Whether the exchange is overlapped ({@code "overlap"} true or a number). */
    public boolean overlap() {
        return overlapSteps != OVERLAP_OFF;
    }

    /** Whether each worker chooses its k ({@code "overlap": true}). */
    public boolean overlapAuto() {
        return overlapSteps == OVERLAP_AUTO;
    }

    /** Overlap as a user reads it: "off", "auto" or "k = 3". */
    public String overlapLabel() {
        return overlapSteps == OVERLAP_OFF ? "off" : overlapSteps == OVERLAP_AUTO ? "auto" : "k = " + overlapSteps;
    }

    /** True when the platform picks τ during the run ({@code "tau": "auto"}). */
    public boolean tauAuto() {
        return autoTau != null;
    }

    /** The largest τ a run of this spec can use: τ, or {@code autoTau.max} for auto. */
    public int maxTau() {
        return autoTau != null ? autoTau.max() : tau;
    }

    /** {@code "workers"} in JSON: the number, or {@code {"min": m, "max": n}}. */
    @JsonProperty("workers")
    Object workersJson() {
        if (workersMax == null) {
            return workers;
        }
        java.util.Map<String, Integer> range = new java.util.LinkedHashMap<>();
        range.put("min", workers);
        range.put("max", workersMax);
        return range;
    }

    /** True when p may change while the job runs ({@code "workers": {"min": m, "max": n}}). */
    public boolean elasticWorkers() {
        return workersMax != null;
    }

    /** The most workers a run of this spec may have at once: p, or {@code workers.max} for a range. */
    public int maxWorkers() {
        return workersMax != null ? workersMax : workers;
    }

    /** p as a user reads it: "2", or "2–8" for a range. */
    public String workersLabel() {
        return workersMax != null ? workers + "–" + workersMax : Integer.toString(workers);
    }

    /**
     * α with {@code p} workers: β/p, so that the total pull on the center stays β = pα whatever p
     * is; the spec's own α at its starting p ({@link #workers()}).
     */
    public double alphaAt(int p) {
        if (p < 1) {
            throw new IllegalArgumentException("p must be >= 1, found " + p);
        }
        return p == workers ? alpha : beta() / p;
    }

    /** τ as a user reads it: "10", or "auto". */
    public String tauLabel() {
        return autoTau != null ? AUTO : Integer.toString(tau);
    }

    /** β = pα, the total elastic pull on the center. */
    @JsonProperty("beta")
    public double beta() {
        return workers * alpha;
    }

    /** Seed of worker {@code rank}'s data order and dropout: derived from the job's seed. */
    public long workerSeed(int rank) {
        long z = seed + 0x9E3779B97F4A7C15L * (rank + 1);  // SplitMix64
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Sentences for the user about settings that are legal but risky; empty when none. Each names the
     * stability condition that failed (see {@link Stability}, all on f = x²/2), its numbers and what
     * would satisfy it: asynchronous EASGD/EAMSGD the paper's round-robin region in (η, α);
     * SYNC_EASGD/SYNC_EAMSGD the synchronous map's bound on β = pα; the DOWNPOUR family
     * p·τ·η &lt; π/2. Momentum is not modelled. With {@code "tau": "auto"} the DOWNPOUR bound is
     * checked at the worst case, {@code autoTau.max}, the largest τ the run may reach; with a worker
     * range at {@code workers.max}. For asynchronous EASGD/EAMSGD the largest α, β/min (the spec's
     * α), is the worst case of a range. With {@code overlap}, an elastic rule at α ≥ 2/3 is warned
     * about too (the late elastic move's bound on the quadratic, docs/algorithms.md). ADMM: its round-robin
     * cycle map at the spec's (η, ρ, p), computed ({@link Stability#warningAdmm}; the paper's τ = 1 map also
     * for τ &gt; 1).
     */
    @JsonIgnore
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        String w = switch (algorithm.kind()) {
            case ELASTIC -> Stability.warning(eta, alpha);
            case SYNC_ELASTIC -> Stability.warningSync(eta, alpha, workers);
            case PUSH_PULL -> Stability.warningDownpour(eta, maxTau(), maxWorkers());
            case CONSENSUS -> rho == null ? null : Stability.warningAdmm(eta, rho, workers);
            case SINGLE, SYNC_OUTER -> null;
        };
        if (w != null && autoTau != null && algorithm.kind() == Algorithm.Kind.PUSH_PULL) {
            w = "tau is auto and may grow to autoTau.max = " + autoTau.max() + ", the case checked here: " + w
                    + " (for auto: lower autoTau.max)";
        }
        if (w != null && workersMax != null && algorithm.kind() == Algorithm.Kind.PUSH_PULL) {
            w = "workers may grow to workers.max = " + workersMax + ", the case checked here: " + w
                    + " (for a range: lower workers.max)";
        }
        if (w != null) {
            warnings.add(w);
        }
        if (overlap() && algorithm.kind() == Algorithm.Kind.ELASTIC && alpha >= OVERLAP_ALPHA_LIMIT) {
            warnings.add(String.format(java.util.Locale.ROOT, "overlap with alpha = %.4g >= 2/3: the elastic move "
                    + "reaches the worker k local steps late, and on f = x^2/2 a late move this strong can overshoot "
                    + "when k * eta * h is large (docs/algorithms.md, \"Overlapped exchange\"); lower alpha (beta/p) "
                    + "or fix a small k", alpha));
        }
        return warnings;
    }

    /** Parses and validates JSON, filling defaults; every problem is reported with its field. */
    public static JobSpec parse(String json) {
        try {
            return Json.MAPPER.readValue(json, JobSpec.class);
        } catch (JsonProcessingException e) {
            throw asValidation(e);
        }
    }

    /** Turns a Jackson failure on a spec into field-named errors. */
    public static SpecValidationException asValidation(JsonProcessingException e) {
        if (e instanceof ValueInstantiationException vie && vie.getCause() instanceof SpecValidationException sve) {
            return sve;
        }
        if (e instanceof UnrecognizedPropertyException upe) {
            return new SpecValidationException(path(upe), "is not a job spec field");
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mie && !mie.getPath().isEmpty()
                && mie.getTargetType() != null) {
            Class<?> t = mie.getTargetType();
            String expected = t.isEnum() ? "must be one of " + java.util.Arrays.toString(t.getEnumConstants())
                    : t == Boolean.class || t == boolean.class ? "must be true or false"
                    : Number.class.isAssignableFrom(t) || (t.isPrimitive() && t != boolean.class) ? "must be a number"
                    : t == String.class ? "must be a string" : "must be a JSON object";
            String found = mie instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException ife
                    ? ", found " + Json.MAPPER.valueToTree(ife.getValue()) : "";
            return new SpecValidationException(path(mie), expected + found);
        }
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            return new SpecValidationException(path(jme), "has the wrong type or format: " + jme.getOriginalMessage()
                    .replaceAll("\\s*\\(?through reference chain.*", "")
                    .replaceAll("\\s*at \\[Source.*", "")
                    .lines().findFirst().orElse(""));
        }
        return new SpecValidationException("body", "is not valid JSON: " + e.getOriginalMessage());
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising a job spec", e);
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static JobSpec fromDraft(Draft draft) {
        return draft.toSpec();
    }

    /** A job spec as it arrives: any field may be missing and gets its default. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Draft(
            Algorithm algorithm,
            JsonNode workers,
            JsonNode tau,
            AutoTau.Draft autoTau,
            Double eta,
            Double alpha,
            Double beta,
            Double delta,
            Double averagingRate,
            Integer batchSize,
            Double weightDecay,
            String model,
            String modelJson,
            String dataset,
            Long seed,
            StopCriteria stop,
            JsonNode overlap,
            InnerOptimizer innerOptimizer,
            Double outerLr,
            Double outerMomentum,
            Double rho,
            Compression compression,
            Simulate simulate,
            Integer roundDeadlineMs) {

        public static final double DEFAULT_BETA = 0.9;
        /** DILOCO's default H = τ: see docs/algorithms.md "DiLoCo". */
        public static final int DEFAULT_DILOCO_TAU = 50;
        /** DILOCO's default outer learning rate, the paper's. */
        public static final double DEFAULT_OUTER_LR = 0.7;
        /** DILOCO's default outer Nesterov momentum, the paper's. */
        public static final double DEFAULT_OUTER_MOMENTUM = 0.9;
        /** η for DILOCO with Adam inside when none is given (0.05, the other rules' default, is too large for Adam). */
        public static final double DEFAULT_ADAM_ETA = 0.001;
        /** ADMM's default penalty ρ: see docs/algorithms.md "ADMM". */
        public static final double DEFAULT_RHO = 1.0;

        public JobSpec toSpec() {
            Algorithm a = algorithm != null ? algorithm : Algorithm.EAMSGD;
            int[] range = workerRange(workers);
            int p = range != null ? range[0] : simulate != null ? simulate.workers() : (a.singleWorker() ? 1 : 2);
            Integer workersMax = range != null && range[1] != range[0] ? range[1] : null;
            double resolvedAlpha;
            if (alpha != null && beta == null && workersMax != null) {
                // with beta too it is checked below to be beta/min: a spec's own JSON has both
                throw new SpecValidationException("alpha", "cannot be given alone with a worker range: alpha = beta/p "
                        + "follows the current p; give beta (the total pull, default " + DEFAULT_BETA + ") instead");
            } else if (alpha != null && beta != null && Math.abs(alpha * p - beta) > 1e-9) {
                throw new SpecValidationException("beta", "must equal workers * alpha (" + (alpha * p)
                        + ") when both alpha and beta are given, found " + beta);
            } else if (alpha != null) {
                resolvedAlpha = alpha;
            } else if (beta != null) {
                if (!(beta > 0 && beta <= 1)) {
                    throw new SpecValidationException("beta", "must be in (0, 1], found " + beta);
                }
                resolvedAlpha = p > 0 ? beta / p : beta;
            } else {
                resolvedAlpha = p > 0 ? DEFAULT_BETA / p : DEFAULT_BETA;
            }
            boolean auto = tau != null && tau.isTextual() && AUTO.equals(tau.asText());
            if (!auto && autoTau != null) {
                throw new SpecValidationException("autoTau", "is only allowed when tau is \"auto\"");
            }
            return new JobSpec(a, p,
                    auto ? 0 : fixedTau(tau, a),
                    auto ? (autoTau != null ? autoTau : new AutoTau.Draft(null, null, null, null)).toAutoTau() : null,
                    eta != null ? eta : defaultEta(a),
                    resolvedAlpha,
                    delta != null ? delta : 0.9,
                    averagingRate != null ? averagingRate : 0.001,
                    batchSize != null ? batchSize : 128,
                    weightDecay != null ? weightDecay : 1e-4,
                    model != null ? model : "mlp",
                    modelJson,
                    dataset != null ? dataset : "mnist-10k",
                    seed != null ? seed : 42L,
                    stop != null ? stop : StopCriteria.defaults(),
                    overlapSteps(overlap),
                    a.usesOuterOptimizer() && innerOptimizer == null ? InnerOptimizer.NESTEROV : innerOptimizer,
                    a.usesOuterOptimizer() && outerLr == null ? Double.valueOf(DEFAULT_OUTER_LR) : outerLr,
                    a.usesOuterOptimizer() && outerMomentum == null ? Double.valueOf(DEFAULT_OUTER_MOMENTUM) : outerMomentum,
                    a.usesPenalty() && rho == null ? Double.valueOf(DEFAULT_RHO) : rho,
                    compression != null ? compression : Compression.NONE,
                    workersMax,
                    simulate,
                    roundDeadlineMs);
        }

        private double defaultEta(Algorithm a) {
            return a.usesOuterOptimizer() && innerOptimizer == InnerOptimizer.ADAM ? DEFAULT_ADAM_ETA : 0.05;
        }

        /**
         * {@code "workers"}: {@code {p, p}} for a number (an integral JSON number, or its digits as a
         * string), {@code {min, max}} for a range object (both required); null when absent.
         */
        private static int[] workerRange(JsonNode workers) {
            if (workers == null || workers.isNull()) {
                return null;
            }
            Integer p = integer(workers);
            if (p != null) {
                return new int[] {p, p};
            }
            if (!workers.isObject()) {
                throw new SpecValidationException("workers", "must be an integer in [1, " + MAX_WORKERS
                        + "] or a range {\"min\": m, \"max\": n}, found " + workers);
            }
            List<FieldError> errors = new ArrayList<>();
            workers.fieldNames().forEachRemaining(f -> {
                if (!f.equals("min") && !f.equals("max")) {
                    errors.add(new FieldError("workers." + f, "is not a field of a worker range (min, max)"));
                }
            });
            Integer min = rangeEnd(workers, "min", errors);
            Integer max = rangeEnd(workers, "max", errors);
            if (min != null && (min < 1 || min > MAX_WORKERS)) {
                errors.add(new FieldError("workers.min", "must be in [1, " + MAX_WORKERS + "], found " + min));
            } else if (min != null && max != null && (max < min || max > MAX_WORKERS)) {
                errors.add(new FieldError("workers.max", "must be in [min, " + MAX_WORKERS + "] = [" + min + ", "
                        + MAX_WORKERS + "], found " + max));
            }
            if (!errors.isEmpty()) {
                throw new SpecValidationException(errors);
            }
            return new int[] {min, max};
        }

        private static Integer rangeEnd(JsonNode range, String name, List<FieldError> errors) {
            JsonNode v = range.get(name);
            if (v == null || v.isNull()) {
                errors.add(new FieldError("workers." + name, "is required in a worker range"));
                return null;
            }
            Integer n = integer(v);
            if (n == null) {
                errors.add(new FieldError("workers." + name, "must be an integer, found " + v));
            }
            return n;
        }

        private static Integer integer(JsonNode v) {
            if (v.isNumber() && v.canConvertToInt() && v.asDouble() == v.asInt()) {
                return v.asInt();
            }
            if (v.isTextual() && v.asText().matches("-?[0-9]{1,9}")) {
                return Integer.parseInt(v.asText());
            }
            return null;
        }

        /**
         * {@code "overlap"}: false or absent → {@link #OVERLAP_OFF}, true → {@link #OVERLAP_AUTO}, an
         * integral JSON number k → k (checked to be ≥ 1 by the spec). A string is refused, as the boolean
         * it used to be was: "yes" or "2" is more likely a mistake than a request.
         */
        private static int overlapSteps(JsonNode overlap) {
            if (overlap == null || overlap.isNull()) {
                return OVERLAP_OFF;
            }
            if (overlap.isBoolean()) {
                return overlap.asBoolean() ? OVERLAP_AUTO : OVERLAP_OFF;
            }
            if (overlap.isIntegralNumber() && overlap.canConvertToInt() && overlap.asInt() >= 1) {
                return overlap.asInt();
            }
            throw new SpecValidationException("overlap", "must be true (k chosen by each worker), false or an integer"
                    + " k >= 1 (the local steps an exchange runs behind), found " + overlap);
        }

        /** A number τ (an integral JSON number, or its digits as a string); the default when absent. */
        private static int fixedTau(JsonNode tau, Algorithm a) {
            if (tau == null || tau.isNull()) {
                return a == Algorithm.MDOWNPOUR ? 1 : a == Algorithm.DILOCO ? DEFAULT_DILOCO_TAU : 10;
            }
            if (tau.isNumber() && tau.canConvertToInt() && tau.asDouble() == tau.asInt()) {
                return tau.asInt();
            }
            if (tau.isTextual() && tau.asText().matches("-?[0-9]{1,9}")) {
                return Integer.parseInt(tau.asText());
            }
            throw new SpecValidationException("tau", "must be an integer >= 1 or \"" + AUTO + "\", found " + tau);
        }
    }
}
