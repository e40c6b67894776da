package io.easgd.backend.web;

import io.easgd.core.spec.Text;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Query parameters and headers read the one way: bad values become a 400 naming the parameter. */
public final class QueryParams {
    /** Longest value of a list parameter (enum constants and series names are far shorter). */
    static final int MAX_VALUE_LENGTH = 64;

    private QueryParams() {
    }

    /** An integer in [min, max]. */
    public static long longIn(String field, String value, long min, long max) {
        long v;
        try {
            v = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new BadParameterException(field, "must be an integer, found " + value);
        }
        if (v < min || v > max) {
            throw new BadParameterException(field, max == Long.MAX_VALUE ? "must be >= " + min + ", found " + v
                    : "must be in [" + min + ", " + max + "], found " + v);
        }
        return v;
    }

    /**
     * The values of a repeatable, comma-separated parameter ({@code ?a=x,y&a=z}), surrounding whitespace
     * stripped and blanks dropped; empty when absent. Declare the parameter as a {@code String}: Spring
     * joins repeated values with commas and, unlike its conversion to a {@code List}, does not trim
     * control characters away, so each value is checked here ({@link Text}) and a bad one is a 400.
     */
    public static List<String> csv(String field, String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                String problem = Text.problem(part, MAX_VALUE_LENGTH);
                if (problem != null) {
                    throw new BadParameterException(field, problem);
                }
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    /** Enum constants named by a comma-separated parameter, case-insensitive. */
    public static <E extends Enum<E>> Set<E> enums(Class<E> type, String field, String value) {
        Set<E> out = EnumSet.noneOf(type);
        for (String part : csv(field, value)) {
            try {
                out.add(Enum.valueOf(type, part.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new BadParameterException(field, "must be one of " + EnumSet.allOf(type) + ", found " + part);
            }
        }
        return out;
    }
}
