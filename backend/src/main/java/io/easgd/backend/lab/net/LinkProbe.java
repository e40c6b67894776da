package io.easgd.backend.lab.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures what a lab link really carries, before any agent uses it: one TCP transfer each way
 * between an agent's namespace (bash's {@code /dev/tcp}) and a socket of this process on the server's
 * address, sized to take about {@link #SECONDS} at the configured rate. The figure is TCP payload per
 * second, so it sits a few percent under the shaped rate (Ethernet, IP and TCP headers).
 */
final class LinkProbe {
    /** How long each transfer should take at the configured rate. */
    static final double SECONDS = 1.5;
    private static final int MIN_BYTES = 256 * 1024, MAX_BYTES = 512 * 1024 * 1024;

    /** Payload megabits per second each way: agent → server (up) and server → agent (down). */
    record Throughput(double upMbps, double downMbps) {
    }

    private LinkProbe() {
    }

    static Throughput measure(NetLab lab, NetLab.Host host) {
        long bytes = Math.max(MIN_BYTES, Math.min(MAX_BYTES, (long) (lab.link().bitsPerSecond() / 8.0 * SECONDS)));
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName(lab.serverAddress()), 0));
            server.setSoTimeout(30_000);
            String target = "/dev/tcp/" + lab.serverAddress() + "/" + server.getLocalPort();
            double up = upload(lab, host, server, target, bytes);
            double down = download(lab, host, server, target, bytes);
            return new Throughput(up, down);
        } catch (IOException e) {
            throw new LabException("measuring the link of " + host.namespace() + ": " + e.getMessage());
        }
    }

    private static double upload(NetLab lab, NetLab.Host host, ServerSocket server, String target, long bytes)
            throws IOException {
        Process sender = start(lab, host, "head -c " + bytes + " /dev/zero > " + target);
        try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
            byte[] buf = new byte[1 << 16];
            long got = 0, first = 0;
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (got == 0) {
                    first = System.nanoTime();
                }
                got += n;
            }
            return rate(got, System.nanoTime() - first, host, "upload", bytes);
        } finally {
            await(sender);
        }
    }

    private static double download(NetLab lab, NetLab.Host host, ServerSocket server, String target, long bytes)
            throws IOException {
        Process receiver = start(lab, host, "cat < " + target + " > /dev/null");
        try (Socket s = server.accept(); OutputStream out = s.getOutputStream(); InputStream in = s.getInputStream()) {
            byte[] buf = new byte[1 << 16];
            long t0 = System.nanoTime();
            for (long left = bytes; left > 0; left -= buf.length) {
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
            s.shutdownOutput();
            await(receiver);                                  // cat has read the last byte
            in.read();
            return rate(bytes, System.nanoTime() - t0, host, "download", bytes);
        }
    }

    private static double rate(long got, long nanos, NetLab.Host host, String what, long expected) {
        if (got != expected) {
            throw new LabException("measuring the link of " + host.namespace() + ": the " + what + " carried " + got
                    + " of " + expected + " bytes");
        }
        return got * 8.0 / (nanos / 1e9) / 1e6;
    }

    private static Process start(NetLab lab, NetLab.Host host, String script) throws IOException {
        return new ProcessBuilder(lab.onHost(host, List.of("bash", "-c", script))).redirectErrorStream(true).start();
    }

    private static void await(Process p) {
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }
}
