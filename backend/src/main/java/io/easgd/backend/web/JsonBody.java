package io.easgd.backend.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.core.spec.FieldError;
import io.easgd.core.spec.Json;
import io.easgd.core.spec.SpecValidationException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reading a request body strictly, field by field, for the bodies the server reads itself (fault lab, plans,
 * sweep searches): a JSON object or a 400 on {@code body}, unknown fields named, integers in a range, lower-case
 * enum names. Each problem is a {@link FieldError} naming the request's field, collected so one answer lists all.
 */
public final class JsonBody {
    private JsonBody() {
    }

    /** The body as a JSON object; a 400 on {@code body} otherwise ({@code expected}: "a JSON object with jobId"). */
    public static JsonNode object(String body, String expected) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new SpecValidationException("body", "must be JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new SpecValidationException("body", "must be " + expected);
        }
        return node;
    }

    /** Every field of {@code node} not in {@code fields}: "{prefix}{f} is not {what}; the fields are [...]". */
    public static void unknown(JsonNode node, Set<String> fields, String prefix, String what, List<FieldError> errors) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                errors.add(new FieldError(prefix + f, "is not " + what + "; the fields are " + new TreeSet<>(fields)));
            }
        }
    }

    /** {@code v} as an integer in [min, max]; {@code absent} when missing or null; null with an error when bad. */
    public static Long longIn(JsonNode v, String field, long min, long max, Long absent, List<FieldError> errors) {
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            errors.add(new FieldError(field, "must be an integer in [" + min + ", " + max + "], found " + v));
            return null;
        }
        return v.asLong();
    }

    /** {@code v} as one of {@code type}'s constants written in lower case; {@code absent} when missing. */
    public static <E extends Enum<E>> E lowerCaseEnum(JsonNode v, String field, Class<E> type, E absent,
                                                       List<FieldError> errors) {
        if (v == null || v.isNull()) {
            return absent;
        }
        List<String> names = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
        if (v.isTextual() && names.contains(v.asText())) {
            return Enum.valueOf(type, v.asText().toUpperCase(Locale.ROOT));
        }
        errors.add(new FieldError(field, "must be one of " + names + ", found " + v));
        return null;
    }
}
