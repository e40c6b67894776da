package io.easgd.core.data;

/**
 * Labelled images in memory: {@code count} images of {@code channels × height × width} unsigned
 * bytes, channel-major (the layout of both IDX and CIFAR-10), and one label per image in
 * [0, classes).
 */
public record Images(int count, int channels, int height, int width, byte[] pixels, int[] labels, int classes) {
    public Images {
        if ((long) count * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("pixels has " + pixels.length + " bytes, expected "
                    + ((long) count * channels * height * width));
        }
        if (labels.length != count) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries, expected " + count);
        }
    }

    public int imageSize() {
        return channels * height * width;
    }

    /** Pixel {@code (c, y, x)} of image {@code i} scaled to [0, 1]. */
    public float pixel(int i, int c, int y, int x) {
        return (pixels[(int) ((long) i * imageSize() + (long) c * height * width + (long) y * width + x)] & 0xFF) / 255f;
    }
}
