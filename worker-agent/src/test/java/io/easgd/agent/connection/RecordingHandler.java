package io.easgd.agent.connection;

import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.ToAgent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Records what a connection hands over; frames are copied (the buffer is reused). */
public class RecordingHandler implements Connection.Handler {
    public final List<ToAgent> messages = Collections.synchronizedList(new ArrayList<>());
    public final List<ParamFrame> headers = Collections.synchronizedList(new ArrayList<>());
    public final List<ByteBuffer> frames = Collections.synchronizedList(new ArrayList<>());
    public final List<Connection.Closed> closes = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onMessage(Connection connection, ToAgent message) {
        messages.add(message);
    }

    @Override
    public void onFrame(Connection connection, ParamFrame header, ByteBuffer frame) {
        headers.add(header);
        ByteBuffer copy = ByteBuffer.allocate(frame.remaining());
        copy.put(frame.duplicate()).flip();
        frames.add(copy);
    }

    @Override
    public void onClosed(Connection connection, int code, String reason) {
        closes.add(new Connection.Closed(code, reason));
    }
}
