package io.futurnal.llm.cli;

import io.futurnal.llm.BackendInfo;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.TokenStream;
import java.io.PrintWriter;
import java.util.Locale;

/** Writes a token stream to stdout as it arrives; Ctrl-C cancels the generation cleanly. */
final class StreamPrinter {
    private StreamPrinter() {
    }

    /** Whether {@code options} ask for structured output, which is printed only once it is whole. */
    static boolean wholeOnly(GenerationOptions options) {
        return !(options.format() instanceof ResponseFormat.Text);
    }

    static void announce(PrintWriter err, BackendInfo info) {
        err.println("[" + info.backend() + "] model: " + info.model()
                + (info.details().containsKey("note") ? " (" + info.details().get("note") + ")" : ""));
        err.flush();
    }

    static GenerationResult print(TokenStream stream, PrintWriter out) {
        return print(stream, out, false);
    }

    /**
     * Prints the stream; with {@code whole}, only once it has ended complete, so JSON cut short by
     * the token limit is never printed as if it were an answer (the result's error says why).
     */
    static GenerationResult print(TokenStream stream, PrintWriter out, boolean whole) {
        Thread cancelOnInterrupt = new Thread(stream::cancel, "futurnal-llm-cancel");
        Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
        try {
            String last = "";
            while (!whole && stream.hasNext()) {
                last = stream.next();
                out.print(last);
                out.flush();
            }
            GenerationResult result = stream.result();
            if (whole) {
                last = result.text();
                out.print(last);
            }
            if (!result.text().isEmpty() && !last.endsWith("\n")) {
                out.println();
            }
            out.flush();
            return result;
        } finally {
            stream.close();
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    static void printStats(PrintWriter err, GenerationResult r) {
        GenerationMetrics m = r.metrics();
        err.printf(Locale.ROOT, "[%s] %s: %d prompt tokens, %d generated, first token %d ms, %.1f tokens/s, total %d ms%n",
                r.backend(), r.finishReason().name().toLowerCase(Locale.ROOT), m.promptTokens(), m.generatedTokens(),
                m.timeToFirstToken().toMillis(), m.tokensPerSecond(), m.totalDuration().toMillis());
        err.flush();
    }
}
