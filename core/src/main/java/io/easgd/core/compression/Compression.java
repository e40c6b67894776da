package io.easgd.core.compression;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * How the floats of an exchange travel on the wire: a job spec's {@code compression}
 * ({@code "none"}, {@code "fp16"}, {@code "int8"}), the encoding byte of every binary frame.
 *
 * <ul>
 *   <li>{@link #NONE}: float32, 4 bytes a float, lossless.</li>
 *   <li>{@link #FP16}: IEEE binary16 rounded to nearest even, 2 bytes a float. A value beyond the
 *       half range (|x| ≥ 65520) becomes ±Inf and is then refused as non-finite like any NaN
 *       upload.</li>
 *   <li>{@link #INT8}: block floating point like OCP MXINT8, blocks of 32 floats sharing a
 *       power-of-two scale byte, one int8 a float: 33 bytes per 32 floats, ≈ 3.88× fewer than
 *       float32 ({@link BlockInt8}).</li>
 * </ul>
 * The invariant everything else relies on: after {@link #round}, a vector is exactly what the wire
 * carries — {@link #encode} of a rounded vector followed by {@link #decode} gives it back bit for
 * bit, and {@link #round} is idempotent. So a sender that rounds first knows exactly what the
 * receiver gets. Blocks are counted from the {@code off} of each call: the wire calls it per chunk,
 * and chunk offsets are multiples of {@link #blockFloats()}, so rounding the whole vector from 0
 * and encoding it chunk by chunk agree.
 */
public enum Compression {
    NONE(0, "none", 1),
    FP16(1, "fp16", 1),
    INT8(2, "int8", BlockInt8.BLOCK);

    private final int wireCode;
    private final String json;
    private final int blockFloats;

    Compression(int wireCode, String json, int blockFloats) {
        this.wireCode = wireCode;
        this.json = json;
        this.blockFloats = blockFloats;
    }

    /** The payload encoding byte of a binary frame: 0 = f32, 1 = f16, 2 = int8 blocks. */
    public int wireCode() {
        return wireCode;
    }

    /** The compression of an encoding byte, or null for an unknown one. */
    public static Compression ofWireCode(int code) {
        for (Compression c : values()) {
            if (c.wireCode == code) {
                return c;
            }
        }
        return null;
    }

    /** The JSON value: "none", "fp16", "int8". */
    @JsonValue
    public String json() {
        return json;
    }

    /** The JSON value, as error messages list the allowed ones. */
    @Override
    public String toString() {
        return json;
    }

    /** The compression named {@code name} (case-insensitive), or null. */
    public static Compression ofJson(String name) {
        for (Compression c : values()) {
            if (c.json.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        return null;
    }

    /** Floats that are encoded together: chunk boundaries on the wire are multiples of it (32 for int8). */
    public int blockFloats() {
        return blockFloats;
    }

    /** Whether the wire carries the floats as they are. */
    public boolean lossless() {
        return this == NONE;
    }

    /** Bytes the payload of {@code count} floats takes on the wire. */
    public int encodedBytes(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, found " + count);
        }
        return switch (this) {
            case NONE -> Float.BYTES * count;
            case FP16 -> 2 * count;
            case INT8 -> BlockInt8.encodedBytes(count);
        };
    }

    /** {@link #encodedBytes} for a long count (byte counters). */
    public long encodedBytes(long count) {
        return switch (this) {
            case NONE -> Float.BYTES * count;
            case FP16 -> 2 * count;
            case INT8 -> count + (count + BlockInt8.BLOCK - 1) / BlockInt8.BLOCK;
        };
    }

    /**
     * The most floats whose payload fits {@code payloadBytes}, a multiple of {@link #blockFloats()}
     * (0 when not even one block fits).
     */
    public int maxFloats(int payloadBytes) {
        return switch (this) {
            case NONE -> payloadBytes / Float.BYTES;
            case FP16 -> payloadBytes / 2;
            case INT8 -> payloadBytes / (BlockInt8.BLOCK + 1) * BlockInt8.BLOCK;
        };
    }

    /** Quantises then dequantises {@code v} in place: it becomes exactly what the wire will carry. */
    public void round(float[] v) {
        round(v, 0, v.length);
    }

    /** {@link #round(float[])} of {@code v[off, off + count)}, blocks counted from {@code off}. */
    public void round(float[] v, int off, int count) {
        switch (this) {
            case NONE -> { }
            case FP16 -> {
                for (int k = off; k < off + count; k++) {
                    v[k] = Half.toFloat(Half.fromFloat(v[k]));
                }
            }
            case INT8 -> BlockInt8.round(v, off, count);
        }
    }

    /**
     * Writes {@code v[off, off + count)} at {@code out}'s position, little-endian, and advances it
     * by {@link #encodedBytes}(count). A vector that was not {@link #round}ed is rounded on the way.
     */
    public void encode(float[] v, int off, int count, ByteBuffer out) {
        ByteBuffer b = out.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (this) {
            case NONE -> b.asFloatBuffer().put(v, off, count);
            case FP16 -> {
                for (int k = 0; k < count; k++) {
                    b.putShort(2 * k, Half.fromFloat(v[off + k]));
                }
            }
            case INT8 -> BlockInt8.encode(v, off, count, b);
        }
        out.position(out.position() + encodedBytes(count));
    }

    /**
     * Reads {@link #encodedBytes}(count) bytes at {@code in}'s position into
     * {@code dst[off, off + count)} and advances {@code in}. A decoded value may be NaN or ±Inf
     * (an f16 Inf, a NaN block): the caller checks.
     */
    public void decode(ByteBuffer in, float[] dst, int off, int count) {
        ByteBuffer b = in.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (this) {
            case NONE -> b.asFloatBuffer().get(dst, off, count);
            case FP16 -> {
                for (int k = 0; k < count; k++) {
                    dst[off + k] = Half.toFloat(b.getShort(2 * k));
                }
            }
            case INT8 -> BlockInt8.decode(b, dst, off, count);
        }
        in.position(in.position() + encodedBytes(count));
    }
}
