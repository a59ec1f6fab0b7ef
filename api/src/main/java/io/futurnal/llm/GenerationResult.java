package io.futurnal.llm;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one generate or chat call.
 *
 * @param text         the generated text (without the prompt), without any reasoning
 * @param finishReason why generation ended
 * @param metrics      token counts and timings
 * @param backend      id of the backend that served the call
 * @param model        the model as the backend named it
 * @param reasoning    the reasoning ("thinking") the model did before answering; "" when none
 * @param toolCalls    the tools the model called, in order; empty when it called none
 */
public record GenerationResult(String text, FinishReason finishReason, GenerationMetrics metrics, String backend, String model,
                               String reasoning, List<ToolCall> toolCalls) {
    /** Requires text and a finish reason; null metrics become {@link GenerationMetrics#EMPTY}, null reasoning "", null calls empty. */
    public GenerationResult {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
        metrics = Objects.requireNonNullElse(metrics, GenerationMetrics.EMPTY);
        reasoning = Objects.requireNonNullElse(reasoning, "");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** A result with text only: no reasoning, no tool calls. */
    public GenerationResult(String text, FinishReason finishReason, GenerationMetrics metrics, String backend, String model) {
        this(text, finishReason, metrics, backend, model, "", List.of());
    }

    /** Whether the model called tools; run them and send the results back with {@link ChatMessage#toolResult}. */
    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
