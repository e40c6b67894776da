package io.easgd.core.data;

import java.nio.file.Path;

/** A dataset file is missing, truncated or not in the format its name promises. */
public class DatasetFormatException extends RuntimeException {
    public DatasetFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DatasetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
