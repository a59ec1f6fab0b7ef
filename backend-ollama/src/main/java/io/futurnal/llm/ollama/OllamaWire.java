package io.futurnal.llm.ollama;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** Ollama's JSON bodies as records. Field names follow the wire; {@code null} fields are left out of requests. */
final class OllamaWire {

    private OllamaWire() {
    }

    /** {@code POST /api/generate}. Keys of {@code extra} are written at the top level. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GenerateRequest(String model, String prompt, String system, Object format, Map<String, Object> options,
                           boolean stream, @JsonProperty("keep_alive") Object keepAlive, Object think,
                           @JsonAnyGetter Map<String, Object> extra) {
    }

    /** {@code POST /api/chat}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChatRequest(String model, List<Message> messages, List<Tool> tools, Object format, Map<String, Object> options,
                       boolean stream, @JsonProperty("keep_alive") Object keepAlive, Object think,
                       @JsonAnyGetter Map<String, Object> extra) {
    }

    /** A chat message on the wire; {@code images} are base64, {@code tool_name} names the tool a tool message answers. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Message(String role, String content, List<String> images, String thinking,
                   @JsonProperty("tool_calls") List<ToolCall> toolCalls, @JsonProperty("tool_name") String toolName) {
        /** A plain text message. */
        Message(String role, String content, List<String> images) {
            this(role, content, images, null, null, null);
        }
    }

    /** A tool offered to the model: {@code {"type":"function","function":{...}}}. */
    record Tool(String type, Function function) {
    }

    /** A tool's name, description and JSON-schema parameters. */
    record Function(String name, String description, JsonNode parameters) {
    }

    /** A tool call; Ollama may leave out the id. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ToolCall(String id, CallFunction function) {
    }

    /** The called function: arguments are a JSON object (not a string as in OpenAI's format). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CallFunction(Integer index, String name, JsonNode arguments) {
    }

    /** One line of a generate or chat stream, or a whole non-streamed answer. */
    record Chunk(String model, String response, String thinking, Message message, boolean done,
                 @JsonProperty("done_reason") String doneReason,
                 @JsonProperty("total_duration") long totalDuration,
                 @JsonProperty("load_duration") long loadDuration,
                 @JsonProperty("prompt_eval_count") int promptEvalCount,
                 @JsonProperty("prompt_eval_duration") long promptEvalDuration,
                 @JsonProperty("eval_count") int evalCount,
                 @JsonProperty("eval_duration") long evalDuration,
                 String error) {
    }

    /** {@code POST /api/embed}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EmbedRequest(String model, List<String> input, @JsonProperty("keep_alive") Object keepAlive,
                        @JsonAnyGetter Map<String, Object> extra) {
    }

    /** The answer of {@code /api/embed}. */
    record EmbedResponse(String model, List<float[]> embeddings, @JsonProperty("prompt_eval_count") int promptEvalCount) {
    }

    /** {@code GET /api/tags}. */
    record Tags(List<Tag> models) {
    }

    /** One installed model. */
    record Tag(String name, String model, @JsonProperty("modified_at") String modifiedAt, long size, String digest,
               Details details) {
    }

    /** The {@code details} of a model. */
    record Details(@JsonProperty("parent_model") String parentModel, String format, String family, List<String> families,
                   @JsonProperty("parameter_size") String parameterSize,
                   @JsonProperty("quantization_level") String quantizationLevel) {
    }

    /** {@code POST /api/show}'s answer. */
    record Show(String license, String modelfile, String parameters, String template, String system, Details details,
                @JsonProperty("model_info") Map<String, Object> modelInfo, List<String> capabilities,
                @JsonProperty("modified_at") String modifiedAt) {
    }

    /** {@code GET /api/ps}. */
    record Ps(List<Running> models) {
    }

    /** A loaded model. */
    record Running(String name, String model, long size, String digest, Details details,
                   @JsonProperty("expires_at") String expiresAt, @JsonProperty("size_vram") long sizeVram,
                   @JsonProperty("context_length") int contextLength) {
    }

    /** One line of {@code /api/pull}. */
    record PullLine(String status, String digest, long total, long completed, String error) {
    }

    /** A body naming one model ({@code show}, {@code delete}, {@code pull}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ModelRequest(String model, Boolean stream, Boolean insecure) {
    }

    /** {@code POST /api/copy}. */
    record CopyRequest(String source, String destination) {
    }

    /** {@code GET /api/version}. */
    record Version(String version) {
    }

    /** An error body. */
    record ErrorBody(JsonNode error) {
    }
}
