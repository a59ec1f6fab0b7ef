package io.futurnal.llm.openai;

import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import java.time.Duration;

/**
 * What the chunks (or the whole response) of one completion said besides the text: why it ended,
 * the token usage, and llama-server's timings. Only choice 0 is read.
 */
final class CompletionState {

    private String finishReason;
    private boolean stoppedByStopString;
    private OpenAiWire.Usage usage;
    private OpenAiWire.Timings timings;

    /**
     * Takes in one chunk or response and returns the text of choice 0 it carries (possibly empty).
     *
     * @throws BackendFailureException when the server ended the choice with {@code finish_reason: error}
     */
    String accept(OpenAiWire.Completion chunk, String url) {
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        if (chunk.timings() != null) {
            timings = chunk.timings();
        }
        if (chunk.choices() == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (OpenAiWire.Choice choice : chunk.choices()) {
            if (choice == null || (choice.index() != null && choice.index() != 0)) {
                continue;
            }
            String content = choice.content();
            if (content != null) {
                text.append(content);
            }
            if (choice.finishReason() != null) {
                finishReason = choice.finishReason();
                if (finishReason.equals("error")) {
                    throw new BackendFailureException(url + " ended the answer with finish_reason 'error'"
                            + " (a failure inside the server); the answer is incomplete");
                }
            }
        }
        return text.toString();
    }

    /** Notes that a stop string matched on this side, so the answer ended with {@link FinishReason#STOP}. */
    void stoppedByStopString() {
        stoppedByStopString = true;
    }

    /** {@code stop} is STOP, {@code length} is LENGTH, none at all is STOP, anything else is OTHER. */
    FinishReason finishReason() {
        if (stoppedByStopString || finishReason == null) {
            return FinishReason.STOP;
        }
        return switch (finishReason) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            default -> FinishReason.OTHER;
        };
    }

    /**
     * Token counts from {@code usage} (or from llama-server's {@code timings}), and the prompt and
     * decode durations when llama-server reported them. Everything else is measured by the caller.
     */
    GenerationMetrics metrics() {
        int prompt = usage != null && usage.promptTokens() != null ? usage.promptTokens()
                : timings != null && timings.promptN() != null ? timings.promptN() : 0;
        int generated = usage != null && usage.completionTokens() != null ? usage.completionTokens()
                : timings != null && timings.predictedN() != null ? timings.predictedN() : 0;
        Duration promptEval = timings == null ? Duration.ZERO : millis(timings.promptMs());
        Duration decode = timings == null ? Duration.ZERO : millis(timings.predictedMs());
        return new GenerationMetrics(prompt, generated, Duration.ZERO, Duration.ZERO, promptEval, decode, Duration.ZERO);
    }

    private static Duration millis(Double ms) {
        return ms == null || ms.isNaN() || ms <= 0 ? Duration.ZERO : Duration.ofNanos(Math.round(ms * 1_000_000));
    }
}
