package io.easgd.agent.connection;

import io.easgd.core.compression.Compression;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.DataChannel;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
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
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Protocol version 2's data channel on the agent: a blocking socket to the server's data port (TLS
 * over the same trust as the WebSocket when that is {@code wss://}). {@link #attach} sends the
 * preamble and waits for the server's acknowledgement; then the sending thread writes each frame
 * with its length in one write, encoded in place behind the length (no copy, no masking), and one
 * reader thread reads frames into one reused buffer ({@link #read}).
 */
final class DataSocket implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    /** The length and the frame, encoded in place: written with one call. Sending thread only. */
    private final ByteBuffer outgoing = ByteBuffer.allocate(DataChannel.LENGTH_BYTES + DataChannel.MAX_FRAME_BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
    /** Reader thread only. */
    private final byte[] incoming = new byte[DataChannel.MAX_FRAME_BYTES];
    private final byte[] length = new byte[DataChannel.LENGTH_BYTES];

    private DataSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        InputStream raw = socket.getInputStream();
        this.in = new DataInputStream(raw);
    }

    /**
     * Connects to {@code host:port} and attaches with {@code key}, all within {@code timeout}.
     *
     * @param tls the context that verifies the server, or null for plain TCP
     * @throws IOException when it cannot connect, the handshake fails, or no acknowledgement comes in time
     */
    static DataSocket attach(String host, int port, byte[] key, SSLContext tls, Duration timeout) throws IOException {
        int millis = (int) Math.max(1, timeout.toMillis());
        Socket plain = new Socket();
        Socket s = plain;
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), millis);
            plain.setSoTimeout(millis);
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");      // the same host check as the WebSocket's
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                s = ssl;
            }
            DataSocket d = new DataSocket(s);
            ByteBuffer preamble = DataChannel.attach(key);
            d.out.write(preamble.array(), 0, preamble.remaining());
            d.out.flush();
            byte[] ack = new byte[DataChannel.ACK_BYTES];
            d.in.readFully(ack);
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
            header.encode(vector, outgoing.slice(DataChannel.LENGTH_BYTES, bytes));
            outgoing.putInt(0, bytes);
            out.write(outgoing.array(), 0, DataChannel.LENGTH_BYTES + bytes);
            wire += DataChannel.LENGTH_BYTES + bytes;
        }
        out.flush();
        return wire;
    }

    /**
     * Reads the next frame: valid until the next call. Reader thread only.
     *
     * @throws EOFException when the server closed the channel
     * @throws io.easgd.core.protocol.ProtocolException when the length is out of bounds
     */
    ByteBuffer read() throws IOException {
        in.readFully(length);
        long n = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getInt(0) & 0xFFFFFFFFL;
        int bytes = DataChannel.checkLength(n);
        in.readFully(incoming, 0, bytes);
        return ByteBuffer.wrap(incoming, 0, bytes).slice();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** Longest wait for the port and the acknowledgement before falling back to the WebSocket. */
    static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(2);

    /** A frame reader's view of the protocol limit, for messages. */
    static final int MAX = Protocol.MAX_FRAME_BYTES;
}
