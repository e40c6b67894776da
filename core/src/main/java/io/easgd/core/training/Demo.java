package io.easgd.core.training;

import io.easgd.core.data.Dataset;
import io.easgd.core.data.MnistSample;
import io.easgd.core.spec.JobSpec;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains one job spec in this JVM and prints progress: the in-process demo of the README. */
@Command(name = "easgd-demo", mixinStandardHelpOptions = true,
        description = "Train a job spec in-process on p worker threads and one master.")
public final class Demo implements Callable<Integer> {
    @Option(names = "--spec", description = "Job spec JSON (fields in docs/api.md); missing fields get defaults.",
            defaultValue = "{\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":10,\"eta\":0.1,\"delta\":0.9,\"stop\":{\"maxSteps\":2000}}")
    String spec;

    @Option(names = "--data-dir", description = "Where datasets live (env EASGD_DATA_DIR), one folder each.",
            defaultValue = "${env:EASGD_DATA_DIR:-easgd-data}")
    Path dataDir;

    @Option(names = "--eval-every", description = "Evaluate the center every this many steps of worker 0.",
            defaultValue = "250")
    int evalEvery;

    @Override
    public Integer call() {
        JobSpec job = JobSpec.parse(spec);
        Path datasets = dataDir.resolve("datasets");
        if (job.dataset().equals(MnistSample.NAME)) {
            MnistSample.ensure(datasets);
        }
        Dataset dataset = Dataset.load(datasets.resolve(job.dataset()));
        System.out.printf(Locale.ROOT, "%s p=%d tau=%s eta=%s alpha=%s model=%s on %s (%d train / %d test)%n",
                job.algorithm(), job.workers(), job.tauLabel(), job.eta(), job.alpha(), job.model(), dataset.name(),
                dataset.train().count(), dataset.test().count());
        job.warnings().forEach(w -> System.out.println("warning: " + w));
        RunReport report = new InProcessRunner(new JobModel(job, dataset), evalEvery, new InProcessRunner.Listener() {
            @Override
            public void onEvaluation(RunReport.EvalPoint e) {
                System.out.printf(Locale.ROOT, "%7.1fs  step %5d  master updates %6d  center test loss %.4f  "
                        + "test accuracy %.2f%%  norm %.1f%n", e.seconds(), e.step(), e.masterUpdates(), e.testLoss(),
                        100 * (1 - e.testError()), e.norm());
            }
        }).run();
        RunReport.EvalPoint last = report.last();
        System.out.printf(Locale.ROOT, "%s (%s): center test accuracy %.2f%% after %d steps per worker in %.1f s; "
                        + "%d exchanges, %.1f MB up, %.1f MB down%n",
                report.outcome(), report.reason(), last == null ? Double.NaN : 100 * (1 - last.testError()),
                report.stepsPerWorker(), report.wallSeconds(), report.exchanges(), report.payloadBytesUp() / 1e6,
                report.payloadBytesDown() / 1e6);
        return report.outcome() == RunReport.Outcome.COMPLETED ? 0 : 1;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Demo()).execute(args));
    }
}
