package io.easgd.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistSampleTest {
    @TempDir
    Path root;

    @Test
    void convertsTheNpmDigitsToIdxWithAFixedSplit() {
        Path dir = MnistSample.ensure(root);
        DatasetInfo info = Dataset.describe(dir).orElseThrow();
        assertThat(info).isEqualTo(new DatasetInfo("mnist-10k", DatasetInfo.Format.IDX, 8000, 2000, 10,
                List.of(1, 28, 28)));

        Dataset d = Dataset.load(dir);
        int[] perClass = new int[10];
        for (int y : d.test().labels()) {
            perClass[y]++;
        }
        for (int c = 0; c < 10; c++) {
            assertThat(perClass[c]).as("test images of digit %d", c).isBetween(140, 260);
        }
        // a real digit: ink in the middle, blank corners
        assertThat(d.train().pixel(0, 0, 0, 0)).isZero();
        double ink = 0;
        for (int y = 8; y < 20; y++) {
            for (int x = 8; x < 20; x++) {
                ink += d.train().pixel(0, 0, y, x);
            }
        }
        assertThat(ink).isGreaterThan(5);
    }

    @Test
    void theConversionIsDeterministicAndDoneOnce() throws Exception {
        Path dir = MnistSample.ensure(root);
        String sum = Dataset.sha256(dir.resolve("train-images-idx3-ubyte"));
        long modified = java.nio.file.Files.getLastModifiedTime(dir.resolve("train-images-idx3-ubyte")).toMillis();
        assertThat(MnistSample.ensure(root)).isEqualTo(dir);
        assertThat(java.nio.file.Files.getLastModifiedTime(dir.resolve("train-images-idx3-ubyte")).toMillis())
                .isEqualTo(modified);

        Path other = MnistSample.ensure(root.resolve("again"));
        assertThat(Dataset.sha256(other.resolve("train-images-idx3-ubyte"))).isEqualTo(sum);
        assertThat(Dataset.sha256(other.resolve("t10k-labels-idx1-ubyte")))
                .isEqualTo(Dataset.sha256(dir.resolve("t10k-labels-idx1-ubyte")));
    }
}
