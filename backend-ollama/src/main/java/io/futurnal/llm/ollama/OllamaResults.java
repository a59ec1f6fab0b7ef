package io.futurnal.llm.ollama;

import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import java.time.Duration;

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
}
