package io.easgd.backend.jobs;

/** No job has this id. */
public class JobNotFoundException extends io.easgd.backend.web.NotFoundException {
    public JobNotFoundException(long id) {
        super("job " + id + " does not exist");
    }
}
