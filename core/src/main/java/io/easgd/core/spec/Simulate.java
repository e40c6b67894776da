package io.easgd.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job spec's {@code "simulate"} object: run the job's p workers on ONE agent, in the virtual
 * cluster ({@code io.easgd.core.sim.VirtualCluster}), with virtual time from a compute model and a
 * link model instead of the wall clock. Its fields (docs/virtual-cluster.md):
 * <ul>
 * <li>{@code workers}: p, 1..{@value #MAX_WORKERS}, required; the spec's own {@code workers} is this p
 * (absent or equal: α = β/p follows it);</li>
 * <li>{@code link}: each worker's link, {@code "<bandwidth>,<latency>"} such as {@code "100mbit,0.5ms"};
 * bandwidth in kbit|mbit|gbit (per second, decimal: 1 mbit = 10^6 bit/s), latency one way in
 * us|ms|s; default {@value #DEFAULT_LINK};</li>
 * <li>{@code serverLink}: the bandwidth of the parameter server's link, one FIFO shared by all
 * workers each way (fan-in contention); default the link's bandwidth;</li>
 * <li>{@code stepMs}: {@code "measured"} (default, held as null: the agent times the job's own model)
 * or the compute time of one local step in ms, in (0, {@value #MAX_STEP_MS}];</li>
 * <li>{@code jitter}: {@code "measured"} (default, held as null: {@link #MEASURED_JITTER}) or the
 * coefficient of variation of a step's time, in [0, {@value #MAX_JITTER}], drawn from the spec's seed.</li>
 * </ul>
 * Text is kept as given, lower-cased and without blanks, so the spec's JSON reads back equal; the
 * numbers are {@link #linkBitsPerSecond()}, {@link #latencySeconds()} and {@link #serverBitsPerSecond()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"workers", "link", "serverLink", "stepMs", "jitter"})
public record Simulate(int workers, String link, String serverLink, @JsonIgnore Double stepMs,
                       @JsonIgnore Double jitter) {

    public static final int MAX_WORKERS = 64;
    public static final String DEFAULT_LINK = "10gbit,0.05ms";
    public static final String MEASURED = "measured";
    /** The largest bandwidth accepted, in bit/s (1000 gbit). */
    public static final double MAX_BITS_PER_SECOND = 1e12;
    /** The largest one-way latency accepted, in seconds. */
    public static final double MAX_LATENCY_SECONDS = 10;
    public static final double MAX_STEP_MS = 3_600_000;
    public static final double MAX_JITTER = 5;
    /**
     * The coefficient of variation of a step's compute time that {@code "jitter": "measured"} stands
     * for: 0.45, measured on this project's 2-core machine with nothing else running
     * ({@code core/src/test/java/io/easgd/core/sim/StepJitterMeasurement}: two threads, like two agents
     * each on one core, 400 MLP steps of batch 128 each: median 8.6 ms, mean 10.7 ms, cv 0.58 pooled and
     * 0.44 without the slowest 1 %, i.e. without GC pauses, which a lognormal over every step would
     * spread too thin). Real p = 2 jobs with the backend on the same two cores measure more - cv 0.8-1.2
     * for the part of a round that differs between workers (docs/virtual-cluster.md, "Validation").
     */
    public static final double MEASURED_JITTER = 0.45;

    private static final Pattern BANDWIDTH = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(kbit|mbit|gbit)");
    private static final Pattern LATENCY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(us|ms|s)");

    public Simulate {
        link = normalise(link);
        serverLink = normalise(serverLink);
        List<FieldError> errors = new ArrayList<>();
        if (workers < 1 || workers > MAX_WORKERS) {
            errors.add(new FieldError("simulate.workers", "must be in [1, " + MAX_WORKERS + "], found " + workers));
        }
        if (link == null) {
            errors.add(new FieldError("simulate.link", "is required"));
        } else if (Text.check(errors, "simulate.link", link, 64)) {
            String problem = linkProblem(link);
            if (problem != null) {
                errors.add(new FieldError("simulate.link", problem));
            }
        }
        if (serverLink == null) {
            errors.add(new FieldError("simulate.serverLink", "is required"));
        } else if (Text.check(errors, "simulate.serverLink", serverLink, 64)) {
            String problem = bandwidthProblem(serverLink);
            if (problem != null) {
                errors.add(new FieldError("simulate.serverLink", problem + " (the server's bandwidth, e.g. \"10gbit\")"));
            }
        }
        if (stepMs != null && !(Double.isFinite(stepMs) && stepMs > 0 && stepMs <= MAX_STEP_MS)) {
            errors.add(new FieldError("simulate.stepMs", "must be \"" + MEASURED + "\" or a number in (0, "
                    + (long) MAX_STEP_MS + "], found " + stepMs));
        }
        if (jitter != null && !(Double.isFinite(jitter) && jitter >= 0 && jitter <= MAX_JITTER)) {
            errors.add(new FieldError("simulate.jitter", "must be \"" + MEASURED + "\" or a coefficient of variation in"
                    + " [0, " + MAX_JITTER + "], found " + jitter));
        }
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
    }

    /** p workers on the default link, the server's link as fast as a worker's, step time and jitter measured. */
    public static Simulate of(int workers) {
        return new Simulate(workers, DEFAULT_LINK, bandwidthOf(DEFAULT_LINK), null, null);
    }

    /** Each worker's bandwidth, bit/s. */
    public double linkBitsPerSecond() {
        return bitsPerSecond(bandwidthOf(link));
    }

    /** Each worker's one-way latency, seconds. */
    public double latencySeconds() {
        return seconds(link.substring(link.indexOf(',') + 1));
    }

    /** The server link's bandwidth, bit/s, shared by all workers (one FIFO up, one down). */
    public double serverBitsPerSecond() {
        return bitsPerSecond(serverLink);
    }

    /** Whether the step time is to be measured ({@code "stepMs": "measured"}). */
    public boolean stepMeasured() {
        return stepMs == null;
    }

    /** The coefficient of variation a run uses: the given jitter, or {@link #MEASURED_JITTER}. */
    public double jitterOrMeasured() {
        return jitter != null ? jitter : MEASURED_JITTER;
    }

    /** This object with the step time fixed (the agent's measurement of {@code "measured"}). */
    public Simulate withStepMs(double ms) {
        return new Simulate(workers, link, serverLink, ms, jitter);
    }

    @JsonProperty("stepMs")
    Object stepMsJson() {
        return stepMs != null ? (Object) stepMs : MEASURED;
    }

    @JsonProperty("jitter")
    Object jitterJson() {
        return jitter != null ? (Object) jitter : MEASURED;
    }

    private static String normalise(String s) {
        return s == null ? null : s.replaceAll("[ \t]", "").toLowerCase(Locale.ROOT);
    }

    /** "100mbit" of "100mbit,0.5ms". */
    static String bandwidthOf(String link) {
        int comma = link.indexOf(',');
        return comma < 0 ? link : link.substring(0, comma);
    }

    private static String linkProblem(String link) {
        String[] parts = link.split(",", -1);
        if (parts.length != 2) {
            return "must be \"<bandwidth>,<latency>\" such as \"100mbit,0.5ms\" (bandwidth in kbit|mbit|gbit, "
                    + "latency in us|ms|s), found \"" + link + "\"";
        }
        String b = bandwidthProblem(parts[0]);
        if (b != null) {
            return b + " (in \"<bandwidth>,<latency>\")";
        }
        Matcher m = LATENCY.matcher(parts[1]);
        if (!m.matches()) {
            return "must end in a latency such as 0.5ms (a number and us|ms|s), found \"" + parts[1] + "\"";
        }
        double s = seconds(parts[1]);
        if (s > MAX_LATENCY_SECONDS) {
            return "latency must be at most " + (long) MAX_LATENCY_SECONDS + " s, found " + parts[1];
        }
        return null;
    }

    private static String bandwidthProblem(String bandwidth) {
        if (!BANDWIDTH.matcher(bandwidth).matches()) {
            return "bandwidth must be a number and kbit|mbit|gbit (per second), such as 100mbit, found \""
                    + bandwidth + "\"";
        }
        double bps = bitsPerSecond(bandwidth);
        if (!(bps > 0 && bps <= MAX_BITS_PER_SECOND)) {
            return "bandwidth must be in (0, 1000gbit], found " + bandwidth;
        }
        return null;
    }

    private static double bitsPerSecond(String bandwidth) {
        Matcher m = BANDWIDTH.matcher(bandwidth);
        if (!m.matches()) {
            throw new IllegalStateException("not a bandwidth: " + bandwidth);
        }
        BigDecimal v = new BigDecimal(m.group(1));
        long unit = switch (m.group(2)) {
            case "kbit" -> 1_000L;
            case "mbit" -> 1_000_000L;
            default -> 1_000_000_000L;
        };
        return v.multiply(BigDecimal.valueOf(unit)).doubleValue();
    }

    private static double seconds(String latency) {
        Matcher m = LATENCY.matcher(latency);
        if (!m.matches()) {
            throw new IllegalStateException("not a latency: " + latency);
        }
        BigDecimal v = new BigDecimal(m.group(1));
        BigDecimal unit = switch (m.group(2)) {
            case "us" -> new BigDecimal("0.000001");
            case "ms" -> new BigDecimal("0.001");
            default -> BigDecimal.ONE;
        };
        return v.multiply(unit).doubleValue();
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Simulate fromDraft(Draft draft) {
        return draft.toSimulate();
    }

    /** The object as it arrives: {@code workers} required, the rest defaulted. */
    public record Draft(Integer workers, String link, String serverLink, JsonNode stepMs, JsonNode jitter) {
        public Simulate toSimulate() {
            if (workers == null) {
                throw new SpecValidationException("simulate.workers", "is required (the number of virtual workers, 1.."
                        + MAX_WORKERS + ")");
            }
            String l = link != null ? link : DEFAULT_LINK;
            String server = serverLink;
            if (server == null) {
                String n = normalise(l);
                server = bandwidthOf(n);
                if (bandwidthProblem(server) != null) {
                    server = bandwidthOf(DEFAULT_LINK);      // the link's own error is the one reported
                }
            }
            return new Simulate(workers, l, server, measuredOrNumber(stepMs, "simulate.stepMs"),
                    measuredOrNumber(jitter, "simulate.jitter"));
        }

        private static Double measuredOrNumber(JsonNode v, String field) {
            if (v == null || v.isNull() || (v.isTextual() && MEASURED.equals(v.asText()))) {
                return null;
            }
            if (v.isNumber()) {
                return v.asDouble();
            }
            throw new SpecValidationException(field, "must be \"" + MEASURED + "\" or a number, found " + v);
        }
    }
}
