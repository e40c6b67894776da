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

    /** The JVM property that caps the waits lower than {@link #MAX}, for tests that restart a backend under agents. */
    public static final String MAX_PROPERTY = "easgd.agent.reconnect-max";

    /**
     * The protocol's schedule, capped at {@code max} when it is given ({@code -Deasgd.agent.reconnect-max=1s}, or
     * {@code 800ms}; null or blank: {@link #MAX}). The fault lab's tests restart a backend under its agents: with
     * the protocol's cap an agent that had backed off to 12 s came back 10 s after the backend did.
     *
     * @throws IllegalArgumentException when {@code max} is not a duration between {@link #INITIAL} and {@link #MAX}
     */
    public static Backoff withMax(String max, Random random) {
        if (max == null || max.isBlank()) {
            return new Backoff(random);
        }
        String v = max.strip().toLowerCase(java.util.Locale.ROOT);
        Duration d;
        try {
            d = v.endsWith("ms") ? Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)))
                    : v.endsWith("s") ? Duration.ofMillis(Math.round(1000 * Double.parseDouble(v.substring(0, v.length() - 1))))
                    : null;
        } catch (NumberFormatException e) {
            d = null;
        }
        if (d == null || d.compareTo(INITIAL) < 0 || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(MAX_PROPERTY + " must be a duration from 500ms to 30s, such as 1s; found "
                    + max);
        }
        return new Backoff(INITIAL, d, JITTER, random);
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
