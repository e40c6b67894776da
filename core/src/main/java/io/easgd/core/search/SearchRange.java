package io.easgd.core.search;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * One axis of a sampled search: a value drawn from a point u in [0, 1) of that axis. Real values are rounded to
 * {@link #DIGITS} significant digits, so a run's spec holds a readable number and what the label shows is what
 * ran.
 */
public sealed interface SearchRange {
    int DIGITS = 4;

    /** The value at u ∈ [0, 1): a Double, a Long, or one of a choice's values. */
    Object value(double u);

    /** Uniform on [lo, hi]. */
    record Uniform(double lo, double hi) implements SearchRange {
        public Uniform {
            requireOrdered(lo, hi);
        }

        @Override
        public Object value(double u) {
            return round(lo + clamp(u) * (hi - lo));
        }
    }

    /** Uniform in log on [lo, hi], lo > 0: a learning rate. */
    record LogUniform(double lo, double hi) implements SearchRange {
        public LogUniform {
            requireOrdered(lo, hi);
            if (!(lo > 0)) {
                throw new IllegalArgumentException("a log-uniform range needs lo > 0, found " + lo);
            }
        }

        @Override
        public Object value(double u) {
            return round(Math.exp(Math.log(lo) + clamp(u) * (Math.log(hi) - Math.log(lo))));
        }
    }

    /** Every integer from lo to hi, both included, equally likely. */
    record IntRange(long lo, long hi) implements SearchRange {
        public IntRange {
            requireOrdered(lo, hi);
        }

        @Override
        public Object value(double u) {
            return Math.min(hi, lo + (long) Math.floor(clamp(u) * (hi - lo + 1)));
        }
    }

    /** An integer from lo ≥ 1 to hi, uniform in log: τ, a batch size. */
    record LogInt(long lo, long hi) implements SearchRange {
        public LogInt {
            requireOrdered(lo, hi);
            if (lo < 1) {
                throw new IllegalArgumentException("a log-integer range needs lo >= 1, found " + lo);
            }
        }

        @Override
        public Object value(double u) {
            double x = Math.exp(Math.log(lo) + clamp(u) * (Math.log(hi + 1.0) - Math.log(lo)));
            return Math.max(lo, Math.min(hi, (long) Math.floor(x)));
        }
    }

    /** One of the values, equally likely (a list axis in a sampled search is one). */
    record Choice(List<?> values) implements SearchRange {
        public Choice {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a choice needs a value");
            }
            values = List.copyOf(values);
        }

        @Override
        public Object value(double u) {
            return values.get(Math.min(values.size() - 1, (int) Math.floor(clamp(u) * values.size())));
        }
    }

    private static void requireOrdered(double lo, double hi) {
        if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("need lo < hi, both finite, found [" + lo + ", " + hi + "]");
        }
    }

    private static double clamp(double u) {
        return Math.max(0, Math.min(Math.nextDown(1.0), u));
    }

    /** {@code x} to {@link #DIGITS} significant digits. */
    static double round(double x) {
        return x == 0 ? 0 : new BigDecimal(x).round(new MathContext(DIGITS)).doubleValue();
    }
}
