package io.futurnal.llm.cli;

import io.futurnal.llm.BackendInfo;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.TokenStream;
import java.io.PrintWriter;
import java.util.Locale;

/** Writes a token stream to stdout as it arrives; Ctrl-C cancels the generation cleanly. */
final class StreamPrinter {
    private StreamPrinter() {
    }

    static void announce(PrintWriter err, BackendInfo info) {
        err.println("[" + info.backend() + "] model: " + info.model()
                + (info.details().containsKey("note") ? " (" + info.details().get("note") + ")" : ""));
        err.flush();
    }

    static GenerationResult print(TokenStream stream, PrintWriter out) {
        Thread cancelOnInterrupt = new Thread(stream::cancel, "futurnal-llm-cancel");
        Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
        try {
            String last = "";
            while (stream.hasNext()) {
                last = stream.next();
                out.print(last);
                out.flush();
            }
            GenerationResult result = stream.result();
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
