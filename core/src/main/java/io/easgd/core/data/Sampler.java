package io.easgd.core.data;

import java.util.Random;

/**
 * Draws minibatches from a training set in seeded random order, epoch by epoch, as flat float
 * features in [0, 1] and class labels. When the model's input is smaller than the images (the
 * paper's CIFAR net takes 28×28 crops of 32×32 images), each drawn image is cropped at a random
 * position; {@link #centerCrop} gives the matching test-time crop.
 */
public final class Sampler {
    private final Images data;
    private final int batch;
    private final int outH;
    private final int outW;
    private final Random random;
    private final int[] order;
    private int cursor;
    private long epoch;

    public Sampler(Images data, int batchSize, int outH, int outW, long seed) {
        if (outH > data.height() || outW > data.width()) {
            throw new IllegalArgumentException("the model takes " + outH + "x" + outW + " inputs but the images are "
                    + data.height() + "x" + data.width());
        }
        this.data = data;
        this.batch = batchSize;
        this.outH = outH;
        this.outW = outW;
        this.random = new Random(seed);
        this.order = new int[data.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffle();
    }

    public int batchSize() {
        return batch;
    }

    public int featureSize() {
        return data.channels() * outH * outW;
    }

    /** Completed passes over the training set. */
    public long epoch() {
        return epoch;
    }

    /** Fills {@code features} (batch × featureSize) and {@code labels} (batch) with the next minibatch. */
    public void next(float[] features, int[] labels) {
        for (int b = 0; b < batch; b++) {
            if (cursor == order.length) {
                shuffle();
                epoch++;
            }
            int i = order[cursor++];
            int dy = outH < data.height() ? random.nextInt(data.height() - outH + 1) : 0;
            int dx = outW < data.width() ? random.nextInt(data.width() - outW + 1) : 0;
            copy(data, i, dy, dx, outH, outW, features, b * featureSize());
            labels[b] = data.labels()[i];
        }
    }

    /** Features of image {@code i} cropped at the center to {@code outH × outW}. */
    public static void centerCrop(Images data, int i, int outH, int outW, float[] dst, int offset) {
        copy(data, i, (data.height() - outH) / 2, (data.width() - outW) / 2, outH, outW, dst, offset);
    }

    private static void copy(Images data, int i, int dy, int dx, int outH, int outW, float[] dst, int offset) {
        byte[] px = data.pixels();
        int base = i * data.imageSize();
        int o = offset;
        for (int c = 0; c < data.channels(); c++) {
            for (int y = 0; y < outH; y++) {
                int row = base + c * data.height() * data.width() + (y + dy) * data.width() + dx;
                for (int x = 0; x < outW; x++) {
                    dst[o++] = (px[row + x] & 0xFF) / 255f;
                }
            }
        }
    }

    private void shuffle() {
        for (int k = order.length - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
        cursor = 0;
    }
}
