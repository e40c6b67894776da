package io.easgd.backend.lab.net;

/** The lab could not be set up (or torn down); the message says which command failed and why. */
public class LabException extends RuntimeException {
    public LabException(String message) {
        super(message);
    }
}
