package io.futurnal.llm;

import java.util.Objects;

/**
 * The outcome of one generate or chat call.
 *
 * @param text         the generated text (without the prompt)
 * @param finishReason why generation ended
 * @param metrics      token counts and timings
 * @param backend      id of the backend that served the call
 * @param model        the model as the backend named it
 */
public record GenerationResult(String text, FinishReason finishReason, GenerationMetrics metrics, String backend, String model) {
    /** Requires text and a finish reason; null metrics become {@link GenerationMetrics#EMPTY}. */
    public GenerationResult {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(finishReason, "finishReason");
        metrics = Objects.requireNonNullElse(metrics, GenerationMetrics.EMPTY);
    }
}
