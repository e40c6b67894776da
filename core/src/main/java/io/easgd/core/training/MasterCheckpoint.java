package io.easgd.core.training;

import io.easgd.core.rules.MasterRule;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The binary checkpoint of a running job's master: a {@link MasterRule.State} plus the job's step.
 * Little-endian throughout; a CRC32 at the end, so that a torn or damaged file is refused with an
 * {@link IOException} instead of resuming from garbage.
 *
 * <pre>
 * offset  size  field
 * 0       8     magic "EASGDCKP" (ASCII)
 * 8       4     format version, int32 = 1
 * 12      8     job step, int64
 * 20      8     master updates, int64
 * 28      …     rule name: string
 *         4     vector count V, int32
 *         …     V × { name: string; length n: int32; n × float32 }
 *         4     counter count C, int32
 *         …     C × { name: string; value: int64 }
 *         4     CRC32 of every byte before it, as uint32 in an int32
 * string = byte length L: int32, then L bytes of UTF-8 (L ≤ 1024)
 * </pre>
 * Vectors and counters are written in the State's order. Nothing may follow the CRC.
 */
public final class MasterCheckpoint {
    /** "EASGDCKP". */
    public static final byte[] MAGIC = "EASGDCKP".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    static final int MAX_NAME_BYTES = 1024;
    private static final int CHUNK = 1 << 16;

    private MasterCheckpoint() {
    }

    /** A master state and the job step it belongs to. */
    public record Checkpoint(MasterRule.State state, long jobStep) {
        public Checkpoint {
            Objects.requireNonNull(state, "state");
        }
    }

    /** Writes {@code state} and {@code jobStep}; does not close {@code out}. */
    public static void write(OutputStream out, MasterRule.State state, long jobStep) throws IOException {
        Writer w = new Writer(out);
        w.bytes(MAGIC);
        w.i32(VERSION);
        w.i64(jobStep);
        w.i64(state.updates());
        w.string(state.rule());
        w.i32(state.vectors().size());
        for (Map.Entry<String, float[]> v : state.vectors().entrySet()) {
            w.string(v.getKey());
            w.i32(v.getValue().length);
            w.floats(v.getValue());
        }
        w.i32(state.counters().size());
        for (Map.Entry<String, Long> c : state.counters().entrySet()) {
            w.string(c.getKey());
            w.i64(c.getValue());
        }
        w.crc();
        w.flush();
    }

