package io.futurnal.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.futurnal.llm.http.JsonSupport;
import java.util.List;

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
                             List<String> stop, Double topP, Integer topK, JsonNode responseFormat) {
    }

    /** One chat message; {@code content} is a string, or a list of {@link ContentPart}s when images are attached. */
    record Message(String role, Object content) {
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

    /** A message or a piece of one. */
    record Delta(String role, String content) {
    }

    /** {@code POST /embeddings}. */
    record EmbeddingResponse(String model, List<EmbeddingData> data, Usage usage) {
    }

    /** One vector. */
    record EmbeddingData(Integer index, float[] embedding) {
    }
}
