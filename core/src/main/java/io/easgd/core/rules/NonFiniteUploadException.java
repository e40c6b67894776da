package io.easgd.core.rules;

/** A worker sent NaN or ±Inf: the job has diverged. The center was not touched. */
public class NonFiniteUploadException extends RuntimeException {
    private final int worker;
    private final int index;

    public NonFiniteUploadException(int worker, int index, float value) {
        super("worker " + worker + " sent a non-finite value (" + value + " at index " + index
                + "): training diverged; the center was left as it was");
        this.worker = worker;
        this.index = index;
    }

    public int worker() {
        return worker;
    }

    public int index() {
        return index;
    }
}
