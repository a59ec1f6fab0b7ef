package io.futurnal.llm.testserver.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** JSON building for the fake's answers. */
final class Wire {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Wire() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String error(String message) {
        return write(object().put("error", message));
    }

    /** Go's {@code time.Time} in JSON: RFC 3339 with nanoseconds, UTC. */
    static String timestamp(Instant instant) {
        return instant.toString();
    }

    static String now() {
        return timestamp(Instant.now());
    }

    /** The {@code details} object of {@code /api/tags}, {@code /api/show} and {@code /api/ps}. */
    static ObjectNode details(ScriptedModel m) {
        ObjectNode d = object();
        d.put("parent_model", "");
        d.put("format", "gguf");
        d.put("family", m.family());
        d.putArray("families").add(m.family());
        d.put("parameter_size", m.parameterSize());
        d.put("quantization_level", m.quantization());
        return d;
    }
}
