package io.easgd.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.easgd.core.protocol.ParamFrame.Kind;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChunkerAssemblerTest {

    /** Random bit patterns: every float value, NaNs with payloads, ±0, subnormals, ±Inf. */
    private static float[] randomBits(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = Float.intBitsToFloat(r.nextInt());
        }
        return v;
    }

    private static void assertBitExact(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                throw new AssertionError("float " + i + " differs: " + Integer.toHexString(Float.floatToRawIntBits(actual[i]))
                        + " != " + Integer.toHexString(Float.floatToRawIntBits(expected[i])));
            }
        }
    }

    @Test
    void aMillionFloatVectorTravelsBitExactlyInFramesNoLargerThanTheMax() {
        int n = 1_000_003;
        int max = 4096;                                           // scaled down from 1 MiB: 1012 floats a chunk
        float[] sent = randomBits(n, 61);
        Chunker chunker = new Chunker(max);
        float[] received = new float[n];
        Assembler assembler = new Assembler(Kind.UP, 12, 1, received);
        List<Boolean> completions = new ArrayList<>();
        int[] frames = {0};
        int[] largest = {0};

        chunker.send(Kind.UP, 12, 1, 34, 340, sent, frame -> {
            frames[0]++;
            largest[0] = Math.max(largest[0], frame.remaining());
            ParamFrame h = ParamFrame.decode(frame);
            completions.add(assembler.accept(h, frame));
        });

        assertThat(frames[0]).isEqualTo(chunker.chunkCount(n)).isEqualTo((n + 1011) / 1012);
        assertThat(largest[0]).isLessThanOrEqualTo(max).isEqualTo(48 + 4 * 1012);
        assertThat(completions.subList(0, completions.size() - 1)).containsOnly(false);
        assertThat(completions.get(completions.size() - 1)).isTrue();
        assertThat(assembler.sequence()).isEqualTo(34);
        assertThat(assembler.step()).isEqualTo(340);
        assertThat(assembler.inProgress()).isFalse();
        assertBitExact(received, sent);
    }

    @Test
    void atTheFullFrameSizeEveryChunkButTheLastHoldsFloatsPerChunk() {
        int n = 1_000_003;
        float[] sent = randomBits(n, 7);
        float[] received = new float[n];
        Assembler assembler = new Assembler(Kind.DOWN, 3, 0, received);
        List<Integer> counts = new ArrayList<>();
        new Chunker().send(Kind.DOWN, 3, 0, 1, 0, sent, frame -> {
            assertThat(frame.remaining()).isLessThanOrEqualTo(Protocol.MAX_FRAME_BYTES);
            ParamFrame h = ParamFrame.decode(frame);
            counts.add(h.count());
            assembler.accept(h, frame);
        });
        assertThat(counts).containsExactly(262_132, 262_132, 262_132, 213_607);
        assertBitExact(received, sent);
    }

    @Test
    void theLargestModelOfThePaperTakes233ChunksOfAtMostOneMebibyte() {
        Chunker chunker = new Chunker();
        int n = 61_000_000;
        assertThat(chunker.chunkCount(n)).isEqualTo(233);
        for (int i = 0; i < 233; i++) {
            ParamFrame h = chunker.header(Kind.UP, 1, 0, 1, 0, n, i);
            assertThat(h.frameBytes()).isLessThanOrEqualTo(Protocol.MAX_FRAME_BYTES);
            assertThat(h.offset()).isEqualTo(i * 262_132);
        }
        assertThat(chunker.header(Kind.UP, 1, 0, 1, 0, n, 232).count()).isEqualTo(n - 232 * 262_132);
    }

    @Test
    void anEmptyVectorIsOneFrameOfCountZero() {
        List<ParamFrame> headers = new ArrayList<>();
        Assembler assembler = new Assembler(Kind.DOWN, 1, 0, new float[0]);
        boolean[] done = {false};
        new Chunker().send(Kind.DOWN, 1, 0, 9, 90, new float[0], frame -> {
            ParamFrame h = ParamFrame.decode(frame);
            headers.add(h);
            done[0] = assembler.accept(h, frame);
        });
        assertThat(headers).containsExactly(new ParamFrame(Kind.DOWN, 1, 0, 9, 90, 0, 1, 0, 0));
        assertThat(done[0]).isTrue();
    }

    @Test
    void oneAssemblerTakesVectorAfterVector() {
        float[] target = new float[10];
        Assembler assembler = new Assembler(Kind.UP, 1, 0, target);
        Chunker chunker = new Chunker(48 + 16);
        for (int seq = 1; seq <= 3; seq++) {
            float[] v = randomBits(10, seq);
            List<ByteBuffer> frames = frames(chunker, Kind.UP, 1, 0, seq, v);
            for (int i = 0; i < frames.size(); i++) {
                assertThat(accept(assembler, frames.get(i))).isEqualTo(i == frames.size() - 1);
            }
            assertBitExact(target, v);
            assertThat(assembler.sequence()).isEqualTo(seq);
        }
    }

    @Test
    void aChunkOutOfOrderIs1002() {
        List<ByteBuffer> f = frames(new Chunker(48 + 16), Kind.UP, 1, 0, 1, new float[10]);   // 3 chunks
        Assembler a = new Assembler(Kind.UP, 1, 0, new float[10]);
        assertFault(() -> accept(a, f.get(1)), "chunk out of order: chunk 1 of 3 arrived before chunk 0");

        Assembler b = new Assembler(Kind.UP, 1, 0, new float[10]);
        accept(b, f.get(0));
        assertFault(() -> accept(b, f.get(2)), "chunk out of order: chunk 2 arrived, expected 1");
        assertThat(b.inProgress()).isFalse();                      // the partial vector is dropped

        Assembler c = new Assembler(Kind.UP, 1, 0, new float[10]);
        accept(c, f.get(0));
        assertFault(() -> accept(c, f.get(0)), "chunk out of order: chunk 0 arrived, expected 1");
    }

    @Test
    void aFrameOfAnotherJobRankKindOrSequenceIs1002() {
        float[] v = new float[4];
        assertFault(() -> accept(new Assembler(Kind.UP, 2, 0, v), frames(new Chunker(), Kind.UP, 1, 0, 1, v).get(0)),
                "frame of job 1 rank 0 where job 2 rank 0 is expected");
        assertFault(() -> accept(new Assembler(Kind.UP, 1, 1, v), frames(new Chunker(), Kind.UP, 1, 0, 1, v).get(0)),
                "rank 1 is expected");
        assertFault(() -> accept(new Assembler(Kind.DOWN, 1, 0, v), frames(new Chunker(), Kind.UP, 1, 0, 1, v).get(0)),
                "expected a DOWN frame, found UP");

        Assembler expecting = new Assembler(Kind.DOWN, 1, 0, v);
        expecting.expectSequence(5);
        assertFault(() -> accept(expecting, frames(new Chunker(), Kind.DOWN, 1, 0, 4, v).get(0)),
                "expected sequence 5, found 4");
        assertThat(accept(expecting, frames(new Chunker(), Kind.DOWN, 1, 0, 5, v).get(0))).isTrue();

        List<ByteBuffer> seq1 = frames(new Chunker(48 + 8), Kind.UP, 1, 0, 1, v);
        List<ByteBuffer> seq2 = frames(new Chunker(48 + 8), Kind.UP, 1, 0, 2, v);
        Assembler mixed = new Assembler(Kind.UP, 1, 0, v);
        accept(mixed, seq1.get(0));
        assertFault(() -> accept(mixed, seq2.get(1)), "chunk 1 says sequence 2");
    }

    @Test
    void aVectorLongerOrShorterThanTheTargetIs1002() {
        assertFault(() -> sendAll(new Chunker(48 + 16), new float[11], new Assembler(Kind.UP, 1, 0, new float[10])),
                "overflow: chunk 2 ends at 11 but the vector has 10 floats");
        assertFault(() -> sendAll(new Chunker(), new float[11], new Assembler(Kind.UP, 1, 0, new float[10])),
                "overflow: chunk 0 ends at 11");
        assertFault(() -> sendAll(new Chunker(48 + 16), new float[9], new Assembler(Kind.UP, 1, 0, new float[10])),
                "the vector ended at 9 of its 10 floats");
    }

    @Test
    void aGapOrAnEmptyMiddleChunkIs1002() {
        float[] v = new float[8];
        Assembler a = new Assembler(Kind.UP, 1, 0, v);
        accept(a, new ParamFrame(Kind.UP, 1, 0, 1, 0, 0, 2, 0, 4).encode(v, null));
        assertFault(() -> accept(a, new ParamFrame(Kind.UP, 1, 0, 1, 0, 1, 2, 5, 3).encode(v, null)),
                "chunk 1 starts at offset 5, expected 4");
        Assembler b = new Assembler(Kind.UP, 1, 0, v);
        assertFault(() -> accept(b, new ParamFrame(Kind.UP, 1, 0, 1, 0, 0, 1000, 0, 0).encode(v, null)),
                "chunk 0 of 1000 is empty");
    }

    @Test
    void resetDropsAPartialVector() {
        float[] v = randomBits(10, 3);
        List<ByteBuffer> f = frames(new Chunker(48 + 16), Kind.DOWN, 1, 0, 4, v);
        float[] target = new float[10];
        Assembler a = new Assembler(Kind.DOWN, 1, 0, target);
        accept(a, f.get(0));
        assertThat(a.inProgress()).isTrue();
        a.reset();                                                  // the connection dropped; the reply is re-sent
        for (ByteBuffer frame : f) {
            accept(a, frame);
        }
        assertBitExact(target, v);
    }

    @Test
    void theChunkerRefusesFrameSizesOutsideTheProtocol() {
        assertThatThrownBy(() -> new Chunker(51)).hasMessageContaining("maxFrameBytes must be in [52, 1048576], found 51");
        assertThatThrownBy(() -> new Chunker(Protocol.MAX_FRAME_BYTES + 1)).hasMessageContaining("maxFrameBytes");
    }

    private static boolean accept(Assembler a, ByteBuffer frame) {
        return a.accept(ParamFrame.decode(frame), frame);
    }

    private static void sendAll(Chunker chunker, float[] v, Assembler a) {
        chunker.send(Kind.UP, 1, 0, 1, 0, v, frame -> accept(a, frame));
    }

    /** Copies of each frame (the chunker reuses its buffer). */
    private static List<ByteBuffer> frames(Chunker chunker, Kind kind, long job, int rank, long seq, float[] v) {
        List<ByteBuffer> out = new ArrayList<>();
        chunker.send(kind, job, rank, seq, 0, v, frame -> {
            ByteBuffer copy = ByteBuffer.allocate(frame.remaining());
            copy.put(frame.duplicate()).flip();
            out.add(copy);
        });
        return out;
    }

    private static void assertFault(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reasonPart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.closeCode()).as("close code of: %s", e.getMessage()).isEqualTo(1002);
            assertThat(e.reason()).contains(reasonPart);
        });
    }

    @Test
    void aCheckingAssemblerFindsTheFirstNonFiniteValueInAnyChunkAndStillCopiesEveryFloat() {
        int n = 10_000;                                           // chunks of 1012 floats, check blocks of 4096
        for (int bad : new int[] {0, 1011, 1012, 5000, 8191, 8192, n - 1}) {
            for (float value : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                float[] sent = new float[n];
                for (int i = 0; i < n; i++) {
                    sent[i] = i * 0.5f - 17f;
                }
                sent[bad] = value;
                if (bad + 3 < n) {
                    sent[bad + 3] = Float.NaN;                    // a later one is not the first
                }
                float[] received = new float[n];
                Assembler assembler = new Assembler(Kind.UP, 3, 0, received, true);
                boolean[] done = {false};
                new Chunker(4096).send(Kind.UP, 3, 0, 1, 1, sent, f -> done[0] = assembler.accept(ParamFrame.decode(f), f));
                assertThat(done[0]).isTrue();
                assertThat(assembler.firstNonFinite()).as("NaN/Inf at %d", bad).isEqualTo(bad);
                assertBitExact(received, sent);
            }
        }
    }

    @Test
    void aCheckingAssemblerForgetsAnEarlierVectorsNonFiniteValueAndOneThatDoesNotCheckReportsNone() {
        float[] received = new float[6];
        Assembler checking = new Assembler(Kind.UP, 3, 0, received, true);
        Assembler plain = new Assembler(Kind.UP, 3, 0, new float[6]);
        Chunker chunker = new Chunker(64);                        // 4 floats a chunk: 2 chunks
        chunker.send(Kind.UP, 3, 0, 1, 1, new float[] {0f, 1f, 2f, 3f, Float.NaN, 5f}, f -> {
            checking.accept(ParamFrame.decode(f), f);
            plain.accept(ParamFrame.decode(f), f);
        });
        assertThat(checking.firstNonFinite()).isEqualTo(4);
        assertThat(plain.firstNonFinite()).isEqualTo(-1);
        chunker.send(Kind.UP, 3, 0, 2, 2, new float[] {0f, 1f, 2f, 3f, 4f, 5f}, f -> checking.accept(ParamFrame.decode(f), f));
        assertThat(checking.firstNonFinite()).isEqualTo(-1);
        assertThat(received).containsExactly(0f, 1f, 2f, 3f, 4f, 5f);
    }
}
