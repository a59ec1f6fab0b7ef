package io.futurnal.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The error an OpenAI-compatible server reported, in any of the shapes found in the wild:
 * OpenAI's and current vLLM's {@code {"error":{"message","type","param","code"}}}, older vLLM's
 * top-level {@code {"object":"error","message",…}}, vLLM's API-key middleware's
 * {@code {"error":"Unauthorized"}}, and FastAPI's {@code {"detail":…}}.
 *
 * @param message the server's text
 * @param type    e.g. {@code invalid_request_error} or {@code NotFoundError}; may be empty
 * @param code    e.g. {@code model_not_found} or {@code 404}; may be empty
 */
record ApiError(String message, String type, String code) {

    /** The error in a response body, or empty when the body is not one of the known shapes. */
    static Optional<ApiError> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return of(OpenAiWire.MAPPER.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The error held by a parsed body or by the {@code error} member of a stream chunk. */
    static Optional<ApiError> of(JsonNode root) {
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        JsonNode error = root.get("error");
        if (error != null && error.isObject()) {
            return Optional.of(fromFields(error));
        }
        if (error != null && error.isTextual()) {
            return Optional.of(new ApiError(error.asText(), "", ""));
        }
        if (root.hasNonNull("message") && (root.hasNonNull("type") || "error".equals(root.path("object").asText()))) {
            return Optional.of(fromFields(root));
        }
        JsonNode detail = root.get("detail");
        if (detail != null && !detail.isNull()) {
            return Optional.of(new ApiError(detail.isTextual() ? detail.asText() : detail.toString(), "", ""));
        }
        return Optional.empty();
    }

    /** Whether the server says the requested model does not exist. */
    boolean isModelNotFound() {
        if (code.equalsIgnoreCase("model_not_found")) {
            return true;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("model") && (m.contains("does not exist") || m.contains("not found") || m.contains("not exist"));
    }

    /**
     * Whether the server refused a prompt that does not fit the context: OpenAI's
     * {@code context_length_exceeded} code, vLLM's "maximum context length" and "maximum model
     * length" texts, llama.cpp server's {@code exceed_context_size_error}.
     */
    boolean isContextLengthExceeded() {
        if (code.equalsIgnoreCase("context_length_exceeded") || type.equalsIgnoreCase("exceed_context_size_error")) {
            return true;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("maximum context length") || m.contains("maximum model length")
                || m.contains("exceeds the available context size");
    }

    /** {@link #code} as an HTTP-like status when it is one (vLLM puts the status there). */
    OptionalInt status() {
        try {
            int n = Integer.parseInt(code);
            return n >= 100 && n < 600 ? OptionalInt.of(n) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The message with the type and code appended when they add something. */
    String describe() {
        StringBuilder sb = new StringBuilder(message.isBlank() ? "(no message)" : message.strip());
        String extra = type.isBlank() ? code : code.isBlank() ? type : type + ", " + code;
        if (!extra.isBlank()) {
            sb.append(" (").append(extra).append(')');
        }
        return sb.toString();
    }

    private static ApiError fromFields(JsonNode node) {
        JsonNode message = node.get("message");
        return new ApiError(message == null || message.isNull() ? "" : message.asText(),
                text(node.get("type")), text(node.get("code")));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }
}
