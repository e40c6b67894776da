package io.easgd.core.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The IDX format of MNIST and its family (Fashion-MNIST, KMNIST, EMNIST): a big-endian header
 * (two zero bytes, a type byte 0x08 for unsigned bytes, the number of dimensions, one int per
 * dimension) followed by the data. Files ending in {@code .gz} are read through gzip.
 */
public final class Idx {
    private static final int UNSIGNED_BYTE = 0x08;

    private Idx() {
    }

    /** A parsed IDX file: its dimensions and its bytes. */
    public record Array(int[] dims, byte[] data) {
    }

    /** Reads the header only: the dimensions. */
    public static int[] readDims(Path file) {
        try (DataInputStream in = open(file)) {
            return header(file, in);
        } catch (IOException e) {
            throw new DatasetFormatException(file, "cannot be read: " + e.getMessage());
        }
    }

    public static Array read(Path file) {
        try (DataInputStream in = open(file)) {
            int[] dims = header(file, in);
            long size = 1;
            for (int d : dims) {
                size *= d;
            }
            if (size > Integer.MAX_VALUE - 8) {
                throw new DatasetFormatException(file, "holds " + size + " bytes of data, more than one array can");
            }
            byte[] data = new byte[(int) size];
            int read = in.readNBytes(data, 0, data.length);
            if (read < data.length) {
                throw new DatasetFormatException(file, "is truncated: its header promises " + size
                        + " bytes of data but only " + read + " follow");
            }
            if (in.read() != -1) {
                throw new DatasetFormatException(file, "has bytes after the " + size + " its header promises");
            }
            return new Array(dims, data);
        } catch (IOException e) {
            throw new DatasetFormatException(file, "cannot be read: " + e.getMessage());
        }
    }

    /** Reads an image file and its label file into {@link Images}. */
    public static Images readImages(Path imagesFile, Path labelsFile, int classes) {
        Array images = read(imagesFile);
        Array labels = read(labelsFile);
        if (images.dims().length != 3) {
            throw new DatasetFormatException(imagesFile, "must have 3 dimensions (count, rows, columns), found "
                    + images.dims().length);
        }
        if (labels.dims().length != 1) {
            throw new DatasetFormatException(labelsFile, "must have 1 dimension (count), found " + labels.dims().length);
        }
        if (labels.dims()[0] != images.dims()[0]) {
            throw new DatasetFormatException(labelsFile, "has " + labels.dims()[0] + " labels but "
                    + imagesFile.getFileName() + " has " + images.dims()[0] + " images");
        }
        int[] y = new int[labels.dims()[0]];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.data()[i] & 0xFF;
            if (y[i] >= classes) {
                throw new DatasetFormatException(labelsFile, "label " + y[i] + " at index " + i
                        + " is not in [0, " + classes + ")");
            }
        }
        return new Images(images.dims()[0], 1, images.dims()[1], images.dims()[2], images.data(), y, classes);
    }

    /** Writes an unsigned-byte IDX file. */
    public static void write(Path file, int[] dims, byte[] data) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw))) {
            out.writeShort(0);
            out.writeByte(UNSIGNED_BYTE);
            out.writeByte(dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetFormatException(file, "does not exist or is not a file");
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(in);
    }

    private static int[] header(Path file, DataInputStream in) throws IOException {
        try {
            int zero = in.readUnsignedShort();
            int type = in.readUnsignedByte();
            int rank = in.readUnsignedByte();
            if (zero != 0 || type != UNSIGNED_BYTE) {
                throw new DatasetFormatException(file, String.format(
                        "is not an unsigned-byte IDX file (magic 0x%04x%02x%02x, expected 0x000008xx)", zero, type, rank));
            }
            if (rank < 1 || rank > 4) {
                throw new DatasetFormatException(file, "has " + rank + " dimensions, expected 1 to 4");
            }
            int[] dims = new int[rank];
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] <= 0) {
                    throw new DatasetFormatException(file, "dimension " + i + " is " + dims[i] + ", expected > 0");
                }
            }
            return dims;
        } catch (EOFException e) {
            throw new DatasetFormatException(file, "is truncated: it ends inside the IDX header");
        }
    }
}