    /**
     * Reads one checkpoint, up to and including its CRC, and checks that nothing follows it.
     *
     * @throws IOException naming the problem: not a checkpoint (magic), an unsupported version, a
     *     truncated (torn) file, a CRC mismatch, a malformed field, trailing bytes
     */
    public static Checkpoint read(InputStream in) throws IOException {
        Reader r = new Reader(in);
        byte[] magic = r.bytes(MAGIC.length, "magic");
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a master checkpoint: magic is " + printable(magic) + ", expected EASGDCKP");
        }
        int version = r.i32("version");
        if (version != VERSION) {
            throw new IOException("master checkpoint format version " + version + " is not supported (this build reads "
                    + VERSION + ")");
        }
        long jobStep = r.i64("jobStep");
        long updates = r.i64("updates");
        String rule = r.string("rule");
        int vectorCount = r.count("vector count");
        Map<String, float[]> vectors = new LinkedHashMap<>();
        for (int i = 0; i < vectorCount; i++) {
            String name = r.string("vector name");
            int n = r.count("length of vector '" + name + "'");
            if (vectors.put(name, r.floats(n, "vector '" + name + "'")) != null) {
                throw new IOException("master checkpoint holds vector '" + name + "' twice");
            }
        }
        int counterCount = r.count("counter count");
        Map<String, Long> counters = new LinkedHashMap<>();
        for (int i = 0; i < counterCount; i++) {
            String name = r.string("counter name");
            if (counters.put(name, r.i64("counter '" + name + "'")) != null) {
                throw new IOException("master checkpoint holds counter '" + name + "' twice");
            }
        }
        r.checkCrc();
        return new Checkpoint(new MasterRule.State(rule, updates, vectors, counters), jobStep);
    }

    private static String printable(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(x >= 0x20 && x < 0x7f ? Character.toString(x) : String.format("\\x%02x", x & 0xff));
        }
        return "\"" + s + "\"";
    }

    /** Little-endian writes through one buffer, with a running CRC32. */
    private static final class Writer {
        private final OutputStream out;
        private final ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32 crc = new CRC32();

        Writer(OutputStream out) {
            this.out = out;
        }

        private void room(int n) throws IOException {
            if (buf.remaining() < n) {
                drain();
            }
        }

        private void drain() throws IOException {
            crc.update(buf.array(), 0, buf.position());
            out.write(buf.array(), 0, buf.position());
            buf.clear();
        }

        void bytes(byte[] b) throws IOException {
            room(b.length);
            buf.put(b);
        }

        void i32(int v) throws IOException {
            room(4);
            buf.putInt(v);
        }

        void i64(long v) throws IOException {
            room(8);
            buf.putLong(v);
        }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > MAX_NAME_BYTES) {
                throw new IOException("name '" + s.substring(0, 40) + "…' is " + b.length + " bytes of UTF-8, at most "
                        + MAX_NAME_BYTES + " fit a master checkpoint");
            }
            i32(b.length);
            bytes(b);
        }

        void floats(float[] v) throws IOException {
            for (float f : v) {
                room(4);
                buf.putFloat(f);
            }
        }

        void crc() throws IOException {
            drain();
            int value = (int) crc.getValue();
            buf.putInt(value);
            out.write(buf.array(), 0, buf.position());
            buf.clear();
        }

        void flush() throws IOException {
            out.flush();
        }
    }

    /** Little-endian reads with a running CRC32 of every byte read. */
    private static final class Reader {
        private final InputStream in;
        private final CRC32 crc = new CRC32();
        private final byte[] chunk = new byte[CHUNK];
        private final ByteBuffer le = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);

        Reader(InputStream in) {
            this.in = in;
        }

        /** Reads exactly n ≤ CHUNK bytes into {@code chunk}, counted in the CRC. */
        private void fill(int n, String field) throws IOException {
            readRaw(n, field);
            crc.update(chunk, 0, n);
        }

        private void readRaw(int n, String field) throws IOException {
            int done = 0;
            while (done < n) {
                int got = in.read(chunk, done, n - done);
                if (got < 0) {
                    throw new EOFException("master checkpoint is truncated (a torn write?): the file ends inside "
                            + field);
                }
                done += got;
            }
        }

        byte[] bytes(int n, String field) throws IOException {
            fill(n, field);
            return Arrays.copyOf(chunk, n);
        }

        int i32(String field) throws IOException {
            fill(4, field);
            return le.getInt(0);
        }

        long i64(String field) throws IOException {
            fill(8, field);
            return le.getLong(0);
        }

        int count(String field) throws IOException {
            int n = i32(field);
            if (n < 0) {
                throw new IOException("master checkpoint is damaged: " + field + " is " + n);
            }
            return n;
        }

        String string(String field) throws IOException {
            int n = i32(field + " length");
            if (n < 0 || n > MAX_NAME_BYTES) {
                throw new IOException("master checkpoint is damaged: " + field + " length is " + n + ", expected 0.."
                        + MAX_NAME_BYTES);
            }
            fill(n, field);
            return new String(chunk, 0, n, StandardCharsets.UTF_8);
        }

        /** n floats, grown chunk by chunk so that a damaged length cannot allocate past the file. */
        float[] floats(int n, String field) throws IOException {
            float[] v = new float[Math.min(n, CHUNK)];
            int done = 0;
            while (done < n) {
                int m = Math.min(CHUNK / 4, n - done);
                fill(4 * m, field);
                if (done + m > v.length) {
                    v = Arrays.copyOf(v, (int) Math.min(n, Math.max(2L * v.length, done + m)));
                }
                for (int k = 0; k < m; k++) {
                    v[done + k] = le.getFloat(4 * k);
                }
                done += m;
            }
            return v;
        }

        void checkCrc() throws IOException {
            int expected = (int) crc.getValue();
            readRaw(4, "the CRC32");
            int stored = le.getInt(0);
            if (stored != expected) {
                throw new IOException(String.format(
                        "master checkpoint is damaged or torn: CRC32 stored %08x, computed %08x", stored, expected));
            }
            if (in.read() >= 0) {
                throw new IOException("master checkpoint has trailing bytes after its CRC32");
            }
        }
    }
}
