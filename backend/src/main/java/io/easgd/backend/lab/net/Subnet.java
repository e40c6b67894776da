package io.easgd.backend.lab.net;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab's IPv4 subnet ({@code easgd.lab.subnet}, e.g. {@code 10.213.0.0/24}): the server is its
 * first address, agent i is address 10 + i. Nothing outside it is ever configured.
 *
 * @param base the network address as an unsigned 32-bit value
 * @param prefix the prefix length, 16 to 26 (room for the server and up to 50 agents)
 */
public record Subnet(long base, int prefix) {
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern ANY = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?");
    static final int FIRST_AGENT = 10;

    public Subnet {
        if (prefix < 16 || prefix > 26) {
            throw new IllegalArgumentException("easgd.lab.subnet: the prefix must be /16 to /26, found /" + prefix);
        }
        if ((base & hostMask(prefix)) != 0) {
            throw new IllegalArgumentException("easgd.lab.subnet: " + dotted(base) + "/" + prefix
                    + " has host bits set; use " + dotted(base & ~hostMask(prefix) & 0xFFFFFFFFL) + "/" + prefix);
        }
    }

    public static Subnet parse(String text) {
        Matcher m = CIDR.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("easgd.lab.subnet must be an IPv4 subnet such as 10.213.0.0/24, found '"
                    + text + "'");
        }
        long v = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw new IllegalArgumentException("easgd.lab.subnet: " + octet + " is not an octet in '" + text + "'");
            }
            v = (v << 8) | octet;
        }
        return new Subnet(v, Integer.parseInt(m.group(5)));
    }

    /** The server's address. */
    String server() {
        return dotted(base + 1);
    }

    /** Agent {@code i}'s address (1-based). */
    String agent(int i) {
        if (FIRST_AGENT + i >= (1L << (32 - prefix)) - 1) {
            throw new IllegalArgumentException("easgd.lab.subnet /" + prefix + " has no room for agent " + i);
        }
        return dotted(base + FIRST_AGENT + i);
    }

    /** {@code address/prefix}, as {@code ip addr add} takes it. */
    String withPrefix(String address) {
        return address + "/" + prefix;
    }

    /**
     * Whether {@code cidr} ({@code a.b.c.d} or {@code a.b.c.d/len}, any length) shares an address with
     * this subnet; false for anything that is not such a text.
     */
    boolean overlaps(String cidr) {
        Matcher m = ANY.matcher(cidr);
        if (!m.matches()) {
            return false;
        }
        long v = 0;
        for (int i = 1; i <= 4; i++) {
            v = (v << 8) | Integer.parseInt(m.group(i));
        }
        int len = m.group(5) == null ? 32 : Integer.parseInt(m.group(5));
        if (len > 32) {
            return false;
        }
        int shorter = Math.min(len, prefix);
        long mask = ~hostMask(shorter) & 0xFFFFFFFFL;
        return (v & mask) == (base & mask);
    }

    private static long hostMask(int prefix) {
        return (1L << (32 - prefix)) - 1;
    }

    private static String dotted(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    @Override
    public String toString() {
        return dotted(base) + "/" + prefix;
    }
}
