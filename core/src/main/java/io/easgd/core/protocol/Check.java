package io.easgd.core.protocol;

import io.easgd.core.spec.Text;
import java.util.regex.Pattern;

/** Field checks of the message records; a failure names the field and the value. */
final class Check {
    /** Dataset and file names: one path segment, never "." or "..". */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Check() {
    }

    static void that(boolean ok, String field, String rule, Object found) {
        if (!ok) {
            throw new IllegalArgumentException(field + " " + rule + ", found " + found);
        }
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static String text(String value, String field) {
        present(value, field);
        that(!value.isBlank(), field, "must not be blank", "\"" + value + "\"");
        return value;
    }

    static String name(String value, String field) {
        present(value, field);
        that(NAME.matcher(value).matches(), field, "must be a name of letters, digits, '.', '_', '-'", "\"" + value + "\"");
        return value;
    }

    /**
     * Long free text (messages, reasons) cut to {@code max} characters so the message stays small, and
     * made storable: NUL, other control characters and lone surrogates become U+FFFD ({@link Text#clean}),
     * as this text ends up in the database (a failed job's reason).
     */
    static String cut(String value, int max) {
        return Text.clean(value, max);
    }
}
