package io.easgd.core.model;

/** A model configuration cannot be built or does not fit the dataset. */
public class InvalidModelException extends IllegalArgumentException {
    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }

    public InvalidModelException(String message) {
        super(message);
    }
}
