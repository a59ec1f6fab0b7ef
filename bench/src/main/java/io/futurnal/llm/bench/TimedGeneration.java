package io.futurnal.llm.bench;

import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmCall;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmListener;
import io.futurnal.llm.TokenStream;
import java.util.List;

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

    /**
     * Streams {@code prompt} on {@code client} and times it. Start, first token and result come
     * from the same {@link LlmListener} events the metrics integrations see; only the last
     * piece, which no event marks, is timed here.
     */
    static TimedGeneration run(LlmClient client, String prompt, GenerationOptions options) {
        CallTimer timer = new CallTimer();
        LlmClient observed = LlmClients.observed(client, List.of(timer));
        long last = -1;
        int pieces = 0;
        GenerationResult result;
        try (TokenStream stream = observed.generateStream(prompt, options)) {
            while (stream.hasNext()) {
                stream.next();
                last = System.nanoTime();
                pieces++;
            }
            result = stream.result();
        }
        long end = System.nanoTime();
        long first = timer.firstTokenNanos > 0 ? timer.firstTokenNanos : end;
        if (last < 0) {
            last = end;
        }
        int reported = result.metrics().generatedTokens();
        return new TimedGeneration(timer.startNanos, first, last, reported > 0 ? reported : pieces, result);
    }

    /** Marks when the call started and when its first token arrived. */
    private static final class CallTimer implements LlmListener {
        private volatile long startNanos;
        private volatile long firstTokenNanos;

        @Override
        public void onStart(LlmCall call) {
            startNanos = System.nanoTime();
        }

        @Override
        public void onFirstToken(LlmCall call, java.time.Duration timeToFirstToken) {
            firstTokenNanos = System.nanoTime();
        }
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
