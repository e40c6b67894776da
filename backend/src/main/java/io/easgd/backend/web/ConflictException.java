package io.easgd.backend.web;

/** The request conflicts with the current state of what it names: answered 409 with that state. */
public class ConflictException extends RuntimeException {
    private final String state;

    public ConflictException(String message, String state) {
        super(message);
        this.state = state;
    }

    public String state() {
        return state;
    }
}
