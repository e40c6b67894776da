package io.easgd.backend.jobs;

/** A job was asked to move to a state its current state cannot reach (e.g. cancel a finished job). */
public class IllegalTransitionException extends io.easgd.backend.web.ConflictException {
    private final JobState current;
    private final JobState requested;

    public IllegalTransitionException(long jobId, JobState current, JobState requested) {
        super("job " + jobId + " is " + current + " and cannot become " + requested, current.name());
        this.current = current;
        this.requested = requested;
    }

    public JobState current() {
        return current;
    }

    public JobState requested() {
        return requested;
    }
}
