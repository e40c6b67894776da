package io.easgd.backend.jobs;

/** No job has this id. */
public class JobNotFoundException extends RuntimeException {
    public JobNotFoundException(long id) {
        super("job " + id + " does not exist");
    }
}
