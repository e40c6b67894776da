package io.easgd.backend.lab.net;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One network link of the lab: a rate in bits per second and an optional one-way delay, written as
 * {@code tc} writes them: {@code 100mbit}, {@code 1gbit}, {@code 10mbit,1ms}, {@code 500kbit,20ms}.
 *
 * @param bitsPerSecond the link's rate
 * @param delay added one-way delay between an agent and the server ({@link Duration#ZERO}: none)
 */
public record LinkSpec(long bitsPerSecond, Duration delay) {
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)(kbit|mbit|gbit)");
    private static final Pattern DELAY = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|ms|s)");
    /** Slowest and fastest link the lab shapes; beyond 10 Gbit/s a veth is the limit, not the shaper. */
    static final long MIN_RATE = 64_000, MAX_RATE = 10_000_000_000L;
    static final Duration MAX_DELAY = Duration.ofSeconds(1);

    public LinkSpec {
        if (bitsPerSecond < MIN_RATE || bitsPerSecond > MAX_RATE) {
            throw new IllegalArgumentException("easgd.lab.link: the rate must be between 64kbit and 10gbit, found "
                    + bitsPerSecond + " bit/s");
        }
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("easgd.lab.link: the delay must be between 0 and 1s, found " + delay);
        }
    }

    /** Parses {@code <rate>[,<delay>]}, e.g. {@code 100mbit,1ms}; the message of a bad one names the property. */
    public static LinkSpec parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("\\s*,\\s*");
        if (parts.length > 2) {
            throw bad(text);
        }
        Matcher rate = RATE.matcher(parts[0]);
        if (!rate.matches()) {
            throw bad(text);
        }
        double factor = switch (rate.group(2)) {
            case "kbit" -> 1e3;
            case "mbit" -> 1e6;
            default -> 1e9;
        };
        long bits = Math.round(Double.parseDouble(rate.group(1)) * factor);
        Duration delay = Duration.ZERO;
        if (parts.length == 2) {
            Matcher d = DELAY.matcher(parts[1]);
            if (!d.matches()) {
                throw bad(text);
            }
            double micros = Double.parseDouble(d.group(1)) * switch (d.group(2)) {
                case "us" -> 1;
                case "ms" -> 1e3;
                default -> 1e6;
            };
            delay = Duration.ofNanos(Math.round(micros * 1e3));
        }
        return new LinkSpec(bits, delay);
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("easgd.lab.link must be <rate>[,<delay>] such as 100mbit,1ms or 1gbit "
                + "(rate in kbit, mbit or gbit; delay in us, ms or s), found '" + text + "'");
    }

    /** The rate as {@code tc} takes it, in kbit (exact for every rate {@link #parse} accepts but a fraction of a kbit). */
    String tcRate() {
        return Math.max(1, bitsPerSecond / 1000) + "kbit";
    }

    /** The delay as {@code tc netem} takes it. */
    String tcDelay() {
        return (delay.toNanos() / 1000) + "us";
    }

    public double megabitsPerSecond() {
        return bitsPerSecond / 1e6;
    }

    /**
     * Token-bucket depth for {@code tbf}: 4 ms at the link's rate, and never less than 64 KiB, so that a
     * segmentation-offloaded packet (up to 64 KiB on a veth) always fits; a deeper bucket would let
     * bursts beat the rate, a shallower one drops packets.
     */
    long burstBytes() {
        return Math.max(64 * 1024, bitsPerSecond / 8 / 250);
    }

    @Override
    public String toString() {
        String r = bitsPerSecond % 1_000_000_000 == 0 ? bitsPerSecond / 1_000_000_000 + "gbit"
                : bitsPerSecond % 1_000_000 == 0 ? bitsPerSecond / 1_000_000 + "mbit" : bitsPerSecond / 1000 + "kbit";
        return delay.isZero() ? r : r + "," + (delay.toNanos() % 1_000_000 == 0 ? delay.toMillis() + "ms"
                : delay.toNanos() / 1000 + "us");
    }
}
