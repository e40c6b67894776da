package io.easgd.core.data;

import java.util.List;

/** What a dataset directory holds, read from file headers and sizes without loading the data. */
public record DatasetInfo(String name, Format format, int trainSize, int testSize, int classes, List<Integer> shape) {
    /** The on-disk layouts the platform reads. */
    public enum Format { IDX, CIFAR10_BINARY }
}
