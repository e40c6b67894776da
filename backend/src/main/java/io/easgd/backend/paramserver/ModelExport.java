package io.easgd.backend.paramserver;

import io.easgd.backend.datasets.DatasetCatalog;
import io.easgd.backend.jobs.Job;
import io.easgd.core.training.JobModel;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** A job's evaluated variable as a DL4J ModelSerializer zip: live from its run here, else from its last checkpoint. */
@Component
class ModelExport {
    private final Runs runs;
    private final Evaluator evaluator;
    private final DatasetCatalog catalog;

    ModelExport(Runs runs, Evaluator evaluator, DatasetCatalog catalog) {
        this.runs = runs;
        this.evaluator = evaluator;
        this.catalog = catalog;
    }

    /** The job's model: live while it runs on this replica, else its last checkpoint's; empty when it has none. */
    Optional<byte[]> of(Job job) {
        if (job.spec().simulate() != null) {
            throw new java.util.NoSuchElementException("job " + job.id() + " is simulated: its virtual cluster runs on "
                    + "the agent, which does not upload its final center, so it has no model");
        }
        return live(job.id()).or(() -> saved(job));
    }

    private Optional<byte[]> live(long jobId) {
        return runs.get(jobId).map(run -> {
            try {
                return evaluator.modelZip(run).get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("exporting the model of job " + jobId + ": " + e.getMessage(), e);
            }
        });
    }

    private Optional<byte[]> saved(Job job) {
        try {
            JobModel model = new JobModel(job.spec(), catalog.load(job.spec().dataset()));
            return evaluator.savedModelZip(job.id(), job.spec(), model).get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof UncheckedIOException u) {
                throw u;
            }
            throw new IllegalStateException("exporting the model of job " + job.id() + ": " + cause.getMessage(), cause);
        }
    }
}
