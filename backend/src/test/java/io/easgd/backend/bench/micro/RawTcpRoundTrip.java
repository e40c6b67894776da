package io.easgd.backend.bench.micro;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * P2's baseline: a raw TCP round trip on loopback in this JVM. The client writes the bytes of one
 * UP vector (the same frames the agent sends), the server reads them all and answers with as many
 * bytes as the DOWN frames take; plain blocking sockets, TCP_NODELAY, no framing, no masking.
 */
final class RawTcpRoundTrip implements AutoCloseable {
    private final ServerSocket server;
    private final Socket client;
    private final Thread echo;
    private final byte[] up;
    private final byte[] down;

    RawTcpRoundTrip(byte[] up, int downBytes) throws IOException {
        this.up = up;
        this.down = new byte[downBytes];
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        echo = new Thread(this::serve, "raw-tcp-echo");
        echo.setDaemon(true);
        echo.start();
        client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        client.setTcpNoDelay(true);
    }

    private void serve() {
        try (Socket s = server.accept()) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[up.length];
            byte[] reply = new byte[down.length];
            while (true) {
                if (in.readNBytes(buf, 0, buf.length) < buf.length) {
                    return;
                }
                out.write(reply);
                out.flush();
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** Round trips back to back for {@code seconds}; into {@code r}. */
    void run(Recorder r, double seconds) throws IOException {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            r.begin(this);
            out.write(up);
            out.flush();
            if (in.readNBytes(down, 0, down.length) < down.length) {
                throw new IOException("the echo server closed");
            }
            r.end(this, t0, System.nanoTime());
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
        server.close();
    }
}
