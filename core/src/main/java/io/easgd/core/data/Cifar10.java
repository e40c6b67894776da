package io.easgd.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CIFAR-10 binary format ({@code cifar-10-batches-bin}): files of 3073-byte records, one label
 * byte then 1024 red, 1024 green and 1024 blue bytes of a 32×32 image. Training data is
 * {@code data_batch_*.bin}, test data {@code test_batch.bin}.
 */
public final class Cifar10 {
    public static final int SIDE = 32;
    public static final int RECORD = 1 + 3 * SIDE * SIDE;
    public static final int CLASSES = 10;

    private Cifar10() {
    }

    /** The training batch files of a directory, sorted by name; empty when none. */
    public static List<Path> trainFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("data_batch_\\d+\\.bin")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public static Path testFile(Path dir) {
        return dir.resolve("test_batch.bin");
    }

    /** Records in a batch file, from its size; refuses a size that is not a whole number of records. */
    public static int countRecords(Path file) {
        try {
            long size = Files.size(file);
            if (size == 0 || size % RECORD != 0) {
                throw new DatasetFormatException(file, "has " + size + " bytes, not a whole number of "
                        + RECORD + "-byte CIFAR-10 records (truncated or not CIFAR-10 binary)");
            }
            return (int) (size / RECORD);
        } catch (IOException e) {
            throw new DatasetFormatException(file, "cannot be read: " + e.getMessage());
        }
    }

    /** Reads and concatenates batch files. */
    public static Images read(List<Path> files) {
        int count = 0;
        for (Path f : files) {
            count += countRecords(f);
        }
        byte[] pixels = new byte[count * (RECORD - 1)];
        int[] labels = new int[count];
        int i = 0;
        for (Path f : files) {
            byte[] all;
            try {
                all = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new DatasetFormatException(f, "cannot be read: " + e.getMessage());
            }
            for (int r = 0; r < all.length / RECORD; r++, i++) {
                int label = all[r * RECORD] & 0xFF;
                if (label >= CLASSES) {
                    throw new DatasetFormatException(f, "record " + r + " has label " + label + ", expected 0 to 9");
                }
                labels[i] = label;
                System.arraycopy(all, r * RECORD + 1, pixels, i * (RECORD - 1), RECORD - 1);
            }
        }
        return new Images(count, 3, SIDE, SIDE, pixels, labels, CLASSES);
    }

    static List<Path> all(Path dir) {
        List<Path> files = new ArrayList<>(trainFiles(dir));
        files.add(testFile(dir));
        return files;
    }
}
