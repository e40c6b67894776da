package io.easgd.core.rules;

import io.easgd.core.compression.Compression;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The master (parameter server) side of an update rule, holding the center variable x̃ of one job.
 * Every exchange is atomic for the job: concurrent workers never see or produce a half-applied
 * update, and an upload holding NaN or ±Inf is refused before it touches the center.
 *
 * <p>Life cycle: {@link #init} (a new job) or {@link #restore} (a resumed one), then
 * {@link #submit} (non-blocking, the reply comes through a {@link Reply}) or {@link #exchange}
 * (blocking) once per worker exchange, then {@link #close} when the job ends. No thread ever waits
 * inside the master except a caller of the blocking {@link #exchange}.
 *
 * <p>Asynchronous rules apply an upload at once: under the job's lock {@code apply}, then
 * {@code updates++}, then {@code afterUpdate(updates)}; the reply is then called outside the lock
 * on the submitting thread before {@link #submit} returns. The synchronous rules
 * ({@link RoundMaster}: {@link SyncEasgd.Master}, {@link Diloco.Master}) collect one upload per
 * rank and reply to all p workers on the thread of the round's last arrival.
 *
 * <p>{@link #snapshot} and {@link #restore} carry the whole master state — x̃, the update count and
 * whatever else the rule keeps (momentum, averages, round counters) — so that a master restored
 * from a snapshot answers every later upload bit for bit like the master that was never
 * interrupted.
 */
public abstract class MasterRule {

    /** The vector every {@link State} holds: x̃. */
    public static final String CENTER = "center";

    private static final ThreadLocal<Waiter> WAITERS = ThreadLocal.withInitial(Waiter::new);

    /**
     * Where the result of one {@link #submit} goes. Exactly one of the two methods is called, once,
     * outside the master's lock. Until then the master may still write into that submit's
     * {@code down} array; the caller must not reuse it before the reply.
     */
    public interface Reply {
        /** {@code down} holds the master's reply; {@code distance} as for {@link #exchange}. */
        void done(double distance);

        /** The upload was accepted but will never be answered (the job ended while it waited). */
        void failed(RuntimeException error);
    }

    /**
     * The whole state of a master: its rule name, its update count, named vectors (always
     * {@value #CENTER}, each N floats) and named counters. {@link #snapshot} returns deep copies;
     * {@link #restore} copies again, so a State can be kept, written and restored any number of
     * times. Iteration order of both maps is the rule's own, stable order.
     */
    public record State(String rule, long updates, Map<String, float[]> vectors, Map<String, Long> counters) {
        public State {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(vectors, "vectors");
            Objects.requireNonNull(counters, "counters");
            vectors.forEach((k, v) -> {
                Objects.requireNonNull(k, "vector name");
                Objects.requireNonNull(v, () -> "vector " + k);
            });
            counters.forEach((k, v) -> {
                Objects.requireNonNull(k, "counter name");
                Objects.requireNonNull(v, () -> "counter " + k);
            });
            vectors = Collections.unmodifiableMap(new LinkedHashMap<>(vectors));
            counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        }

        /** x̃. */
        public float[] center() {
            return vectors.get(CENTER);
        }
    }

    protected float[] center;
    private long updates;
    private volatile boolean closed;
    private Compression compression = Compression.NONE;

    /**
     * How the master's replies travel: each rule rounds its reply ({@link Compression#round}) under
     * the lock, before it applies it, so that what it applies to x̃ is exactly what the worker
     * decodes (EASGD: x̃ += the rounded e, and the worker's x_i −= the same e). Set it before
     * {@link #init}; {@link Compression#NONE} (the default) leaves the arithmetic as it always was.
     */
    public synchronized void compression(Compression c) {
        compression = java.util.Objects.requireNonNull(c, "compression");
    }

    /** The reply's compression, {@link Compression#NONE} unless set. */
    public synchronized Compression compression() {
        return compression;
    }

    /** Under the lock: rounds a reply to what the wire carries (nothing for NONE). */
    protected final void roundReply(float[] down) {
        compression.round(down);
    }

    /** x̃ ← x̃₀ (copied), update count and the rule's own state reset. */
    public synchronized void init(float[] initialCenter) {
        beforeReset();
        center = initialCenter.clone();
        updates = 0;
        onInit();
    }

    /** Hook for rules that keep more state than x̃ (momentum, averages). Called under the lock. */
    protected void onInit() {
    }

    /**
     * Called under the lock before {@link #init} or {@link #restore} replaces the state; a rule that
     * holds uploads waiting for a reply refuses here (throws) rather than drop them silently.
     */
    protected void beforeReset() {
    }

    /** A stable name of the rule, written into every {@link State}: "easgd", "downpour", … */
    public abstract String name();

    /**
     * Submits worker {@code worker}'s upload without blocking. The upload is checked to be finite
     * first; for an asynchronous rule it is then applied atomically and {@code reply.done} is called
     * on this thread, outside the lock, before this method returns.
     *
     * @throws NonFiniteUploadException when {@code up} holds NaN or ±Inf; the center is untouched
     *     and {@code reply} is not called
     * @throws IllegalArgumentException when {@code up} or {@code down} do not have the rule's
     *     payload sizes; nothing is touched
     * @throws IllegalStateException after {@link #close} ("the job ended"), or before init/restore
     */
    public void submit(int worker, float[] up, float[] down, Reply reply) {
        requireOpen();
        if (!checksUploads()) {
            Vec.requireFinite(up, worker);
        }
        submitFinite(worker, up, down, reply);
    }

    /**
     * Whether this rule's {@link #apply} refuses a non-finite upload itself, before it touches the center
     * (with {@link NonFiniteUploadException}, as {@link #submit} does): then {@link #submit} makes no
     * separate pass over the upload, and a caller need not check what it copies off the wire. The
     * asynchronous elastic master does (its distance pass sees every difference first); the others do not.
     */
    public boolean checksUploads() {
        return false;
    }

    /**
     * {@link #submit} without its finite check, for a caller that has checked {@code up} already
     * (the server checks each upload while it copies it off the wire, in the same pass). An upload
     * holding NaN or ±Inf given here would reach the center — unless the rule {@link #checksUploads}:
     * never pass one unchecked to another.
     *
     * @throws IllegalArgumentException when {@code up} or {@code down} do not have the rule's
     *     payload sizes; nothing is touched
     * @throws IllegalStateException after {@link #close} ("the job ended"), or before init/restore
     */
    public void submitFinite(int worker, float[] up, float[] down, Reply reply) {
        requireOpen();
        double distance;
        synchronized (this) {
            requireReady();
            checkPayload(worker, up, down);
            distance = apply(worker, up, down);
            updates++;
            afterUpdate(updates);
        }
        reply.done(distance);
    }

    /**
     * Applies one worker's upload and writes the reply into {@code down}; blocks until the reply is
     * there (for the synchronous rule: until the round's p-th upload arrived).
     *
     * @return the elastic distance ‖x_i − x̃‖ measured before the move, or NaN where the rule
     *     does not see x_i (DOWNPOUR uploads updates, not parameters)
     * @throws NonFiniteUploadException when {@code up} holds NaN or ±Inf; the center is untouched
     * @throws IllegalStateException when the job ended (before or while this call waited), or the
     *     thread was interrupted while waiting (its upload then stays in the round)
     */
    public final double exchange(int worker, float[] up, float[] down) {
        Waiter waiter = WAITERS.get();
        waiter.reset();
        submit(worker, up, down, waiter);
        try {
            return waiter.await();
        } catch (InterruptedException e) {
            WAITERS.remove();                              // still pending in the master: never reuse it
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while worker " + worker + " waited for its reply", e);
        }
    }

    /**
     * The rule itself; called under the job's lock with {@code up} of the right size, finite unless the
     * rule {@link #checksUploads} (then it throws {@link NonFiniteUploadException} before any change).
     */
    protected abstract double apply(int worker, float[] up, float[] down);

    /** Hook after master update number {@code t} (1-based). */
    protected void afterUpdate(long t) {
    }

    /** Floats one upload carries; N unless the rule says otherwise. Called under the lock. */
    protected int upFloats() {
        return center.length;
    }

    /** Floats the master writes into {@code down}; N unless the rule says otherwise. Under the lock. */
    protected int downFloats() {
        return center.length;
    }

    /** Refuses an upload or reply buffer of the wrong size, before anything is touched. */
    protected final void checkPayload(int worker, float[] up, float[] down) {
        if (up.length != upFloats()) {
            throw new IllegalArgumentException(name() + ": worker " + worker + " uploaded " + up.length
                    + " floats, expected up = " + upFloats());
        }
        if (down.length != downFloats()) {
            throw new IllegalArgumentException(name() + ": worker " + worker + " gave a reply buffer of "
                    + down.length + " floats, expected down = " + downFloats());
        }
    }

    /** Throws when {@link #close} was called. */
    protected final void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the job ended: " + name() + " master is closed");
        }
    }

    /** Under the lock: open and initialised. */
    protected final void requireReady() {
        requireOpen();
        if (center == null) {
            throw new IllegalStateException(name() + " master has no state yet: call init or restore first");
        }
    }

    /** Adds {@code n} to the update count (for rules that apply several uploads at once). */
    protected final void countUpdates(long n) {
        updates += n;
    }

    /** Copies the variable the master evaluates (x̃, or the averaged z) into {@code dst}. */
    public synchronized void copyEvaluated(float[] dst) {
        System.arraycopy(evaluated(), 0, dst, 0, dst.length);
    }

    /** Copies x̃ into {@code dst}. */
    public synchronized void copyCenter(float[] dst) {
        System.arraycopy(center, 0, dst, 0, dst.length);
    }

    /**
     * Copies what a worker that joins (or re-joins) the job starts from into {@code dst}: x̃, unless
     * the rule's workers live elsewhere (MDOWNPOUR: the look-ahead point x̃ + δv).
     */
    public synchronized void copyJoinPoint(float[] dst) {
        System.arraycopy(center, 0, dst, 0, dst.length);
    }

    /** The variable the master evaluates; x̃ unless the rule averages. Called under the lock. */
    protected float[] evaluated() {
        return center;
    }

    /** Master updates applied since {@link #init}, or restored with the state. */
    public synchronized long updates() {
        return updates;
    }

    /** N, the number of model parameters. */
    public synchronized int size() {
        return center.length;
    }

    /** True once {@link #close} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * The job ended: later submits throw {@link IllegalStateException}, and uploads waiting for a
     * reply (a synchronous round whose other workers will never come) get {@link Reply#failed}.
     */
    public void close() {
        List<Runnable> failures;
        synchronized (this) {
            closed = true;
            failures = onClose();
        }
        failures.forEach(Runnable::run);
    }

    /** Under the lock, after the master was marked closed: what to fail, run outside the lock. */
    protected List<Runnable> onClose() {
        return List.of();
    }

    /**
     * The whole master state, deep-copied, atomically: x̃, the update count and the rule's own
     * vectors and counters. See the rule's {@link #writeState} for what it adds.
     */
    public synchronized State snapshot() {
        if (center == null) {
            throw new IllegalStateException(name() + " master has no state yet: call init or restore first");
        }
        Map<String, float[]> vectors = new LinkedHashMap<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        vectors.put(CENTER, center.clone());
        writeState(vectors, counters);
        return new State(name(), updates, vectors, counters);
    }

    /**
     * Replaces {@link #init} for a resumed job: the master takes {@code s} (copied) as its whole
     * state. Validated first, so that a refused state leaves the master as it was.
     *
     * @throws IllegalArgumentException naming what mismatched: the rule name, a missing or
     *     unexpected vector or counter, a vector's size, a negative count
     */
    public synchronized void restore(State s) {
        if (!name().equals(s.rule())) {
            throw new IllegalArgumentException("state is of rule '" + s.rule() + "', this master is '" + name() + "'");
        }
        float[] c = s.vectors().get(CENTER);
        if (c == null) {
            throw new IllegalArgumentException(name() + ": state has no vector '" + CENTER + "'");
        }
        if (center != null && c.length != center.length) {
            throw new IllegalArgumentException(name() + ": vector '" + CENTER + "' has " + c.length
                    + " floats, this master holds " + center.length);
        }
        if (s.updates() < 0) {
            throw new IllegalArgumentException(name() + ": updates must be >= 0, found " + s.updates());
        }
        List<String> vectorNames = new ArrayList<>(List.of(CENTER));
        List<String> counterNames = new ArrayList<>();
        stateNames(vectorNames, counterNames);
        for (String v : vectorNames) {
            float[] x = s.vectors().get(v);
            if (x == null) {
                throw new IllegalArgumentException(name() + ": state has no vector '" + v + "'");
            }
            if (x.length != c.length) {
                throw new IllegalArgumentException(name() + ": vector '" + v + "' has " + x.length
                        + " floats, expected " + c.length + " (the size of '" + CENTER + "')");
            }
        }
        for (String v : s.vectors().keySet()) {
            if (!vectorNames.contains(v)) {
                throw new IllegalArgumentException(name() + ": unexpected vector '" + v + "', expected "
                        + vectorNames);
            }
        }
        for (String k : counterNames) {
            Long value = s.counters().get(k);
            if (value == null) {
                throw new IllegalArgumentException(name() + ": state has no counter '" + k + "'");
            }
            if (value < 0) {
                throw new IllegalArgumentException(name() + ": counter '" + k + "' must be >= 0, found " + value);
            }
        }
        for (String k : s.counters().keySet()) {
            if (!counterNames.contains(k)) {
                throw new IllegalArgumentException(name() + ": unexpected counter '" + k + "', expected "
                        + counterNames);
            }
        }
        checkState(s);
        beforeReset();
        center = c.clone();
        updates = s.updates();
        readState(s);
    }

    /**
     * The names of the vectors (besides {@value #CENTER}) and counters this rule's state holds, in
     * the order {@link #writeState} writes them. Called under the lock; may look at x̃'s size only.
     */
    protected void stateNames(List<String> vectors, List<String> counters) {
    }

    /** Under the lock: adds the rule's own state, deep-copied, after x̃. */
    protected void writeState(Map<String, float[]> vectors, Map<String, Long> counters) {
    }

    /** Under the lock, before anything changes: refuses (IllegalArgumentException) an inconsistent state. */
    protected void checkState(State s) {
    }

    /**
     * Under the lock, after x̃ and the update count were restored: takes the rule's own state from
     * {@code s} (names and sizes already validated; copy, do not keep, its arrays).
     */
    protected void readState(State s) {
    }

    /** The reply of one blocking {@link #exchange}; reused by its thread. */
    private static final class Waiter implements Reply {
        private boolean finished;
        private double distance;
        private RuntimeException error;

        synchronized void reset() {
            finished = false;
            error = null;
        }

        @Override
        public synchronized void done(double d) {
            distance = d;
            finished = true;
            notifyAll();
        }

        @Override
        public synchronized void failed(RuntimeException e) {
            error = e;
            finished = true;
            notifyAll();
        }

        synchronized double await() throws InterruptedException {
            while (!finished) {
                wait();
            }
            if (error != null) {
                RuntimeException e = error;
                error = null;
                throw e;
            }
            return distance;
        }
    }
}
