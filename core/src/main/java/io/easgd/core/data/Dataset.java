package io.easgd.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A dataset directory, one folder per dataset: either the four standard MNIST-family IDX files
 * ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}, each optionally {@code .gz}), or the CIFAR-10 binary layout
 * ({@code data_batch_*.bin} and {@code test_batch.bin}, optionally inside
 * {@code cifar-10-batches-bin/}).
 */
public record Dataset(String name, Path dir, DatasetInfo.Format format, Images train, Images test) {

    public static final List<String> IDX_FILES = List.of(
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    private static final int IDX_CLASSES = 10;

    /** Describes the dataset in {@code dir}, or empty when the folder holds neither layout. */
    public static Optional<DatasetInfo> describe(Path dir) {
        String name = dir.getFileName().toString();
        Optional<List<Path>> idx = idxFiles(dir);
        if (idx.isPresent()) {
            int[] train = Idx.readDims(idx.get().get(0));
            int[] test = Idx.readDims(idx.get().get(2));
            if (train.length != 3 || test.length != 3) {
                throw new DatasetFormatException(idx.get().get(0), "image files must have 3 dimensions");
            }
            return Optional.of(new DatasetInfo(name, DatasetInfo.Format.IDX, train[0], test[0], IDX_CLASSES,
                    List.of(1, train[1], train[2])));
        }
        Optional<Path> cifar = cifarDir(dir);
        if (cifar.isPresent()) {
            int train = 0;
            for (Path f : Cifar10.trainFiles(cifar.get())) {
                train += Cifar10.countRecords(f);
            }
            int test = Cifar10.countRecords(Cifar10.testFile(cifar.get()));
            return Optional.of(new DatasetInfo(name, DatasetInfo.Format.CIFAR10_BINARY, train, test, Cifar10.CLASSES,
                    List.of(3, Cifar10.SIDE, Cifar10.SIDE)));
        }
        return Optional.empty();
    }

    /** Every dataset folder directly under {@code root}, by name; folders of neither layout are skipped. */
    public static List<DatasetInfo> scan(Path root) {
        List<DatasetInfo> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                describe(dir).ifPresent(found::add);
            }
        } catch (IOException e) {
            throw new DatasetFormatException("listing datasets in " + root + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** Loads the dataset in {@code dir}; a bad or truncated file is reported with its path. */
    public static Dataset load(Path dir) {
        String name = dir.getFileName().toString();
        Optional<List<Path>> idx = idxFiles(dir);
        if (idx.isPresent()) {
            List<Path> f = idx.get();
            Images train = Idx.readImages(f.get(0), f.get(1), IDX_CLASSES);
            Images test = Idx.readImages(f.get(2), f.get(3), IDX_CLASSES);
            if (train.height() != test.height() || train.width() != test.width()) {
                throw new DatasetFormatException(f.get(2), "has images of " + test.height() + "x" + test.width()
                        + " but the training images are " + train.height() + "x" + train.width());
            }
            return new Dataset(name, dir, DatasetInfo.Format.IDX, train, test);
        }
        Optional<Path> cifar = cifarDir(dir);
        if (cifar.isPresent()) {
            return new Dataset(name, dir, DatasetInfo.Format.CIFAR10_BINARY,
                    Cifar10.read(Cifar10.trainFiles(cifar.get())), Cifar10.read(List.of(Cifar10.testFile(cifar.get()))));
        }
        throw new DatasetFormatException(dir, "holds neither the four MNIST-family IDX files ("
                + String.join(", ", IDX_FILES) + ") nor CIFAR-10 binary batches (data_batch_*.bin, test_batch.bin)");
    }

    /** The files that make up the dataset in {@code dir}, for download and checksums. */
    public static List<Path> files(Path dir) {
        Optional<List<Path>> idx = idxFiles(dir);
        if (idx.isPresent()) {
            return idx.get();
        }
        return cifarDir(dir).map(Cifar10::all).orElse(List.of());
    }

    /** SHA-256 of a file, hex. */
    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new DatasetFormatException("checksumming " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<List<Path>> idxFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        for (String base : IDX_FILES) {
            Path plain = dir.resolve(base);
            Path gz = dir.resolve(base + ".gz");
            if (Files.isRegularFile(plain)) {
                files.add(plain);
            } else if (Files.isRegularFile(gz)) {
                files.add(gz);
            }
        }
        if (files.isEmpty()) {
            return Optional.empty();
        }
        if (files.size() < IDX_FILES.size()) {
            throw new DatasetFormatException(dir, "has " + files.size() + " of the four IDX files; all of "
                    + String.join(", ", IDX_FILES) + " are needed");
        }
        return Optional.of(files);
    }

    private static Optional<Path> cifarDir(Path dir) {
        for (Path d : List.of(dir, dir.resolve("cifar-10-batches-bin"))) {
            if (Files.isRegularFile(Cifar10.testFile(d)) && !Cifar10.trainFiles(d).isEmpty()) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
