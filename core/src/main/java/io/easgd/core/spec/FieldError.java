package io.easgd.core.spec;

/** One invalid field: its JSON name (dotted for nested fields) and what is wrong with it. */
public record FieldError(String field, String message) {
    @Override
    public String toString() {
        return field + " " + message;
    }
}
