package io.futurnal.llm.testserver.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.testserver.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Checks request bodies the way vLLM's request models do, answering 400 where it would. */
final class VllmRequests {

    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool", "developer");
    private static final Set<String> FORMATS = Set.of("text", "json_object", "json_schema");

    private VllmRequests() {
    }

    /** The JSON object body. */
    static JsonNode body(RecordedRequest request) throws OpenAiFailure {
        JsonNode body = request.json();
        if (!body.isObject()) {
            throw OpenAiFailure.badRequest(null, "the request body must be a JSON object; got: "
                    + (request.bodyText().length() > 80 ? request.bodyText().substring(0, 80) + "…" : request.bodyText()));
        }
        return body;
    }

    /** {@code stream}, default false; {@code stream_options} only with streaming, as vLLM insists. */
    static boolean stream(JsonNode body) throws OpenAiFailure {
        JsonNode stream = body.path("stream");
        if (!stream.isMissingNode() && !stream.isNull() && !stream.isBoolean()) {
            throw OpenAiFailure.badRequest("stream", "stream must be a boolean");
        }
        boolean on = stream.asBoolean(false);
        JsonNode options = body.path("stream_options");
        if (!options.isMissingNode() && !options.isNull()) {
            if (!on) {
                throw OpenAiFailure.badRequest("stream_options", "Stream options can only be defined when `stream=True`.");
            }
            if (!options.isObject()) {
                throw OpenAiFailure.badRequest("stream_options", "stream_options must be an object");
            }
        }
        return on;
    }

    /** Whether the usage chunk was asked for. */
    static boolean includeUsage(JsonNode body) {
        return body.path("stream_options").path("include_usage").asBoolean(false);
    }

    /**
     * Checks the sampling fields and returns the token limit, or -1 when unset: as vLLM does,
     * {@code max_completion_tokens} when set, else {@code max_tokens}.
     */
    static int sampling(JsonNode body) throws OpenAiFailure {
        JsonNode t = body.path("temperature");
        if (present(t) && (!t.isNumber() || t.asDouble() < 0)) {
            throw OpenAiFailure.badRequest("temperature", "temperature must be non-negative, got " + t);
        }
        JsonNode p = body.path("top_p");
        if (present(p) && (!p.isNumber() || p.asDouble() <= 0 || p.asDouble() > 1)) {
            throw OpenAiFailure.badRequest("top_p", "top_p must be in (0, 1], got " + p);
        }
        JsonNode k = body.path("top_k");
        if (present(k) && (!k.canConvertToInt() || !k.isIntegralNumber() || (k.asInt() < 1 && k.asInt() != -1 && k.asInt() != 0))) {
            throw OpenAiFailure.badRequest("top_k", "top_k must be 0, -1 (disable), or at least 1, got " + k);
        }
        JsonNode seed = body.path("seed");
        if (present(seed) && !seed.isIntegralNumber()) {
            throw OpenAiFailure.badRequest("seed", "seed must be an integer");
        }
        responseFormat(body.path("response_format"));
        int maxTokens = limit(body, "max_tokens");
        int maxCompletionTokens = limit(body, "max_completion_tokens");
        return maxCompletionTokens > 0 ? maxCompletionTokens : maxTokens;
    }

    private static int limit(JsonNode body, String field) throws OpenAiFailure {
        JsonNode max = body.path(field);
        if (!present(max)) {
            return -1;
        }
        if (!max.isIntegralNumber() || max.asLong() < 1) {
            throw OpenAiFailure.badRequest(field, field + " must be at least 1, got " + max + ".");
        }
        return max.asInt();
    }

    /** The stop strings, from a string or an array of strings. */
    static List<String> stops(JsonNode stop) throws OpenAiFailure {
        if (!present(stop)) {
            return new ArrayList<>();
        }
        return stringOrList(stop, "stop", "stop must be a string or a list of strings");
    }

    /**
     * A string, or an array of strings, as a list.
     *
     * @throws OpenAiFailure a 400 naming {@code field} with {@code message} for anything else
     */
    static List<String> stringOrList(JsonNode node, String field, String message) throws OpenAiFailure {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
            return out;
        }
        if (!node.isArray()) {
            throw OpenAiFailure.badRequest(field, message);
        }
        for (JsonNode s : node) {
            if (!s.isTextual()) {
                throw OpenAiFailure.badRequest(field, message);
            }
            out.add(s.asText());
        }
        return out;
    }

    /**
     * Checks {@code messages} and collects every text in them; returns the last user text (what an
     * echo model repeats).
     */
    static String messages(JsonNode messages, List<String> texts) throws OpenAiFailure {
        if (!messages.isArray() || messages.isEmpty()) {
            throw OpenAiFailure.badRequest("messages", "messages must be a non-empty list");
        }
        String lastUser = "";
        for (JsonNode m : messages) {
            String role = m.path("role").asText("");
            if (!ROLES.contains(role)) {
                throw OpenAiFailure.badRequest("messages", "unknown message role '" + role + "'");
            }
            boolean callsTools = role.equals("assistant") && m.path("tool_calls").isArray() && !m.path("tool_calls").isEmpty();
            if (callsTools) {
                VllmTools.checkHistoryCalls(m.path("tool_calls"));
            }
            if (role.equals("tool") && !m.path("tool_call_id").isTextual()) {
                throw OpenAiFailure.badRequest("messages", "a message with role 'tool' needs a 'tool_call_id' string");
            }
            String text = callsTools && !present(m.path("content")) ? "" : content(m.path("content"));
            texts.add(text);
            if (role.equals("user")) {
                lastUser = text;
            }
        }
        return lastUser;
    }

    /** The prompt of {@code /v1/completions}: a string, or a list holding one string. */
    static String prompt(JsonNode prompt) throws OpenAiFailure {
        if (prompt.isTextual()) {
            return prompt.asText();
        }
        if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            return prompt.get(0).asText();
        }
        throw OpenAiFailure.badRequest("prompt", "prompt must be a string (this server takes one prompt per request)");
    }

    private static String content(JsonNode content) throws OpenAiFailure {
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw OpenAiFailure.badRequest("messages", "message content must be a string or a list of parts");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            String type = part.path("type").asText("");
            if (type.equals("text") && part.path("text").isTextual()) {
                text.append(part.path("text").asText());
            } else if (type.equals("image_url") && part.path("image_url").path("url").isTextual()) {
                String url = part.path("image_url").path("url").asText();
                if (!url.startsWith("data:image/") || !url.contains(";base64,")) {
                    throw OpenAiFailure.badRequest("messages", "this server takes images only as base64 data URLs");
                }
            } else {
                throw OpenAiFailure.badRequest("messages", "unsupported content part: " + part);
            }
        }
        return text.toString();
    }

    private static void responseFormat(JsonNode format) throws OpenAiFailure {
        if (!present(format)) {
            return;
        }
        String type = format.path("type").asText("");
        if (!FORMATS.contains(type)) {
            throw OpenAiFailure.badRequest("response_format", "response_format.type must be one of text, json_object, json_schema");
        }
        if (type.equals("json_schema")) {
            JsonNode spec = format.path("json_schema");
            if (!spec.isObject() || !spec.path("name").isTextual()) {
                throw OpenAiFailure.badRequest("response_format", "response_format.json_schema needs a name and a schema");
            }
            if (!spec.path("schema").isObject()) {
                throw OpenAiFailure.badRequest("response_format", "response_format.json_schema.schema must be an object");
            }
        }
    }

    static boolean present(JsonNode node) {
        return !node.isMissingNode() && !node.isNull();
    }
}
