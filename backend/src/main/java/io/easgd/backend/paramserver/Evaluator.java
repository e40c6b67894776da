package io.easgd.backend.paramserver;

import io.easgd.backend.EasgdProperties;
import io.easgd.core.model.FlatNetwork;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * Evaluation and checkpoints of running jobs on one background thread (DL4J networks are not
 * thread-safe and the machines are small): test loss and error of the evaluated variable, the
 * center saved as raw float32 (to resume after a restart) and the evaluated variable as a DL4J
 * ModelSerializer zip (to download).
 */
@Component
class Evaluator implements AutoCloseable {
    private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "easgd-eval");
        t.setDaemon(true);
        return t;
    });
    private final Path dir;

    Evaluator(EasgdProperties props) {
        this.dir = props.dataDir().resolve("checkpoints").toAbsolutePath();
    }

    /** Test loss and error of the evaluated variable, and its norm for the blow-up guard. */
    record Evaluation(FlatNetwork.Score score, double norm) {
    }

    CompletableFuture<Evaluation> evaluate(JobRun run) {
        return CompletableFuture.supplyAsync(() -> {
            float[] x = new float[run.parameters];
            run.master.copyEvaluated(x);
            return new Evaluation(run.model.evaluate(network(run), x), io.easgd.core.rules.Vec.norm(x));
        }, pool);
    }

    CompletableFuture<Void> checkpoint(JobRun run) {
        return CompletableFuture.runAsync(() -> {
            try {
                Files.createDirectories(dir);
                float[] center = new float[run.parameters];
                run.master.copyCenter(center);
                ByteBuffer raw = ByteBuffer.allocate(4 * center.length).order(ByteOrder.LITTLE_ENDIAN);
                raw.asFloatBuffer().put(center);
                atomicWrite(centerFile(run.jobId), out -> out.write(raw.array()));
                float[] evaluated = new float[run.parameters];
                run.master.copyEvaluated(evaluated);
                atomicWrite(modelFile(run.jobId), out -> network(run).writeModel(evaluated, out));
            } catch (IOException e) {
                throw new UncheckedIOException("checkpointing job " + run.jobId + ": " + e.getMessage(), e);
            }
        }, pool);
    }

    /** The evaluated variable of a running job as a ModelSerializer zip. */
    CompletableFuture<byte[]> modelZip(JobRun run) {
        return CompletableFuture.supplyAsync(() -> {
            float[] x = new float[run.parameters];
            run.master.copyEvaluated(x);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                network(run).writeModel(x, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }, pool);
    }

    Path modelFile(long jobId) {
        return dir.resolve("job-" + jobId + ".zip");
    }

    Path centerFile(long jobId) {
        return dir.resolve("job-" + jobId + ".center");
    }

    /** The center saved by the last checkpoint, when there is one of the right size. */
    Optional<float[]> savedCenter(long jobId, int parameters) {
        Path f = centerFile(jobId);
        try {
            if (!Files.isRegularFile(f) || Files.size(f) != 4L * parameters) {
                return Optional.empty();
            }
            float[] x = new float[parameters];
            ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(x);
            return Optional.of(x);
        } catch (IOException e) {
            return Optional.empty();
        }
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
        try (OutputStream out = Files.newOutputStream(tmp)) {
            writer.write(out);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
