package io.easgd.agent.connection;

import io.easgd.core.compression.Compression;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.DataChannel;
import io.easgd.core.protocol.ParamFrame;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Protocol version 2's data channel on the agent: a blocking socket to the server's data port (TLS
 * over the same trust as the WebSocket when that is {@code wss://}). {@link #attach} sends the
 * preamble and waits for the server's acknowledgement; then the sending thread writes each frame
 * with its length in one write, encoded in place behind the length (no copy, no masking), and one
 * reader thread reads frames into one reused buffer ({@link #read}). Plain TCP goes through a
 * {@link SocketChannel} with direct buffers, so the kernel copies straight from and into them (a
 * stream on a heap array costs one more copy each way); TLS through the {@link SSLSocket}'s streams.
 */
final class DataSocket implements AutoCloseable {
    /** Longest wait for the port and the acknowledgement before falling back to the WebSocket. */
    static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(2);

    private final Socket socket;
    /** Plain TCP: the channel; null over TLS. */
    private final SocketChannel channel;
    private final OutputStream out;
    private final InputStream in;
    /** The length and the frame, encoded in place: written with one call. Sending thread only. */
    private final ByteBuffer outgoing;
    /** Reader thread only. */
    private final ByteBuffer incoming;
    private final ByteBuffer length = ByteBuffer.allocate(DataChannel.LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    private DataSocket(Socket socket, SocketChannel channel) throws IOException {
        this.socket = socket;
        this.channel = channel;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
        int capacity = DataChannel.LENGTH_BYTES + DataChannel.MAX_FRAME_BYTES;
        this.outgoing = (channel != null ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity))
                .order(ByteOrder.LITTLE_ENDIAN);
        this.incoming = channel != null ? ByteBuffer.allocateDirect(DataChannel.MAX_FRAME_BYTES)
                : ByteBuffer.allocate(DataChannel.MAX_FRAME_BYTES);
    }

    /**
     * Connects to {@code host:port} and attaches with {@code key}, all within {@code timeout}.
     *
     * @param tls the context that verifies the server, or null for plain TCP
     * @throws IOException when it cannot connect, the handshake fails, or no acknowledgement comes in time
     */
    static DataSocket attach(String host, int port, byte[] key, SSLContext tls, Duration timeout) throws IOException {
        int millis = (int) Math.max(1, timeout.toMillis());
        SocketChannel channel = tls == null ? SocketChannel.open() : null;
        Socket plain = channel != null ? channel.socket() : new Socket();
        Socket s = plain;
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), millis);
            plain.setSoTimeout(millis);                 // the socket's streams honour it, also over the channel
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");      // the same host check as the WebSocket's
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                s = ssl;
            }
            DataSocket d = new DataSocket(s, channel);
            ByteBuffer preamble = DataChannel.attach(key);
            d.out.write(preamble.array(), 0, preamble.remaining());
            d.out.flush();
            byte[] ack = new byte[DataChannel.ACK_BYTES];
            new DataInputStream(d.in).readFully(ack);
            if (!DataChannel.isAck(ByteBuffer.wrap(ack))) {
                throw new IOException("the data port answered the attach with something else");
            }
            s.setSoTimeout(0);
            return d;
        } catch (SocketTimeoutException e) {
            s.close();
            throw new IOException("no attach acknowledgement within " + millis + " ms", e);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Writes every chunk of {@code vector}; returns the bytes written. One sending thread at a time. */
    long sendVector(Chunker chunker, ParamFrame.Kind kind, long jobId, int rank, long sequence, long step,
                    float[] vector, Compression encoding) throws IOException {
        long wire = 0;
        int chunks = chunker.chunkCount(vector.length, encoding);
        for (int i = 0; i < chunks; i++) {
            ParamFrame header = chunker.header(kind, jobId, rank, sequence, step, vector.length, i, encoding);
            int bytes = header.frameBytes();
            header.encode(vector, outgoing.clear().slice(DataChannel.LENGTH_BYTES, bytes));
            outgoing.putInt(0, bytes);
            write(outgoing.clear().limit(DataChannel.LENGTH_BYTES + bytes));
            wire += DataChannel.LENGTH_BYTES + bytes;
        }
        if (channel == null) {
            out.flush();
        }
        return wire;
    }

    /**
     * Reads the next frame: valid until the next call. Reader thread only.
     *
     * @throws EOFException when the server closed the channel
     * @throws io.easgd.core.protocol.ProtocolException when the length is out of bounds
     */
    ByteBuffer read() throws IOException {
        readFully(length.clear());
        int bytes = DataChannel.checkLength(length.getInt(0) & 0xFFFFFFFFL);
        readFully(incoming.clear().limit(bytes));
        return incoming.flip().slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private void write(ByteBuffer b) throws IOException {
        if (channel != null) {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } else {
            out.write(b.array(), b.position(), b.remaining());
            b.position(b.limit());
        }
    }

    private void readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            int n;
            if (channel != null) {
                n = channel.read(b);
            } else {
                n = in.read(b.array(), b.position(), b.remaining());
                if (n > 0) {
                    b.position(b.position() + n);
                }
            }
            if (n < 0) {
                throw new EOFException("the server closed the data channel");
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
