package io.easgd.core.rules;

import java.util.List;
import java.util.Map;

/**
 * Iterate averaging, z ← (1 − a_t) z + a_t x after each update t, as a decorator: on a worker it
 * turns SGD into ASGD (a_t = 1/(t+1)) or MVASGD (constant a); on the master it turns DOWNPOUR into
 * ADOWNPOUR or MVADOWNPOUR. The averaged z is the variable that is evaluated (paper, §5).
 */
public final class Averaging {
    private Averaging() {
    }

    /** The moving rate a_t used after update t (t ≥ 1). */
    @FunctionalInterface
    public interface Schedule {
        float rate(long t);

        /** a_t = 1/(t + 1): z is the running mean of every iterate, the initial one included. */
        static Schedule running() {
            return t -> 1f / (t + 1);
        }

        /** a_t = a, a moving average with a constant rate. */
        static Schedule moving(float a) {
            return t -> a;
        }
    }

    static void blend(float[] z, float[] x, float a) {
        float keep = 1f - a;
        for (int k = 0; k < z.length; k++) {
            z[k] = keep * z[k] + a * x[k];
        }
    }

    /** A worker rule whose offered variable ({@link #params()}) is the average z of its iterates. */
    public static final class Worker implements WorkerRule {
        private final WorkerRule inner;
        private final Schedule schedule;
        private float[] z;

        public Worker(WorkerRule inner, Schedule schedule) {
            this.inner = inner;
            this.schedule = schedule;
        }

        @Override
        public void init(float[] center) {
            inner.init(center);
            z = center.clone();
        }

        @Override
        public double step(Gradient gradient, Exchange exchange) {
            double loss = inner.step(gradient, exchange);
            blend(z, inner.params(), schedule.rate(inner.steps()));
            return loss;
        }

        /** z, the averaged iterate (live). */
        @Override
        public float[] params() {
            return z;
        }

        /** The raw iterate x of the wrapped rule (live). */
        public float[] iterate() {
            return inner.params();
        }

        @Override
        public long steps() {
            return inner.steps();
        }

        @Override
        public int[] payloadFloats() {
            return inner.payloadFloats();
        }

        @Override
        public WorkerRule copy() {
            return new Worker(inner.copy(), schedule);
        }
    }

    /**
     * A master rule that also keeps z, averaged after every master update, and evaluates z. Its
     * state is the wrapped rule's plus z ("average"); its name is "averaging(" + the wrapped rule's
     * name + ")". Workers join at the wrapped rule's join point (x̃ for DOWNPOUR), not at z.
     */
    public static final class Master extends MasterRule {
        /** The name of z in a {@link MasterRule.State}. */
        public static final String AVERAGE = "average";

        private final MasterRule inner;
        private final Schedule schedule;
        private float[] z;

        public Master(MasterRule inner, Schedule schedule) {
            this.inner = inner;
            this.schedule = schedule;
        }

        @Override
        public String name() {
            return "averaging(" + inner.name() + ")";
        }

        /** Also the wrapped rule's, which computes the reply. */
        @Override
        public synchronized void compression(io.easgd.core.compression.Compression c) {
            super.compression(c);
            inner.compression(c);
        }

        @Override
        protected void onInit() {
            inner.init(center);
            center = inner.center;                         // one x̃, shared with the wrapped rule
            z = center.clone();
        }

        @Override
        protected double apply(int worker, float[] up, float[] down) {
            return inner.apply(worker, up, down);
        }

        @Override
        protected int upFloats() {
            return inner.upFloats();
        }

        @Override
        protected int downFloats() {
            return inner.downFloats();
        }

        @Override
        protected void afterUpdate(long t) {
            blend(z, center, schedule.rate(t));
        }

        @Override
        protected float[] evaluated() {
            return z;
        }

        @Override
        public synchronized void copyJoinPoint(float[] dst) {
            inner.copyJoinPoint(dst);
        }

        @Override
        protected void stateNames(List<String> vectors, List<String> counters) {
            inner.stateNames(vectors, counters);
            vectors.add(AVERAGE);
        }

        @Override
        protected void writeState(Map<String, float[]> vectors, Map<String, Long> counters) {
            inner.writeState(vectors, counters);
            vectors.put(AVERAGE, z.clone());
        }

        @Override
        protected void checkState(MasterRule.State s) {
            inner.checkState(s);
        }

        @Override
        protected void readState(MasterRule.State s) {
            inner.center = center;                         // one x̃, shared with the wrapped rule
            inner.readState(s);
            z = s.vectors().get(AVERAGE).clone();
        }
    }
}
