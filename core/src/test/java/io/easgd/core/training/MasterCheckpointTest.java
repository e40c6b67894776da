package io.easgd.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.easgd.core.rules.MDownpour;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.rules.SyncEasgd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The master checkpoint format. Golden files under
 * {@code src/test/resources/io/easgd/core/training/v1/}: a format change is a failing test and a
 * visible diff. Run with {@code -Deasgd.golden.write=true} to rewrite them after a deliberate change
 * (then review the diff; a layout change also needs a new {@link MasterCheckpoint#VERSION}).
 */
class MasterCheckpointTest {
    private static final String DIR = "io/easgd/core/training/v1/";
    private static final MasterRule.Reply IGNORE = new MasterRule.Reply() {
        @Override
        public void done(double distance) {
        }

        @Override
        public void failed(RuntimeException error) {
            throw error;
        }
    };

    static byte[] write(MasterRule.State s, long step) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MasterCheckpoint.write(out, s, step);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static MasterCheckpoint.Checkpoint read(byte[] b) throws IOException {
        return MasterCheckpoint.read(new ByteArrayInputStream(b));
    }

    /** 16 bytes a line, lowercase hex, so that a layout change shows as a readable diff. */
    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < b.length; i++) {
            s.append(String.format("%02x", b[i] & 0xff)).append(i % 16 == 15 || i == b.length - 1 ? "\n" : " ");
        }
        return s.toString();
    }

    static byte[] unhex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    static void checkGolden(String name, String actual) throws IOException {
        if (Boolean.getBoolean("easgd.golden.write")) {
            Path file = Path.of("src/test/resources", DIR, name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
            return;
        }
        assertThat(actual).as("golden file %s", name).isEqualTo(readGolden(name));
    }

    static String readGolden(String name) throws IOException {
        if (Boolean.getBoolean("easgd.golden.write")) {
            return Files.readString(Path.of("src/test/resources", DIR, name));
        }
        try (InputStream in = MasterCheckpointTest.class.getClassLoader().getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new AssertionError("golden file " + DIR + name + " is missing; run with -Deasgd.golden.write=true");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A synchronous master, p = 2, N = 3, after one round. */
    static MasterRule.State syncState() {
        SyncEasgd.Master m = new SyncEasgd.Master(0.25f, 2);
        m.init(new float[] {1.5f, -2f, 0.25f});
        m.submit(0, new float[] {2f, 0f, 0.25f}, new float[3], IGNORE);
        m.submit(1, new float[] {-1f, 4f, 1f}, new float[3], IGNORE);
        return m.snapshot();
    }

    /** An MDOWNPOUR master, N = 2, after one exchange: x̃ and the momentum v. */
    static MasterRule.State mdownpourState() {
        MDownpour.Master m = new MDownpour.Master(0.5f, 0.5f);
        m.init(new float[] {1f, -1f});
        m.exchange(0, new float[] {2f, 0f}, new float[2]);
        return m.snapshot();
    }

    @Test
    void theGoldenFilesHoldTheseStatesByteForByte() throws IOException {
        checkGolden("master-sync-easgd.hex", hex(write(syncState(), 20)));
        checkGolden("master-mdownpour.hex", hex(write(mdownpourState(), 7)));
    }

    @Test
    void theGoldenFilesReadBackToTheirStates() throws IOException {
        MasterCheckpoint.Checkpoint c = read(unhex(readGolden("master-sync-easgd.hex")));
        assertThat(c.jobStep()).isEqualTo(20);
        assertThat(c.state().rule()).isEqualTo("sync-easgd");
        assertThat(c.state().updates()).isEqualTo(2);
        assertThat(c.state().counters()).containsExactly(Map.entry("rounds", 1L), Map.entry("arrivals.0", 1L),
                Map.entry("arrivals.1", 1L));
        // x̃ + α(x_0 − x̃) + α(x_1 − x̃) = (1.5 + 0.125 − 0.625, −2 + 0.5 + 1.5, 0.25 + 0 + 0.1875)
        assertThat(c.state().center()).containsExactly(1f, 0f, 0.4375f);
        MasterCheckpoint.Checkpoint m = read(unhex(readGolden("master-mdownpour.hex")));
        assertThat(m.jobStep()).isEqualTo(7);
        assertThat(m.state().vectors().get("velocity")).containsExactly(-1f, 0f);
        assertThat(m.state().center()).containsExactly(0f, -1f);
        new MDownpour.Master(0.5f, 0.5f).restore(m.state());
    }

    @Test
    void theLayoutIsLittleEndianWithMagicVersionAndATrailingCrc() throws IOException {
        byte[] b = write(mdownpourState(), 7);
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(b, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("EASGDCKP");
        assertThat(le.getInt(8)).isEqualTo(1);
        assertThat(le.getLong(12)).isEqualTo(7);
        assertThat(le.getLong(20)).isEqualTo(1);
        assertThat(le.getInt(28)).isEqualTo(9);
        assertThat(new String(b, 32, 9, StandardCharsets.UTF_8)).isEqualTo("mdownpour");
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        assertThat(le.getInt(b.length - 4)).isEqualTo((int) crc.getValue());
    }

    @Test
    void aRoundTripKeepsEveryBitNameAndOrder() throws IOException {
        Map<String, float[]> vectors = new LinkedHashMap<>();
        vectors.put("center", new float[] {-0f, Float.MIN_VALUE, Float.MAX_VALUE, 1e-30f, 3.25f});
        vectors.put("vélocité x̃", new float[] {Float.intBitsToFloat(0x7fc00001), 1f, 2f, 3f, 4f});
        vectors.put("average", new float[5]);
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("rounds", Long.MAX_VALUE);
        counters.put("arrivals.0", 0L);
        MasterRule.State s = new MasterRule.State("averaging(downpour)", 1L << 40, vectors, counters);
        MasterCheckpoint.Checkpoint c = read(write(s, -1L));
        assertThat(c.jobStep()).isEqualTo(-1L);
        assertThat(c.state().rule()).isEqualTo(s.rule());
        assertThat(c.state().updates()).isEqualTo(1L << 40);
        assertThat(c.state().vectors().keySet()).containsExactly("center", "vélocité x̃", "average");
        s.vectors().forEach((name, v) -> assertThat(MasterRestoreTest.bits(c.state().vectors().get(name)))
                .as(name).containsExactly(MasterRestoreTest.bits(v)));
        assertThat(c.state().counters()).containsExactlyEntriesOf(counters);
    }

    @Test
    void aLargeVectorCrossesTheBufferBoundariesIntact() throws IOException {
        float[] big = new float[100_003];
        for (int k = 0; k < big.length; k++) {
            big[k] = k * 0.5f - 7f;
        }
        MasterRule.State s = new MasterRule.State("downpour", 3, Map.of("center", big), Map.of());
        assertThat(read(write(s, 9)).state().center()).containsExactly(big);
    }

    @Test
    void aTornFileIsRefusedAtEveryLength() {
        byte[] b = write(syncState(), 20);
        for (int len = 0; len < b.length; len++) {
            byte[] torn = java.util.Arrays.copyOf(b, len);
            assertThatThrownBy(() -> read(torn)).as("torn at %d of %d bytes", len, b.length)
                    .isInstanceOf(IOException.class)
                    .satisfiesAnyOf(e -> assertThat(e).isInstanceOf(EOFException.class).hasMessageContaining("truncated"),
                            e -> assertThat(e).hasMessageContaining("not a master checkpoint"));
        }
    }

    @Test
    void aDamagedByteIsRefusedByTheCrc() {
        byte[] b = write(mdownpourState(), 7);
        byte[] damaged = b.clone();
        damaged[b.length - 10] ^= 0x01;                     // a bit of the last float of "velocity"
        assertThatThrownBy(() -> read(damaged)).isInstanceOf(IOException.class)
                .hasMessageContaining("damaged or torn: CRC32 stored");
        byte[] badCrc = b.clone();
        badCrc[b.length - 1] ^= 0x40;
        assertThatThrownBy(() -> read(badCrc)).isInstanceOf(IOException.class).hasMessageContaining("CRC32");
    }

    @Test
    void otherFilesVersionsAndTrailingBytesAreRefused() {
        byte[] b = write(mdownpourState(), 7);
        byte[] other = b.clone();
        other[0] = 'P';
        assertThatThrownBy(() -> read(other)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a master checkpoint: magic is \"PASGDCKP\"");
        byte[] v2 = b.clone();
        v2[8] = 2;
        assertThatThrownBy(() -> read(v2)).isInstanceOf(IOException.class)
                .hasMessageContaining("version 2 is not supported (this build reads 1)");
        byte[] trailing = java.util.Arrays.copyOf(b, b.length + 1);
        assertThatThrownBy(() -> read(trailing)).isInstanceOf(IOException.class).hasMessageContaining("trailing bytes");
        byte[] hugeLength = b.clone();
        ByteBuffer.wrap(hugeLength).order(ByteOrder.LITTLE_ENDIAN).putInt(28, 1 << 30);
        assertThatThrownBy(() -> read(hugeLength)).isInstanceOf(IOException.class)
                .hasMessageContaining("rule length is 1073741824");
    }
}
