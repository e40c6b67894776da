package io.easgd.backend.web;

import io.easgd.core.spec.SpecValidationException;

/** A query parameter or header has a bad value; reported as 400 naming it. */
public class BadParameterException extends SpecValidationException {
    public BadParameterException(String field, String message) {
        super(field, message);
    }
}
