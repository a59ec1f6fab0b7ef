package io.futurnal.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.Role;
import io.futurnal.llm.Think;
import io.futurnal.llm.ToolCall;
import io.futurnal.llm.ToolChoice;
import io.futurnal.llm.ToolDefinition;
import io.futurnal.llm.http.JsonSupport;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds request bodies from the API's options.
 *
 * <ul>
 *   <li>The system prompt of the options becomes the first chat message; when the chat already
 *       starts with a system message the two are joined (options first, then a blank line), because
 *       many chat templates accept only one system message, and only first.</li>
 *   <li>{@code /completions} has no system role: a system prompt is put before the prompt,
 *       followed by a blank line.</li>
 *   <li>{@code top_k} is not part of OpenAI's API; it is sent only when set (vLLM, llama-server and
 *       LM Studio accept it).</li>
 *   <li>The entries of {@link GenerationOptions#extra()} are copied into the body as top-level
 *       fields (e.g. {@code repetition_penalty}, {@code min_p}); they may not replace the fields that
 *       shape the exchange itself.</li>
 *   <li>Tools go as {@code tools}, with {@code tool_choice} and {@code parallel_tool_calls} only
 *       when there are tools; tool-call arguments in the history go back as the JSON text the model
 *       wrote.</li>
 *   <li>A think level becomes {@code reasoning_effort}; think on or off becomes
 *       {@code chat_template_kwargs.enable_thinking} (vLLM, llama-server with Jinja templates).
 *       A chat that asks for thinking sends its token limit as {@code max_completion_tokens}, the
 *       only name reasoning models take; every other call sends {@code max_tokens}, which every
 *       OpenAI-compatible server knows.</li>
 * </ul>
 */
final class OpenAiRequests {

    /** Fields the client owns; {@code extra} must not override them. */
    private static final Set<String> RESERVED = Set.of("model", "messages", "prompt", "stream", "stream_options", "n");

    private OpenAiRequests() {
    }

    /** The body of a {@code /chat/completions} call without tools. */
    static byte[] chat(String model, List<ChatMessage> messages, GenerationOptions options, boolean stream) {
        return chat(model, ChatRequest.of(messages, options), stream);
    }

    /** The body of a {@code /chat/completions} call. */
    static byte[] chat(String model, ChatRequest request, boolean stream) {
        List<ChatMessage> messages = request.messages();
        GenerationOptions options = request.options();
        List<OpenAiWire.Message> wire = new ArrayList<>();
        int start = 0;
        String system = options.systemPrompt();
        if (system != null && !system.isEmpty()) {
            ChatMessage first = messages.get(0);
            if (first.role() == Role.SYSTEM && first.images().isEmpty()) {
                system = system + "\n\n" + first.content();
                start = 1;
            }
            wire.add(new OpenAiWire.Message(Role.SYSTEM.wireName(), system));
        }
        for (int i = start; i < messages.size(); i++) {
            wire.add(message(messages.get(i)));
        }
        Think think = options.think();
        boolean thinking = think != null && think.enabled();
        boolean tools = !request.tools().isEmpty();
        return body(new OpenAiWire.GenerationRequest(model, wire, null, stream, streamOptions(stream),
                options.temperature(), options.seed(), thinking ? null : options.maxTokens(),
                thinking ? options.maxTokens() : null, stop(options), options.topP(),
                options.topK(), responseFormat(options.format()), tools ? tools(request.tools()) : null,
                tools ? toolChoice(request.toolChoice()) : null, tools ? request.parallelToolCalls() : null,
                think == null || think.level() == null ? null : think.level().wireName(),
                think == null ? null : Map.of("enable_thinking", think.enabled())), options.extra());
    }

    private static List<OpenAiWire.Tool> tools(List<ToolDefinition> tools) {
        List<OpenAiWire.Tool> out = new ArrayList<>();
        for (ToolDefinition t : tools) {
            out.add(new OpenAiWire.Tool("function", new OpenAiWire.Function(t.name(), t.description(), tree(t.parameters()))));
        }
        return out;
    }

    private static Object toolChoice(ToolChoice choice) {
        return switch (choice.mode()) {
            case AUTO -> "auto";
            case NONE -> "none";
            case REQUIRED -> "required";
            case NAMED -> Map.of("type", "function", "function", Map.of("name", choice.toolName()));
        };
    }

    private static JsonNode tree(String json) {
        try {
            return OpenAiWire.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The body of a {@code /completions} call. */
    static byte[] completion(String model, String prompt, GenerationOptions options, boolean stream) {
        if (prompt == null) {
            throw new InvalidRequestException("the prompt must not be null");
        }
        String system = options.systemPrompt();
        String text = system == null || system.isEmpty() ? prompt : system + "\n\n" + prompt;
        return body(new OpenAiWire.GenerationRequest(model, null, text, stream, streamOptions(stream),
                options.temperature(), options.seed(), options.maxTokens(), null, stop(options), options.topP(),
                options.topK(), responseFormat(options.format()), null, null, null, null, null), options.extra());
    }

    /** The body of an {@code /embeddings} call. */
    static byte[] embeddings(String model, List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new InvalidRequestException("text " + i + " to embed is null");
            }
        }
        return JsonSupport.toJsonBytes(OpenAiWire.MAPPER, new OpenAiWire.EmbeddingRequest(model, texts, "float"));
    }

    /**
     * {@code response_format}: {@code json_object} for any JSON, {@code json_schema} with a name
     * and {@code strict: true} for a schema, nothing for text.
     */
    static JsonNode responseFormat(ResponseFormat format) {
        if (format instanceof ResponseFormat.Json) {
            return OpenAiWire.MAPPER.createObjectNode().put("type", "json_object");
        }
        if (format instanceof ResponseFormat.JsonSchema s) {
            JsonNode schema;
            try {
                schema = OpenAiWire.MAPPER.readTree(s.schema());
            } catch (JsonProcessingException e) {
                throw new InvalidRequestException("the JSON schema is not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (schema == null || !schema.isObject()) {
                throw new InvalidRequestException("the JSON schema must be a JSON object; got: " + s.schema().strip());
            }
            ObjectNode spec = OpenAiWire.MAPPER.createObjectNode();
            spec.put("name", schemaName(schema));
            spec.set("schema", schema);
            spec.put("strict", true);
            ObjectNode node = OpenAiWire.MAPPER.createObjectNode().put("type", "json_schema");
            node.set("json_schema", spec);
            return node;
        }
        return null;
    }

    /** OpenAI wants a name of letters, digits, '_' and '-', at most 64 long; the schema's title if it fits. */
    private static String schemaName(JsonNode schema) {
        String title = schema.path("title").asText("");
        String cleaned = title.replaceAll("[^A-Za-z0-9_-]", "_");
        return cleaned.isEmpty() || cleaned.length() > 64 ? "response" : cleaned;
    }

    private static OpenAiWire.Message message(ChatMessage m) {
        if (m.role() == Role.TOOL) {
            if (m.toolCallId() == null) {
                throw new InvalidRequestException("a tool message for an OpenAI-compatible server needs the id of the call it"
                        + " answers (tool '" + m.toolName() + "'); use ChatMessage.toolResult(call, content)");
            }
            return new OpenAiWire.Message(m.role().wireName(), m.content(), null, m.toolCallId());
        }
        if (!m.toolCalls().isEmpty()) {
            List<OpenAiWire.ToolCall> calls = new ArrayList<>();
            for (ToolCall c : m.toolCalls()) {
                calls.add(new OpenAiWire.ToolCall(null, c.id(), "function", new OpenAiWire.CallFunction(c.name(), c.rawArguments())));
            }
            return new OpenAiWire.Message(m.role().wireName(), m.content().isEmpty() ? null : m.content(), calls, null);
        }
        if (m.images().isEmpty()) {
            return new OpenAiWire.Message(m.role().wireName(), m.content());
        }
        List<OpenAiWire.ContentPart> parts = new ArrayList<>();
        if (!m.content().isEmpty()) {
            parts.add(new OpenAiWire.ContentPart("text", m.content(), null));
        }
        for (byte[] image : m.images()) {
            String url = "data:" + imageType(image) + ";base64," + Base64.getEncoder().encodeToString(image);
            parts.add(new OpenAiWire.ContentPart("image_url", null, new OpenAiWire.ImageUrl(url)));
        }
        return new OpenAiWire.Message(m.role().wireName(), parts);
    }

    /** The media type of an image, from its first bytes. */
    static String imageType(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "image/png";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return "image/jpeg";
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "image/gif";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        throw new InvalidRequestException("an attached image is not PNG, JPEG, GIF or WebP (" + b.length
                + " bytes); only those can be sent to an OpenAI-compatible server");
    }

    private static OpenAiWire.StreamOptions streamOptions(boolean stream) {
        return stream ? new OpenAiWire.StreamOptions(true) : null;
    }

    private static List<String> stop(GenerationOptions options) {
        return options.stop().isEmpty() ? null : options.stop();
    }

    private static byte[] body(OpenAiWire.GenerationRequest request, Map<String, Object> extra) {
        ObjectNode node = OpenAiWire.MAPPER.valueToTree(request);
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            if (RESERVED.contains(e.getKey())) {
                throw new InvalidRequestException("the extra option '" + e.getKey()
                        + "' cannot be set: the openai backend sets it itself");
            }
            try {
                node.set(e.getKey(), OpenAiWire.MAPPER.valueToTree(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new InvalidRequestException("the extra option '" + e.getKey() + "' cannot be written as JSON: "
                        + ex.getMessage(), ex);
            }
        }
        return JsonSupport.toJsonBytes(OpenAiWire.MAPPER, node);
    }
}
