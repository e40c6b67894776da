package io.easgd.core.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.easgd.core.spec.Json;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * JSON text frames ⇄ message records. Decoding is strict: the {@code type} must be one of the
 * direction's names, every field known, every required field present, every value valid; any
 * fault is a {@link ProtocolException} carrying the close code to use.
 */
public final class Messages {
    private static final ObjectWriter TO_SERVER_WRITER = Json.MAPPER.writerFor(ToServer.class);
    private static final ObjectWriter TO_AGENT_WRITER = Json.MAPPER.writerFor(ToAgent.class);
    private static final ObjectReader TREE_READER = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectReader TO_SERVER_READER = Json.MAPPER.readerFor(ToServer.class)
            .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    private static final ObjectReader TO_AGENT_READER = Json.MAPPER.readerFor(ToAgent.class)
            .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private Messages() {
    }

    /**
     * The JSON of an agent's message.
     *
     * @throws IllegalArgumentException when it would exceed {@link Protocol#MAX_TEXT_BYTES}
     */
    public static String encode(ToServer message) {
        return encode(TO_SERVER_WRITER, message);
    }

    /**
     * The JSON of a server's message.
     *
     * @throws IllegalArgumentException when it would exceed {@link Protocol#MAX_TEXT_BYTES}
     */
    public static String encode(ToAgent message) {
        return encode(TO_AGENT_WRITER, message);
    }

    /**
     * Reads a message an agent sent.
     *
     * @throws ProtocolException 1009 when larger than {@link Protocol#MAX_TEXT_BYTES}; 4002 for a
     *     {@code hello} of a protocol version other than 1 and 2; 1008 for anything else that is not a valid
     *     agent message
     */
    public static ToServer decodeToServer(String json) {
        JsonNode tree = tree(json);
        requireVersion(tree, "hello");
        return bind(tree, TO_SERVER_READER);
    }

    /**
     * Reads a message the server sent.
     *
     * @throws ProtocolException 1009 when larger than {@link Protocol#MAX_TEXT_BYTES}; 4002 for a
     *     {@code welcome} of a protocol version other than 1 and 2; 1008 for anything else that is not a valid
     *     server message
     */
    public static ToAgent decodeToAgent(String json) {
        JsonNode tree = tree(json);
        requireVersion(tree, "welcome");
        return bind(tree, TO_AGENT_READER);
    }

    /** UTF-8 length of {@code s} without encoding it. */
    public static int utf8Length(CharSequence s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String encode(ObjectWriter writer, Object message) {
        if (message == null) {
            throw new IllegalArgumentException("message is required");
        }
        String json;
        try {
            json = writer.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising " + message.getClass().getSimpleName(), e);
        }
        int bytes = json.length() > Protocol.MAX_TEXT_BYTES / 3 ? utf8Length(json) : json.length();
        if (bytes > Protocol.MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("a " + typeOf(message) + " message of " + bytes
                    + " bytes exceeds the protocol's limit of " + Protocol.MAX_TEXT_BYTES + " bytes");
        }
        return json;
    }

    private static JsonNode tree(String json) {
        if (json == null) {
            throw new ProtocolException(Protocol.CLOSE_BAD_MESSAGE, "empty message");
        }
        if (json.length() > Protocol.MAX_TEXT_BYTES || utf8Length(json) > Protocol.MAX_TEXT_BYTES) {
            throw new ProtocolException(Protocol.CLOSE_TOO_BIG, "text message of " + utf8Length(json)
                    + " bytes exceeds " + Protocol.MAX_TEXT_BYTES);
        }
        JsonNode tree;
        try {
            tree = TREE_READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(Protocol.CLOSE_BAD_MESSAGE, "not JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new ProtocolException(Protocol.CLOSE_BAD_MESSAGE, "a message must be a JSON object");
        }
        if (!tree.path("type").isTextual()) {
            throw new ProtocolException(Protocol.CLOSE_BAD_MESSAGE, "a message needs a string \"type\"");
        }
        return tree;
    }

    /** 4002 before anything else, so that a peer of another version learns why it is refused. */
    private static void requireVersion(JsonNode tree, String type) {
        if (type.equals(tree.get("type").asText())) {
            JsonNode protocol = tree.get("protocol");
            if (protocol != null && protocol.isIntegralNumber() && !Protocol.supported(protocol.asLong())) {
                throw new ProtocolException(Protocol.CLOSE_BAD_VERSION, "unsupported protocol version "
                        + protocol.asLong() + "; this side speaks " + Protocol.VERSION + " and " + Protocol.VERSION_2);
            }
        }
    }

    private static <T> T bind(JsonNode tree, ObjectReader reader) {
        String type = tree.get("type").asText();
        try {
            return reader.readValue(tree);
        } catch (InvalidTypeIdException e) {
            throw new ProtocolException(Protocol.CLOSE_BAD_MESSAGE, "unknown message type \"" + type + "\"", e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ProtocolException(Protocol.CLOSE_BAD_MESSAGE, "bad " + type + ": " + cause.getMessage(), e);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String what = e.getOriginalMessage().lines().findFirst().orElse("")
                    .replaceAll("\\s*\\(for .*", "").replaceAll("\\s*\\(class .*", "");
            throw new ProtocolException(Protocol.CLOSE_BAD_MESSAGE, "bad " + type
                    + (path.isEmpty() ? "" : " at " + path) + ": " + what, e);
        } catch (IOException e) {
            throw new ProtocolException(Protocol.CLOSE_BAD_MESSAGE, "bad " + type + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Protocol.CLOSE_BAD_MESSAGE, "bad " + type + ": " + e.getMessage(), e);
        }
    }

    private static String typeOf(Object message) {
        String simple = message.getClass().getSimpleName();
        return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    }

}
