package io.easgd.backend.web;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Query parameters and headers read the one way: bad values become a 400 naming the parameter. */
public final class QueryParams {
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

    /** The values of a repeatable, comma-separated parameter ({@code ?a=x,y&a=z}), blanks dropped; null: none. */
    public static List<String> csv(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                for (String part : v.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.strip());
                    }
                }
            }
        }
        return out;
    }

    /** Enum constants named by a comma-separated parameter, case-insensitive. */
    public static <E extends Enum<E>> Set<E> enums(Class<E> type, String field, List<String> values) {
        Set<E> out = EnumSet.noneOf(type);
        for (String part : csv(values)) {
            try {
                out.add(Enum.valueOf(type, part.toUpperCase()));
            } catch (IllegalArgumentException e) {
                throw new BadParameterException(field, "must be one of " + EnumSet.allOf(type) + ", found " + part);
            }
        }
        return out;
    }
}
