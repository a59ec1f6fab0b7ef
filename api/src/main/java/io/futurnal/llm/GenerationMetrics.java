package io.futurnal.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * Counts and timings of one generation. A count a backend cannot know is 0, a duration is
 * {@link Duration#ZERO}.
 *
 * @param promptTokens        tokens in the prompt as the model saw it
 * @param generatedTokens     tokens generated
 * @param loadDuration        time spent loading the model for this call (zero when it was loaded)
 * @param timeToFirstToken    from the call until the first piece of text arrived
 * @param promptEvalDuration  time spent evaluating the prompt
 * @param generationDuration  time spent generating tokens (decode)
 * @param totalDuration       the whole call
 */
public record GenerationMetrics(
        int promptTokens,
        int generatedTokens,
        Duration loadDuration,
        Duration timeToFirstToken,
        Duration promptEvalDuration,
        Duration generationDuration,
        Duration totalDuration) {

    /** Metrics with every count 0 and every duration zero: nothing known. */
    public static final GenerationMetrics EMPTY =
            new GenerationMetrics(0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /** Turns null durations into {@link Duration#ZERO}. */
    public GenerationMetrics {
        loadDuration = orZero(loadDuration);
        timeToFirstToken = orZero(timeToFirstToken);
        promptEvalDuration = orZero(promptEvalDuration);
        generationDuration = orZero(generationDuration);
        totalDuration = orZero(totalDuration);
    }

    /** Decode speed in tokens per second, or 0 when unknown. */
    public double tokensPerSecond() {
        return perSecond(generatedTokens, generationDuration);
    }

    /** Prompt evaluation speed in tokens per second, or 0 when unknown. */
    public double promptTokensPerSecond() {
        return perSecond(promptTokens, promptEvalDuration);
    }

    /**
     * This record with the client-side measurements filled in where the backend reported nothing.
     * Durations and counts the backend did report win.
     */
    public GenerationMetrics withMeasured(int generatedPieces, Duration measuredFirstToken, Duration measuredTotal) {
        Duration total = totalDuration.isZero() ? measuredTotal : totalDuration;
        Duration decode = generationDuration;
        if (decode.isZero() && !measuredFirstToken.isZero()) {
            decode = measuredTotal.minus(measuredFirstToken);
        }
        return new GenerationMetrics(
                promptTokens,
                generatedTokens == 0 ? generatedPieces : generatedTokens,
                loadDuration,
                timeToFirstToken.isZero() ? measuredFirstToken : timeToFirstToken,
                promptEvalDuration,
                decode,
                total);
    }

    private static double perSecond(int count, Duration d) {
        long nanos = d.toNanos();
        return count <= 0 || nanos <= 0 ? 0.0 : count * 1e9 / nanos;
    }

    private static Duration orZero(Duration d) {
        return Objects.requireNonNullElse(d, Duration.ZERO);
    }
}
