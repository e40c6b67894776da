package io.easgd.core.training;

import io.easgd.core.data.Dataset;
import io.easgd.core.data.MnistSample;
import io.easgd.core.spec.JobSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: the measurement behind {@link InProcessCompressionTest}'s bound, run on demand (its name
 * is not one surefire picks up, and it runs only with {@code easgd.spread} set), e.g. the table in that
 * test's Javadoc:
 * <pre>
 * mvn -B -o -pl core test -Dtest=CompressionSpreadMeasurement -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Deasgd.spread=lockstep -Deasgd.spread.seeds=1,2,3,4,5 -Deasgd.spread.steps=500 \
 *     -Deasgd.spread.codecs=none,fp16,int8,q7,q3,q2b128,q1
 * mvn ... -Deasgd.spread=threads -Deasgd.spread.steps=1500 -Deasgd.spread.codecs=none,fp16,int8
 * </pre>
 * {@code easgd.spread} is {@code lockstep} ({@link LockstepRun}, one thread) or {@code threads}
 * ({@link InProcessRunner}, a thread per worker; only none, fp16, int8). A codec {@code qK} is
 * {@link CoarseBlockUplink} with q ∈ [−K, K] in 32-float blocks over uncompressed exchanges (q7: 4 bits,
 * q3: 3, q1: 2), {@code qKbB} the same in blocks of B floats. One line per run (with a hash of the final
 * center, to see that a seed repeats bit for bit) goes to stdout and to {@code target/compression-spread.txt}.
 */
@EnabledIfSystemProperty(named = "easgd.spread", matches = "lockstep|threads")
class CompressionSpreadMeasurement {

    @Test
    void measure() throws IOException {
        Path cache = Path.of(System.getProperty("easgd.cache-dir", "target/easgd-cache"), "datasets");
        Dataset mnist = Dataset.load(MnistSample.ensure(cache));
        String mode = System.getProperty("easgd.spread");
        long steps = Long.parseLong(System.getProperty("easgd.spread.steps", "1500"));
        String[] seeds = System.getProperty("easgd.spread.seeds", "42").split(",");
        String[] codecs = System.getProperty("easgd.spread.codecs", "none,fp16,int8").split(",");
        Path out = Path.of("target", "compression-spread.txt");
        for (String seed : seeds) {
            for (String codec : codecs) {
                boolean coarse = codec.startsWith("q");
                JobSpec spec = InProcessCompressionTest.spec(coarse ? "none" : codec, Long.parseLong(seed.trim()), steps);
                JobModel model = new JobModel(spec, mnist);
                long t0 = System.nanoTime();
                double error;
                String hash = "-";
                if (mode.equals("lockstep")) {
                    LockstepRun.Uplink uplink = coarse ? coarse(codec)
                            : LockstepRun.AS_IS;
                    LockstepRun.Result r = LockstepRun.run(model, steps, uplink);
                    error = r.testError();
                    hash = Integer.toHexString(r.centerHash());
                } else {
                    error = new InProcessRunner(model, (int) steps, new InProcessRunner.Listener() {
                    }).run().last().testError();
                }
                String line = String.format(Locale.ROOT, "%s steps=%d seed=%s codec=%s error=%.4f center=%s seconds=%.1f%n",
                        mode, steps, seed.trim(), codec, error, hash, (System.nanoTime() - t0) / 1e9);
                System.out.print(line);
                Files.writeString(out, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
    }

    /** "q2" → q ∈ [−2, 2] in 32-float blocks; "q2b128" → 128-float blocks. */
    private static LockstepRun.Uplink coarse(String codec) {
        String[] parts = codec.substring(1).split("b");
        return CoarseBlockUplink.of(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 32);
    }
}
