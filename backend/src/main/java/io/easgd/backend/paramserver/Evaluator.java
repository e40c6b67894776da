package io.easgd.backend.paramserver;

import io.easgd.backend.EasgdProperties;
import io.easgd.core.model.FlatNetwork;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.rules.RoundMaster;
import io.easgd.core.rules.Vec;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.training.JobModel;
import io.easgd.core.training.MasterCheckpoint;
import io.easgd.core.training.Rules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;

/**
 * Evaluation and checkpoints of running jobs on one background thread, {@code easgd-eval} (DL4J
 * networks are not thread-safe and the machines are small). A checkpoint is the whole master state
 * — x̃ and whatever the rule keeps besides (momentum, average, counters) — taken atomically and
 * written as one file ({@link MasterCheckpoint}, {@code checkpoints/job-<id>.ckpt}); the model a
 * user downloads is made from that same state, so the two never disagree.
 */
@Component
class Evaluator implements AutoCloseable {
    private final ExecutorService pool = Executors.newSingleThreadExecutor(Threads.named("easgd-eval"));
    private final Path dir;

    Evaluator(EasgdProperties props) {
        this.dir = props.dataDir().resolve("checkpoints").toAbsolutePath();
        int threads = props.eval().threads();
        if (threads > 0) {
            // the backend's only DL4J work is here; on a machine shared with local agents it must not take every core
            pool.execute(() -> {
                org.nd4j.linalg.factory.Environment env = org.nd4j.linalg.factory.Nd4j.getEnvironment();
                env.setMaxMasterThreads(threads);
                env.setMaxThreads(threads);
            });
        }
    }

    /** Test loss and error of the evaluated variable, its norm for the blow-up guard, and how long it took. */
    record Evaluation(FlatNetwork.Score score, double norm, double seconds) {
    }

    CompletableFuture<Evaluation> evaluate(JobRun run) {
        return CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            float[] x = new float[run.parameters];
            run.master.copyEvaluated(x);
            FlatNetwork.Score score = run.model.evaluate(network(run), x);
            return new Evaluation(score, Vec.norm(x), (System.nanoTime() - t0) / 1e9);
        }, pool);
    }

    /** Writes the run's master state with the job's step it stands for; completes with that step. */
    CompletableFuture<Long> checkpoint(JobRun run) {
        return CompletableFuture.supplyAsync(() -> {
            long reached = run.reachedJobStep();     // before the snapshot: the state holds every upload it counts
            MasterRule.State state = run.master.snapshot();
            long step = checkpointStep(run, reached, state);
            try {
                Files.createDirectories(dir);
                atomicWrite(checkpointFile(run.jobId), out -> MasterCheckpoint.write(out, state, step));
                Files.deleteIfExists(legacyCenterFile(run.jobId));
                Files.deleteIfExists(legacyModelFile(run.jobId));
            } catch (IOException e) {
                throw new UncheckedIOException("checkpointing job " + run.jobId + ": " + e.getMessage(), e);
            }
            return step;
        }, pool);
    }

    /**
     * The job's step a checkpoint stands for, where every worker restarts: the slowest worker's, as far as
     * the master holds its work ({@code reached}, {@link JobRun#reachedJobStep}); for
     * synchronous rules the step of the last completed round — of the furthest rank's last applied
     * upload, which is the same without a round deadline (every rank in every round) and, with one,
     * never more than a worker trained (rounds may outnumber a rank's uploads).
     */
    private static long checkpointStep(JobRun run, long reached, MasterRule.State state) {
        if (state.counters().get(RoundMaster.ROUNDS) == null) {
            return reached;
        }
        return run.startStep + run.furthestStepsOfArrivals(r -> state.counters().get(RoundMaster.ARRIVALS + r));
    }

    /** The evaluated variable of a running job as a ModelSerializer zip. */
    CompletableFuture<byte[]> modelZip(JobRun run) {
        return CompletableFuture.supplyAsync(() -> {
            float[] x = new float[run.parameters];
            run.master.copyEvaluated(x);
            return zip(network(run), x);
        }, pool);
    }

    /** The evaluated variable of a job's last checkpoint as a ModelSerializer zip, if it has one. */
    CompletableFuture<Optional<byte[]>> savedModelZip(long jobId, JobSpec spec, JobModel model) {
        return CompletableFuture.supplyAsync(() -> {
            Path legacy = legacyModelFile(jobId);
            try {
                Optional<Saved> saved = saved(jobId, spec);
                if (saved.isEmpty()) {
                    return Files.isRegularFile(legacy) ? Optional.of(Files.readAllBytes(legacy)) : Optional.empty();
                }
                float[] x = new float[saved.get().master().size()];
                saved.get().master().copyEvaluated(x);
                return Optional.of(zip(model.newNetwork(), x));
            } catch (IOException e) {
                throw new UncheckedIOException("reading the checkpoint of job " + jobId + ": " + e.getMessage(), e);
            }
        }, pool);
    }

    /** A master restored from the job's checkpoint and the job's step it stands for. */
    record Saved(MasterRule master, long step) {
    }

    /**
     * The job's last checkpoint as a master of the spec's rule, restored; a checkpoint of the
     * format before full master states (x̃ only, {@code job-<id>.center}) is taken as x̃.
     */
    Optional<Saved> saved(long jobId, JobSpec spec) throws IOException {
        Path f = checkpointFile(jobId);
        if (Files.isRegularFile(f)) {
            MasterCheckpoint.Checkpoint c;
            try (InputStream in = Files.newInputStream(f)) {
                c = MasterCheckpoint.read(in);
            }
            MasterRule master = Rules.master(spec);
            master.restore(c.state());
            return Optional.of(new Saved(master, c.jobStep()));
        }
        Path legacy = legacyCenterFile(jobId);
        if (Files.isRegularFile(legacy)) {
            byte[] bytes = Files.readAllBytes(legacy);
            float[] center = new float[bytes.length / 4];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(center);
            MasterRule master = Rules.master(spec);
            master.init(center);
            return Optional.of(new Saved(master, -1));
        }
        return Optional.empty();
    }

    Path checkpointFile(long jobId) {
        return dir.resolve("job-" + jobId + ".ckpt");
    }

    private Path legacyCenterFile(long jobId) {
        return dir.resolve("job-" + jobId + ".center");
    }

    private Path legacyModelFile(long jobId) {
        return dir.resolve("job-" + jobId + ".zip");
    }

    private static byte[] zip(FlatNetwork network, float[] x) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            network.writeModel(x, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static FlatNetwork network(JobRun run) {
        if (run.evalNetwork == null) {
            run.evalNetwork = run.model.newNetwork();
        }
        return run.evalNetwork;
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void atomicWrite(Path target, Writer writer) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (java.io.FileOutputStream file = new java.io.FileOutputStream(tmp.toFile());
             OutputStream out = new java.io.BufferedOutputStream(file, 1 << 16)) {
            writer.write(out);
            out.flush();
            file.getFD().sync();                     // on disk before it replaces the previous checkpoint
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
