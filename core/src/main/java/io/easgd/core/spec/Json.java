package io.easgd.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON mapper of core's formats (job spec, protocol messages): strict on input. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .findAndAddModules()
            .build();

    private Json() {
    }

    /**
     * A request body that must be one JSON object (a job spec, a sweep, the changes of a clone).
     *
     * @throws SpecValidationException on field {@code body} when it is not valid JSON or not an object
     */
    public static ObjectNode readObject(String body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new SpecValidationException("body", "is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new SpecValidationException("body", "must be a JSON object");
        }
        return (ObjectNode) node;
    }
}
