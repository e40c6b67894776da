package io.easgd.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReadsBackTheStandardLayout() throws IOException {
        byte[] pixels = new byte[3 * 2 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 20);
        }
        Idx.write(dir.resolve("img"), new int[] {3, 2, 2}, pixels);
        Idx.write(dir.resolve("lbl"), new int[] {3}, new byte[] {7, 0, 9});
        byte[] raw = Files.readAllBytes(dir.resolve("img"));
        assertThat(Arrays.copyOf(raw, 8)).containsExactly(0, 0, 8, 3, 0, 0, 0, 3);   // magic 0x00000803, 3 images
        assertThat(raw).hasSize(16 + 12);

        Images images = Idx.readImages(dir.resolve("img"), dir.resolve("lbl"), 10);
        assertThat(images.count()).isEqualTo(3);
        assertThat(images.labels()).containsExactly(7, 0, 9);
        assertThat(images.pixel(2, 0, 1, 1)).isEqualTo((11 * 20 & 0xFF) / 255f);
    }

    @Test
    void readsGzippedFiles() throws IOException {
        Idx.write(dir.resolve("lbl"), new int[] {2}, new byte[] {1, 2});
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("lbl.gz")))) {
            out.write(Files.readAllBytes(dir.resolve("lbl")));
        }
        assertThat(Idx.read(dir.resolve("lbl.gz")).data()).containsExactly(1, 2);
    }

    @Test
    void aTruncatedFileIsReportedWithItsPathAndSizes() throws IOException {
        Idx.write(dir.resolve("img"), new int[] {10, 28, 28}, new byte[10 * 28 * 28]);
        byte[] raw = Files.readAllBytes(dir.resolve("img"));
        Files.write(dir.resolve("img"), Arrays.copyOf(raw, 1000));
        assertThatThrownBy(() -> Idx.read(dir.resolve("img")))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining(dir.resolve("img").toString())
                .hasMessageContaining("truncated").hasMessageContaining("7840").hasMessageContaining("984");
    }

    @Test
    void aFileOfAnotherFormatIsRefusedByItsMagic() throws IOException {
        Files.writeString(dir.resolve("img"), "PK not an idx file at all");
        assertThatThrownBy(() -> Idx.read(dir.resolve("img")))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("not an unsigned-byte IDX file");
        Files.write(dir.resolve("short"), new byte[] {0, 0, 8});
        assertThatThrownBy(() -> Idx.read(dir.resolve("short")))
                .hasMessageContaining("ends inside the IDX header");
    }

    @Test
    void labelsOutOfRangeAndMismatchedCountsAreRefused() throws IOException {
        Idx.write(dir.resolve("img"), new int[] {2, 1, 1}, new byte[2]);
        Idx.write(dir.resolve("lbl"), new int[] {2}, new byte[] {1, 12});
        assertThatThrownBy(() -> Idx.readImages(dir.resolve("img"), dir.resolve("lbl"), 10))
                .hasMessageContaining("label 12 at index 1");
        Idx.write(dir.resolve("lbl3"), new int[] {3}, new byte[3]);
        assertThatThrownBy(() -> Idx.readImages(dir.resolve("img"), dir.resolve("lbl3"), 10))
                .hasMessageContaining("has 3 labels but img has 2 images");
    }
}
