package io.futurnal.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.futurnal.llm.http.JsonSupport;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the OpenAI-compatible API, as records. Names are snake_case on the wire
 * ({@code finish_reason}) and camelCase here; {@link #MAPPER} translates. Unknown fields are
 * ignored because servers add their own (vLLM's {@code stop_reason}, llama-server's
 * {@code timings}).
 */
final class OpenAiWire {

    /** The mapper for every body of this backend: shared settings plus snake_case names. */
    static final ObjectMapper MAPPER = JsonSupport.newMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private OpenAiWire() {
    }

    /** A request to {@code /chat/completions} (with {@code messages}) or {@code /completions} (with {@code prompt}). */
    record GenerationRequest(String model, List<Message> messages, String prompt, Boolean stream,
                             StreamOptions streamOptions, Double temperature, Long seed, Integer maxTokens,
                             Integer maxCompletionTokens, List<String> stop, Double topP, Integer topK,
                             JsonNode responseFormat, List<Tool> tools, Object toolChoice, Boolean parallelToolCalls,
                             String reasoningEffort, Map<String, Object> chatTemplateKwargs) {
    }

    /**
     * One chat message; {@code content} is a string, or a list of {@link ContentPart}s when images
     * are attached. An assistant message may carry {@code tool_calls}; a tool message names the
     * {@code tool_call_id} it answers.
     */
    record Message(String role, Object content, List<ToolCall> toolCalls, String toolCallId) {
        /** A message with content only. */
        Message(String role, Object content) {
            this(role, content, null, null);
        }
    }

    /** A tool offered to the model: {@code {"type":"function","function":{...}}}. */
    record Tool(String type, Function function) {
    }

    /** A tool's name, description and JSON-schema parameters. */
    record Function(String name, String description, JsonNode parameters) {
    }

    /**
     * A tool call, whole ({@code message.tool_calls}) or a streamed fragment ({@code delta.tool_calls},
     * keyed by {@code index}: the first fragment carries id, type and name, later ones argument pieces).
     */
    record ToolCall(Integer index, String id, String type, CallFunction function) {
    }

    /** The called function; {@code arguments} is JSON text (a fragment of it when streamed). */
    record CallFunction(String name, String arguments) {
    }

    /** A part of a multi-part message: {@code {"type":"text","text":…}} or {@code {"type":"image_url","image_url":{"url":…}}}. */
    record ContentPart(String type, String text, ImageUrl imageUrl) {
    }

    /** An image reference; here always a {@code data:} URL. */
    record ImageUrl(String url) {
    }

    /** {@code stream_options}: asks for the usage chunk before {@code [DONE]}. */
    record StreamOptions(Boolean includeUsage) {
    }

    /** A request to {@code /embeddings}. */
    record EmbeddingRequest(String model, List<String> input, String encodingFormat) {
    }

    /** {@code GET /models}. */
    record ModelList(List<ModelCard> data) {
    }

    /** One served model; vLLM adds {@code root} and {@code max_model_len}. */
    record ModelCard(String id, String ownedBy, Long created, String root, Integer maxModelLen) {
    }

    /** Token counts. */
    record Usage(Integer promptTokens, Integer completionTokens, Integer totalTokens) {
    }

    /** llama-server's own timing report, sent with the last chunk or the whole response. */
    record Timings(Integer promptN, Double promptMs, Integer predictedN, Double predictedMs) {
    }

    /**
     * One streamed chunk of either endpoint, or a whole non-streamed response: chat choices carry
     * {@code delta} (streamed) or {@code message} (whole), completion choices carry {@code text}.
     * {@code error} is set when the server reports a failure inside the stream.
     */
    record Completion(String id, String object, String model, List<Choice> choices, Usage usage, Timings timings,
                      JsonNode error) {
    }

    /** One choice of a {@link Completion}. */
    record Choice(Integer index, Delta delta, Delta message, String text, String finishReason) {
        /** The text this choice carries, whichever endpoint sent it, or {@code null}. */
        String content() {
            if (delta != null && delta.content() != null) {
                return delta.content();
            }
            if (message != null && message.content() != null) {
                return message.content();
            }
            return text;
        }
    }

    /**
     * A message or a piece of one. Reasoning arrives as {@code reasoning_content} (vLLM,
     * llama-server) or {@code reasoning} (other servers), apart from {@code content}.
     */
    record Delta(String role, String content, String reasoningContent, String reasoning, List<ToolCall> toolCalls) {
        /** The reasoning text under either name, or {@code null}. */
        String reasoningText() {
            return reasoningContent != null ? reasoningContent : reasoning;
        }
    }

    /** {@code POST /embeddings}. */
    record EmbeddingResponse(String model, List<EmbeddingData> data, Usage usage) {
    }

    /** One vector. */
    record EmbeddingData(Integer index, float[] embedding) {
    }
}
