package io.easgd.backend.agents;

import io.easgd.core.protocol.DataChannel;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of the backend's data port, for tests: the port the backend advertises
 * ({@code easgd.data.advertised-port}) is this one. While {@link #silent} it accepts and never
 * answers (an attach that runs out of time); otherwise it relays both ways, reading the agent's
 * stream frame by frame, and on {@link #armCut} it lets the next complete upload (two frames)
 * through, swallows whatever the server sends back, and then closes both sides: the reply to an
 * applied upload is lost, as on a link that breaks at the worst moment.
 */
final class DataProxy implements AutoCloseable {
    private static final int FRAMES_PER_UPLOAD = 2;
    private final ServerSocket listening;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile boolean silent = true;
    private volatile int target;
    private volatile boolean cutArmed;

    DataProxy() throws IOException {
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "data-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listening.getLocalPort();
    }

    /** Relays to the backend's real data port from now on. */
    void relayTo(int port) {
        target = port;
        silent = false;
    }

    /** The next complete upload goes through, its reply does not, and the connection is cut. */
    void armCut() {
        cutArmed = true;
    }

    int cuts() {
        return cuts.get();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    private void accept() {
        try {
            while (true) {
                Socket agent = listening.accept();
                sockets.add(agent);
                connections.incrementAndGet();
                if (silent) {
                    continue;                                 // held open, never answered
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(server);
                boolean[] swallow = {false};
                daemon(() -> up(agent, server, swallow));
                daemon(() -> down(server, agent, swallow));
            }
        } catch (IOException closed) {
            // the proxy is closed
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "data-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Agent → server: the preamble, then frame by frame; cuts after a whole upload when armed. */
    private void up(Socket agent, Socket server, boolean[] swallow) {
        try (agent; server) {
            DataInputStream in = new DataInputStream(agent.getInputStream());
            OutputStream out = server.getOutputStream();
            byte[] preamble = new byte[DataChannel.PREAMBLE_BYTES];
            in.readFully(preamble);
            out.write(preamble);
            byte[] frame = new byte[DataChannel.LENGTH_BYTES + DataChannel.MAX_FRAME_BYTES];
            int frames = 0;
            while (true) {
                in.readFully(frame, 0, DataChannel.LENGTH_BYTES);
                int length = ByteBuffer.wrap(frame, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                in.readFully(frame, DataChannel.LENGTH_BYTES, length);
                frames++;
                boolean cut = cutArmed && frames % FRAMES_PER_UPLOAD == 0;
                if (cut) {
                    // from before the upload's last frame: its reply (nothing else is in flight) never arrives
                    synchronized (swallow) {
                        swallow[0] = true;
                    }
                }
                out.write(frame, 0, DataChannel.LENGTH_BYTES + length);
                out.flush();
                if (cut) {
                    cutArmed = false;
                    Thread.sleep(500);                        // the server applies it and answers, into the void
                    cuts.incrementAndGet();
                    return;                                   // closes both sides
                }
            }
        } catch (IOException | InterruptedException e) {
            // a side closed
        }
    }

    /** Server → agent, until the cut. */
    private static void down(Socket server, Socket agent, boolean[] swallow) {
        try (server; agent) {
            InputStream in = server.getInputStream();
            OutputStream out = agent.getOutputStream();
            byte[] buf = new byte[256 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (swallow) {
                    if (swallow[0]) {
                        continue;
                    }
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // a side closed
        }
    }

    @Override
    public void close() throws IOException {
        listening.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
