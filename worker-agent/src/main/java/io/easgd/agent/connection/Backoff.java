package io.easgd.agent.connection;

import java.time.Duration;
import java.util.Random;

/**
 * Waits between reconnection attempts: 0.5 s doubling up to 30 s, each shortened by a random
 * fraction of up to {@link #JITTER} so that agents that lost the server together do not all
 * come back in the same instant. Never longer than the cap. Not thread-safe.
 */
public final class Backoff {
    public static final Duration INITIAL = Duration.ofMillis(500);
    public static final Duration MAX = Duration.ofSeconds(30);
    public static final double JITTER = 0.2;

    private final long initialMillis;
    private final long maxMillis;
    private final double jitter;
    private final Random random;
    private int attempts;

    /** The protocol's schedule (0.5 s doubling to 30 s, 20% jitter). */
    public Backoff(Random random) {
        this(INITIAL, MAX, JITTER, random);
    }

    public Backoff(Duration initial, Duration max, double jitter, Random random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, found initial " + initial + ", max " + max);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), found " + jitter);
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.jitter = jitter;
        this.random = random;
    }

    /** The wait before attempt {@code attempts() + 1}: min(max, initial · 2^n) · (1 − jitter · u), u ∈ [0, 1). */
    public Duration next() {
        long base = attempts >= 30 ? maxMillis : Math.min(maxMillis, initialMillis << attempts);
        attempts++;
        return Duration.ofMillis(Math.round(base * (1 - jitter * random.nextDouble())));
    }

    /** Back to the initial wait, after a connection that worked. */
    public void reset() {
        attempts = 0;
    }

    /** Waits handed out since the last reset. */
    public int attempts() {
        return attempts;
    }
}
