package io.easgd.backend.bench.micro;

import io.easgd.backend.agents.FrameBuffers;
import io.easgd.core.protocol.Assembler;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.rules.Easgd;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.rules.Vec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

/**
 * P1: one EASGD exchange along the backend's own path, against the memory-bound elastic kernel
 * over the same floats. Both read and write the worker's and the center's N floats.
 *
 * <ul>
 *   <li>{@link #exchange}: each UP frame as Netty hands it over (a pooled direct buffer of one whole
 *   frame) → {@link FrameBuffers#received} → {@link ParamFrame#decode} → {@link Assembler#accept}
 *   (as {@code RankExchange} does: a plain copy, because the elastic master refuses NaN/±Inf in its
 *   own distance pass); the complete upload → {@link MasterRule#submit} of {@link Easgd.Master}
 *   (synchronized: distance pass, then center update, reply e); the reply →
 *   {@link FrameBuffers#encode} into the DOWN frames the outbound queue takes. Not included: the
 *   hop to the exchange pool and Netty's socket writes and reads (P2 measures the wire).</li>
 *   <li>{@link #kernel}: {@code d = α(x − c); x −= d; c += d} over two float arrays of N.</li>
 *   <li>{@link #exchangeBefore}: the path as it was before issue #20 (NaN/±Inf checked during the
 *   copy, then one fused loop with a serial distance sum); only for the before/after figure in
 *   docs/benchmarks.md.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ExchangeBench {
    private static final float ALPHA = 0.45f;
    private static final long JOB = 7;

    @Param({"350000", "3500000"})
    public int n;

    private final NettyDataBufferFactory factory = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);
    /** Two uploads taken in turn, so the center swings between them instead of converging (denormals). */
    private final List<List<DataBuffer>> uploads = List.of(new ArrayList<>(), new ArrayList<>());
    private int turn;
    /**
     * The kernel's α: 1, where x and c trade places every pass, so that repeated passes neither
     * converge into denormal floats nor blow up; a field, so the multiplication stays in.
     */
    private float kernelAlpha = 1f;
    private final Chunker chunker = new Chunker();
    private Assembler assembler;
    private Assembler checkedAssembler;
    private MasterRule master;
    private MasterRule before;
    private float[] reply;
    private float[] x;
    private float[] c;
    private final MasterRule.Reply done = new MasterRule.Reply() {
        @Override
        public void done(double distance) {
        }

        @Override
        public void failed(RuntimeException error) {
            throw error;
        }
    };

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        x = new float[n];
        c = new float[n];
        float[] center = new float[n];
        for (int k = 0; k < n; k++) {
            x[k] = (float) random.nextGaussian();
            c[k] = (float) random.nextGaussian();
            center[k] = c[k];
        }
        master = new Easgd.Master(ALPHA);
        master.init(center);
        reply = new float[n];
        before = new SerialDistanceMaster(ALPHA);
        before.init(center.clone());
        // as RankExchange: the copy checks NaN/±Inf only for a master that does not refuse them itself
        assembler = new Assembler(ParamFrame.Kind.UP, JOB, 0, new float[n], !master.checksUploads());
        checkedAssembler = new Assembler(ParamFrame.Kind.UP, JOB, 0, new float[n], true);
        for (List<DataBuffer> frames : uploads) {
            float[] upload = new float[n];
            for (int k = 0; k < n; k++) {
                upload[k] = (float) random.nextGaussian();
            }
            chunker.send(ParamFrame.Kind.UP, JOB, 0, 1, 1, upload, frame -> {
                ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(frame.remaining());
                b.writeBytes(frame);
                frames.add(factory.wrap(b));
            });
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        uploads.forEach(frames -> {
            frames.forEach(DataBufferUtils::release);
            frames.clear();
        });
    }

    /** One exchange: UP frames in, center updated, DOWN frames out; returns the DOWN bytes. */
    @Benchmark
    public long exchange() {
        copyIn(assembler);
        if (master.checksUploads()) {                      // as ExchangeService
            master.submit(0, assembler.target(), reply, done);
        } else {
            if (assembler.firstNonFinite() >= 0) {
                throw new IllegalStateException("non-finite upload");
            }
            master.submitFinite(0, assembler.target(), reply, done);
        }
        return encodeReply();
    }

    /** The next upload's frames, each as Netty hands it over, into {@code into} (as {@code RankExchange}). */
    private void copyIn(Assembler into) {
        for (DataBuffer payload : uploads.get(turn++ & 1)) {
            payload.readPosition(0);
            ByteBuffer frame = FrameBuffers.received(payload);
            ParamFrame header = ParamFrame.decode(frame);
            into.accept(header, frame);
        }
    }

    private long encodeReply() {
        long[] bytes = {0};
        FrameBuffers.encode(factory, chunker, ParamFrame.Kind.DOWN, JOB, 0, 1, 1, reply, d -> {
            bytes[0] += d.readableByteCount();
            DataBufferUtils.release(d);
        });
        return bytes[0];
    }

    // ---- the exchange's stages one by one: where its time goes (docs/benchmarks.md, P1) ----

    /** Stage 1: the UP frames copied into the rank's upload buffer (what {@link #exchange} starts with). */
    @Benchmark
    public float stageCopy() {
        copyIn(assembler);
        return assembler.target()[0];
    }

    /** Stage 2: the elastic master's distance pass, {@link Vec#squaredDistanceLanes}. */
    @Benchmark
    public double stageDistance() {
        return Vec.squaredDistanceLanes(x, c);
    }

    /** Stage 2 as it was: the single running double sum of the loop before issue #20. */
    @Benchmark
    public double stageSerialDistance() {
        double sq = 0;
        for (int k = 0; k < x.length; k++) {
            float diff = x[k] - c[k];
            sq += (double) diff * diff;
        }
        return sq;
    }

    /** Stage 3: the update loop of {@link Easgd.Master} (e = α(x − x̃); x̃ += e; reply e), α = 1 as the kernel. */
    @Benchmark
    public float stageUpdate() {
        float[] xs = x;
        float[] cs = c;
        float[] down = reply;
        float alpha = kernelAlpha;
        for (int k = 0; k < cs.length; k++) {
            float e = alpha * (xs[k] - cs[k]);
            cs[k] += e;
            down[k] = e;
        }
        return down[0];
    }

    /** Stage 4: the reply encoded into the DOWN frames (pooled direct memory). */
    @Benchmark
    public long stageEncode() {
        return encodeReply();
    }

    /** The memory-bound elastic kernel over the same N floats. */
    @Benchmark
    public float kernel() {
        float[] xs = x;
        float[] cs = c;
        float alpha = kernelAlpha;
        for (int k = 0; k < xs.length; k++) {
            float d = alpha * (xs[k] - cs[k]);
            xs[k] -= d;
            cs[k] += d;
        }
        return cs[0];
    }

    /**
     * {@link #exchange} as the backend did it before the elastic master checked uploads itself: NaN/±Inf
     * checked while the frames are copied in, then the one fused loop with a single running distance sum
     * ({@link SerialDistanceMaster}); only for the before/after figure in docs/benchmarks.md.
     */
    @Benchmark
    public long exchangeBefore() {
        copyIn(checkedAssembler);
        if (checkedAssembler.firstNonFinite() >= 0) {
            throw new IllegalStateException("non-finite upload");
        }
        before.submitFinite(0, checkedAssembler.target(), reply, done);
        return encodeReply();
    }

    /** {@link Easgd.Master}'s update as it was until issue #20: one loop, one serial double sum. */
    static final class SerialDistanceMaster extends MasterRule {
        private final float alpha;

        SerialDistanceMaster(float alpha) {
            this.alpha = alpha;
        }

        @Override
        public String name() {
            return "easgd";
        }

        @Override
        protected double apply(int worker, float[] up, float[] down) {
            double sq = 0;
            for (int k = 0; k < center.length; k++) {
                float diff = up[k] - center[k];
                sq += (double) diff * diff;
                float e = alpha * diff;
                center[k] += e;
                down[k] = e;
            }
            return Math.sqrt(sq);
        }
    }
}
