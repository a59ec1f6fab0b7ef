package io.futurnal.llm.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.StreamEvent;
import io.futurnal.llm.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Maps the final chunk's fields to the API's finish reason and metrics. */
final class OllamaResults {

    private OllamaResults() {
    }

    /** {@code stop} and {@code length} map to their twins; {@code load}, {@code unload} and others to {@link FinishReason#OTHER}. */
    static FinishReason finishReason(String doneReason) {
        if (doneReason == null || doneReason.isEmpty() || doneReason.equals("stop")) {
            return FinishReason.STOP;
        }
        return doneReason.equals("length") ? FinishReason.LENGTH : FinishReason.OTHER;
    }

    /**
     * The metrics of a final chunk (all durations are nanoseconds). The time to first token is left
     * at zero for streams, where the token stream measures it as the caller saw it; a whole answer
     * estimates it as load plus prompt evaluation, as Ollama reports no such figure.
     */
    static GenerationMetrics metrics(OllamaWire.Chunk c, boolean estimateFirstToken) {
        Duration load = Duration.ofNanos(c.loadDuration());
        Duration prompt = Duration.ofNanos(c.promptEvalDuration());
        return new GenerationMetrics(c.promptEvalCount(), c.evalCount(), load,
                estimateFirstToken ? load.plus(prompt) : Duration.ZERO, prompt,
                Duration.ofNanos(c.evalDuration()), Duration.ofNanos(c.totalDuration()));
    }

    /** The text a chunk carries: {@code response} for generate, {@code message.content} for chat. */
    static String text(OllamaWire.Chunk c) {
        if (c.message() != null) {
            return c.message().content() == null ? "" : c.message().content();
        }
        return c.response() == null ? "" : c.response();
    }

    /** The reasoning a chunk carries: {@code message.thinking} for chat, top-level {@code thinking} for generate. */
    static String reasoning(OllamaWire.Chunk c) {
        String thinking = c.message() != null ? c.message().thinking() : c.thinking();
        return thinking == null ? "" : thinking;
    }

    /**
     * The tool calls a chunk carries, checked against the request's tools. Ollama sends each call
     * whole; a call without an id gets {@code call_<index>}, counting from {@code callsSoFar}.
     */
    static List<ToolCall> toolCalls(OllamaWire.Chunk c, ChatRequest request, int callsSoFar) {
        if (c.message() == null || c.message().toolCalls() == null) {
            return List.of();
        }
        List<ToolCall> out = new ArrayList<>();
        for (OllamaWire.ToolCall wire : c.message().toolCalls()) {
            OllamaWire.CallFunction f = wire.function();
            if (f == null) {
                continue;
            }
            int index = f.index() != null ? f.index() : callsSoFar + out.size();
            String id = wire.id() == null || wire.id().isBlank() ? "call_" + index : wire.id();
            out.add(request == null ? ToolCall.parse(id, f.name(), arguments(f.arguments()))
                    : request.toolCall(id, f.name(), arguments(f.arguments())));
        }
        return out;
    }

    /** The events of one chunk, in the order Ollama means them: reasoning, text, then tool calls. */
    static List<StreamEvent> events(OllamaWire.Chunk c, ChatRequest request, int callsSoFar) {
        List<StreamEvent> out = new ArrayList<>();
        String reasoning = reasoning(c);
        if (!reasoning.isEmpty()) {
            out.add(new StreamEvent.ReasoningDelta(reasoning));
        }
        String text = text(c);
        if (!text.isEmpty()) {
            out.add(new StreamEvent.TextDelta(text));
        }
        toolCalls(c, request, callsSoFar).forEach(call -> out.add(new StreamEvent.ToolCallComplete(call)));
        return out;
    }

    /** Arguments as JSON text: an object as Ollama sends it, or a string some models put there instead. */
    private static String arguments(JsonNode arguments) {
        if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
            return "{}";
        }
        return arguments.isTextual() ? arguments.asText() : arguments.toString();
    }
}
