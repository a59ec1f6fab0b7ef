package io.futurnal.llm.bench;

import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.TokenStream;

/**
 * One streamed generation, timed on the client side so that every backend is measured the same
 * way. Token counts and prompt timings come from the backend's {@link GenerationMetrics}.
 *
 * @param startNanos          {@link System#nanoTime()} when {@code generateStream} was called
 * @param firstPieceNanos     when the first piece arrived (the end, if none did)
 * @param lastPieceNanos      when the last piece arrived
 * @param generatedTokens     tokens generated (the backend's count, else the number of pieces)
 * @param result              what the backend returned
 */
record TimedGeneration(long startNanos, long firstPieceNanos, long lastPieceNanos, int generatedTokens,
                       GenerationResult result) {

    /** Streams {@code prompt} on {@code client} and times it. */
    static TimedGeneration run(LlmClient client, String prompt, GenerationOptions options) {
        long start = System.nanoTime();
        long first = -1;
        long last = -1;
        int pieces = 0;
        GenerationResult result;
        try (TokenStream stream = client.generateStream(prompt, options)) {
            while (stream.hasNext()) {
                stream.next();
                long now = System.nanoTime();
                if (first < 0) {
                    first = now;
                }
                last = now;
                pieces++;
            }
            result = stream.result();
        }
        long end = System.nanoTime();
        if (first < 0) {
            first = end;
            last = end;
        }
        int reported = result.metrics().generatedTokens();
        return new TimedGeneration(start, first, last, reported > 0 ? reported : pieces, result);
    }

    /** See {@link Metric#TIME_TO_FIRST_TOKEN}. */
    double timeToFirstTokenMs() {
        return (firstPieceNanos - startNanos) / 1e6;
    }

    /** See {@link Metric#DECODE}; NaN with fewer than two tokens. */
    double decodeTokensPerSecond() {
        long span = lastPieceNanos - firstPieceNanos;
        return generatedTokens < 2 || span <= 0 ? Double.NaN : (generatedTokens - 1) * 1e9 / span;
    }

    /** The backend's prompt rate when it reports one. */
    boolean promptRateReported() {
        return result.metrics().promptTokensPerSecond() > 0;
    }

    /** See {@link Metric#PROMPT}; NaN when the backend reports no prompt token count. */
    double promptTokensPerSecond() {
        GenerationMetrics m = result.metrics();
        if (m.promptTokensPerSecond() > 0) {
            return m.promptTokensPerSecond();
        }
        double firstMs = timeToFirstTokenMs();
        return m.promptTokens() > 0 && firstMs > 0 ? m.promptTokens() * 1000.0 / firstMs : Double.NaN;
    }
}
