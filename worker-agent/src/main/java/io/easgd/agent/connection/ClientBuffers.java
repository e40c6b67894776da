package io.easgd.agent.connection;

/**
 * Buffer sizes of the JDK's HTTP/WebSocket client, raised from its 16 KiB defaults to
 * {@link #BYTES}. With 16 KiB the client reads a 1.4 MB DOWN vector in ~87 socket reads, each handed
 * to the listener as one part (and often across threads), and writes an UP vector in ~87 masked
 * 16 KiB writes; at 256 KiB it takes ~7 of each (docs/benchmarks.md, P2). The JDK reads these
 * properties once, when its client classes initialise, so {@link #apply()} must run before the
 * JVM's first {@code HttpClient} is built. A value given on the command line ({@code -D}) is kept.
 */
public final class ClientBuffers {
    /** Bytes per socket read and per WebSocket write buffer. */
    public static final int BYTES = 256 * 1024;
    /** The JDK's properties: socket read buffer, WebSocket write buffer (masking happens into it). */
    static final String[] PROPERTIES = {"jdk.httpclient.bufsize", "jdk.httpclient.websocket.writeBufferSize"};

    private ClientBuffers() {
    }

    /** Sets each property to {@link #BYTES} unless it is set already. */
    public static void apply() {
        for (String p : PROPERTIES) {
            if (System.getProperty(p) == null) {
                System.setProperty(p, Integer.toString(BYTES));
            }
        }
    }
}
