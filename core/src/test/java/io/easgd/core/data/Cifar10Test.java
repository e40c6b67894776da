package io.easgd.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {
    @TempDir
    Path dir;

    private static byte[] records(int n, int firstLabel) {
        byte[] b = new byte[n * Cifar10.RECORD];
        for (int r = 0; r < n; r++) {
            b[r * Cifar10.RECORD] = (byte) ((firstLabel + r) % 10);
            b[r * Cifar10.RECORD + 1] = (byte) 255;                    // red (0,0)
            b[r * Cifar10.RECORD + 1 + 1024 + 33] = (byte) 51;        // green (1,1)
        }
        return b;
    }

    @Test
    void detectsAndReadsTheBinaryLayout() throws IOException {
        Path cifar = Files.createDirectories(dir.resolve("cifar10").resolve("cifar-10-batches-bin"));
        Files.write(cifar.resolve("data_batch_1.bin"), records(3, 0));
        Files.write(cifar.resolve("data_batch_2.bin"), records(2, 3));
        Files.write(cifar.resolve("test_batch.bin"), records(4, 9));

        DatasetInfo info = Dataset.describe(dir.resolve("cifar10")).orElseThrow();
        assertThat(info).isEqualTo(new DatasetInfo("cifar10", DatasetInfo.Format.CIFAR10_BINARY, 5, 4, 10,
                List.of(3, 32, 32)));
        Dataset d = Dataset.load(dir.resolve("cifar10"));
        assertThat(d.train().labels()).containsExactly(0, 1, 2, 3, 4);
        assertThat(d.test().labels()).containsExactly(9, 0, 1, 2);
        assertThat(d.train().pixel(4, 0, 0, 0)).isEqualTo(1f);
        assertThat(d.train().pixel(4, 1, 1, 1)).isEqualTo(0.2f);
    }

    @Test
    void aTruncatedBatchIsRefusedWithItsSize() throws IOException {
        Files.write(dir.resolve("data_batch_1.bin"), records(2, 0));
        Files.write(dir.resolve("test_batch.bin"), java.util.Arrays.copyOf(records(2, 0), 5000));
        assertThatThrownBy(() -> Dataset.load(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("test_batch.bin").hasMessageContaining("5000 bytes");
    }

    @Test
    void aFolderOfNeitherLayoutIsExplained() throws IOException {
        Files.writeString(dir.resolve("readme.txt"), "hello");
        assertThat(Dataset.describe(dir)).isEmpty();
        assertThatThrownBy(() -> Dataset.load(dir)).hasMessageContaining("neither");
    }
}
