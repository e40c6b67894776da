package io.easgd.core.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An early-stopping search over a sweep's runs: ASHA (one bracket) or asynchronous Hyperband (several), its
 * reduction factor η, the resource runs are measured in and the resource's bounds. The rungs of bracket b are
 * min·η^(b+k) for k = 0, 1, … while below max: bracket 0 is ASHA's, each next one skips one more of its rungs, and
 * the last of Hyperband's default {@link #maxBrackets} brackets has none (its runs go to their end).
 *
 * @param brackets 1 for ASHA; for Hyperband 1 … {@link #maxBrackets}
 */
public record SearchSpec(Method method, int reductionFactor, Resource resource, long min, long max, int brackets) {
    public enum Method {
        ASHA, HYPERBAND;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a rung measures: local steps per worker, seconds since the run started, bytes on the wire. */
    public enum Resource {
        STEPS("Steps", "steps"), SECONDS("Seconds", "s"), BYTES("Bytes", "bytes");

        private final String bound;
        private final String unit;

        Resource(String bound, String unit) {
            this.bound = bound;
            this.unit = unit;
        }

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The request field of its lower bound, {@code minSteps}. */
        public String minField() {
            return "min" + bound;
        }

        public String maxField() {
            return "max" + bound;
        }

        public String unit() {
            return unit;
        }
    }

    public SearchSpec {
        if (reductionFactor < 2 || min < 1 || max <= min) {
            throw new IllegalArgumentException("need reductionFactor >= 2 and 1 <= min < max, found " + reductionFactor
                    + ", " + min + ", " + max);
        }
        if (brackets < 1 || brackets > maxBrackets(reductionFactor, min, max)
                || (method == Method.ASHA && brackets != 1)) {
            throw new IllegalArgumentException("brackets out of range: " + brackets);
        }
    }

    /** The rungs of ASHA's bracket, plus one: the most brackets a Hyperband search can have. */
    public static int maxBrackets(int reductionFactor, long min, long max) {
        return rungs(reductionFactor, min, max, 0).size() + 1;
    }

    /** The rung values of bracket {@code bracket}, ascending. */
    public List<Long> rungs(int bracket) {
        return rungs(reductionFactor, min, max, bracket);
    }

    private static List<Long> rungs(int reductionFactor, long min, long max, int bracket) {
        List<Long> all = new ArrayList<>();
        double r = min;
        while (r < max) {
            all.add(Math.round(r));
            r *= reductionFactor;
        }
        return bracket >= all.size() ? List.of() : List.copyOf(all.subList(bracket, all.size()));
    }

    /** The bracket of the sweep's run at {@code runIndex} (expansion order): the runs are dealt in turn. */
    public int bracketOf(int runIndex) {
        return Math.floorMod(runIndex, brackets);
    }
}
