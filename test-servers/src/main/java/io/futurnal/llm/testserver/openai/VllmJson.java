package io.futurnal.llm.testserver.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** The JSON shapes vLLM's OpenAI-compatible server writes. */
final class VllmJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private VllmJson() {
    }

    /** {@code {"error":{"message","type","param","code"}}}: vLLM's ErrorResponse, code being the status. */
    static ObjectNode error(int status, String type, String param, String message) {
        ObjectNode error = MAPPER.createObjectNode();
        error.put("message", message);
        error.put("type", type);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        error.put("code", status);
        ObjectNode root = MAPPER.createObjectNode();
        root.set("error", error);
        return root;
    }

    /** {@code {"prompt_tokens","total_tokens","completion_tokens","prompt_tokens_details":null}}. */
    static ObjectNode usage(int prompt, int completion) {
        ObjectNode usage = MAPPER.createObjectNode();
        usage.put("prompt_tokens", prompt);
        usage.put("total_tokens", prompt + completion);
        usage.put("completion_tokens", completion);
        usage.putNull("prompt_tokens_details");
        return usage;
    }

    /** The start of every completion object: {@code id}, {@code object}, {@code created}, {@code model}. */
    static ObjectNode head(String id, String object, long created, String model) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", id);
        node.put("object", object);
        node.put("created", created);
        node.put("model", model);
        return node;
    }

    /** Compact JSON text. */
    static String write(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
