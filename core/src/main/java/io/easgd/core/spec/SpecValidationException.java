package io.easgd.core.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A job spec was refused; {@link #errors()} names every bad field. */
public class SpecValidationException extends IllegalArgumentException {
    private final List<FieldError> errors;

    public SpecValidationException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public SpecValidationException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
