package io.easgd.core.spec;

import java.util.List;

/**
 * The one check every string the API accepts goes through before it can reach the database or the
 * UI. PostgreSQL's {@code text} and {@code jsonb} refuse NUL, and a lone UTF-16 surrogate has no
 * UTF-8 form, so both are refused here, with the field named, instead of failing at the insert.
 * <ul>
 * <li>valid Unicode only: no lone (unpaired) surrogate;</li>
 * <li>no control character (Unicode category Cc: U+0000–U+001F, U+007F–U+009F); {@link #checkMultiline}
 * allows tab, line feed and carriage return, for JSON text;</li>
 * <li>no bidirectional embedding/override/isolate control (U+202A–U+202E, U+2066–U+2069), which can
 * make a name display as something else ("Trojan Source"); right-to-left letters and the
 * invisible marks U+200E, U+200F and U+061C are fine;</li>
 * <li>single-line text also refuses U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR;</li>
 * <li>at most {@code maxLength} characters, counted as Unicode code points.</li>
 * </ul>
 * Bad text is refused, never silently changed. Messages give the offending code point and its
 * position, never the raw value.
 */
public final class Text {
    /** Job name ({@code POST /jobs} and clone). */
    public static final int NAME_MAX = 200;
    /** {@code model}: a preset name or {@code custom}. */
    public static final int MODEL_MAX = 64;
    /** {@code dataset}: a dataset name. */
    public static final int DATASET_MAX = 64;
    /** {@code modelJson}: a DL4J MultiLayerConfiguration; under the 256 KiB request body and protocol message limits. */
    public static final int MODEL_JSON_MAX = 200_000;

    private Text() {
    }

    /**
     * Adds an error for {@code field} when {@code value} is not acceptable single-line text of at most
     * {@code maxLength} characters; returns whether it is acceptable. Null is acceptable (whether the
     * field is required is the caller's business).
     */
    public static boolean check(List<FieldError> errors, String field, String value, int maxLength) {
        return check(errors, field, value, maxLength, false);
    }

    /** As {@link #check}, but tab, line feed and carriage return are allowed (JSON text, free text). */
    public static boolean checkMultiline(List<FieldError> errors, String field, String value, int maxLength) {
        return check(errors, field, value, maxLength, true);
    }

    /** The problem with {@code value} as single-line text of at most {@code maxLength} characters, or null when none. */
    public static String problem(String value, int maxLength) {
        return problem(value, maxLength, false);
    }

    /**
     * Free text the platform records but does not let a user choose (an agent's failure message, a
     * reason), normalised instead of refused: every character {@link #checkMultiline} refuses becomes
     * U+FFFD, and text over {@code maxLength} characters is cut to {@code maxLength - 1} and "…",
     * never inside a surrogate pair. Null stays null.
     */
    public static String clean(String value, int maxLength) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), maxLength + 1));
        int count = 0;
        int total = value.codePointCount(0, value.length());
        int keep = total <= maxLength ? total : maxLength - 1;
        for (int i = 0; i < value.length() && count < keep; count++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(i + 1));
                i += 2;
                continue;
            }
            boolean bad = Character.isSurrogate(c)
                    || (Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r')
                    || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
            out.append(bad ? '\uFFFD' : c);
            i++;
        }
        return total <= maxLength ? out.toString() : out.append('…').toString();
    }

    private static boolean check(List<FieldError> errors, String field, String value, int maxLength, boolean multiline) {
        String problem = problem(value, maxLength, multiline);
        if (problem != null) {
            errors.add(new FieldError(field, problem));
        }
        return problem == null;
    }

    private static String problem(String value, int maxLength, boolean multiline) {
        if (value == null) {
            return null;
        }
        int length = value.codePointCount(0, value.length());
        if (length > maxLength) {
            return "must be at most " + maxLength + " characters, found " + length;
        }
        int position = 1;                             // 1-based, in code points
        for (int i = 0; i < value.length(); position++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i += 2;                              // a well-formed pair: a code point above U+FFFF
                continue;
            }
            if (Character.isSurrogate(c)) {
                return "must be valid Unicode: lone UTF-16 surrogate " + hex(c) + " at character " + position;
            }
            if (Character.getType(c) == Character.CONTROL && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) {
                return "must not contain control characters, found " + hex(c) + " at character " + position;
            }
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return "must not contain bidirectional formatting characters, found " + hex(c) + " at character " + position;
            }
            if (!multiline && (c == '\u2028' || c == '\u2029')) {
                return "must be a single line, found " + hex(c) + " at character " + position;
            }
            i++;
        }
        return null;
    }

    private static String hex(char c) {
        return String.format("U+%04X", (int) c);
    }
}
