package io.easgd.core.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A peer broke the protocol: the connection is closed with {@link #closeCode()} and
 * {@link #closeReason()}. Nothing of the offending message has been applied.
 */
public final class ProtocolException extends RuntimeException {
    private final int closeCode;

    public ProtocolException(int closeCode, String reason) {
        super(reason);
        this.closeCode = closeCode;
    }

    public ProtocolException(int closeCode, String reason, Throwable cause) {
        super(reason, cause);
        this.closeCode = closeCode;
    }

    /** One of {@code Protocol.CLOSE_*}. */
    public int closeCode() {
        return closeCode;
    }

    /** The full reason, for the log. */
    public String reason() {
        return getMessage();
    }

    /** The reason cut to the 123 UTF-8 bytes a WebSocket close frame can carry. */
    public String closeReason() {
        return truncate(getMessage(), Protocol.MAX_CLOSE_REASON_BYTES);
    }

    /** {@code text} cut to at most {@code maxBytes} UTF-8 bytes, never inside a character. */
    public static String truncate(String text, int maxBytes) {
        if (text == null) {
            return "";
        }
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "ProtocolException[" + closeCode + "]: " + getMessage();
    }
}
