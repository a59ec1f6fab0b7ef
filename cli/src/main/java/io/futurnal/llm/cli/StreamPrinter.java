package io.futurnal.llm.cli;

import io.futurnal.llm.BackendInfo;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.StreamEvent;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.ToolCall;
import io.futurnal.llm.internal.Json;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Writes a token stream to stdout as it arrives; Ctrl-C cancels the generation cleanly. */
final class StreamPrinter {
    private static final String DIM = "\u001b[2m";
    private static final String RESET = "\u001b[0m";

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

    static GenerationResult print(TokenStream stream, PrintWriter out, PrintWriter err) {
        return print(stream, out, err, false);
    }

    /**
     * Prints the answer to {@code out} as it arrives, the reasoning to {@code err} set apart
     * (between {@code [thinking]} and {@code [/thinking]}, dimmed on a terminal), and each tool call
     * as one JSON object per line on {@code out}. With {@code whole}, the answer is printed only
     * once it has ended complete, so JSON cut short by the token limit is never printed as if it
     * were an answer (the result's error says why).
     */
    static GenerationResult print(TokenStream stream, PrintWriter out, PrintWriter err, boolean whole) {
        Thread cancelOnInterrupt = new Thread(stream::cancel, "futurnal-llm-cancel");
        Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
        boolean terminal = System.console() != null;
        try {
            String last = "";
            boolean thinking = false;
            GenerationResult result = null;
            for (Iterator<StreamEvent> events = stream.events(); events.hasNext(); ) {
                StreamEvent event = events.next();
                if (event instanceof StreamEvent.ReasoningDelta r) {
                    if (!thinking) {
                        err.print(terminal ? DIM + "[thinking]\n" : "[thinking]\n");
                        thinking = true;
                    }
                    err.print(r.text());
                    err.flush();
                    continue;
                }
                if (thinking) {
                    err.print(terminal ? "\n[/thinking]" + RESET + "\n" : "\n[/thinking]\n");
                    err.flush();
                    thinking = false;
                }
                if (event instanceof StreamEvent.TextDelta t) {
                    if (!whole) {
                        last = t.text();
                        out.print(last);
                    }
                } else if (event instanceof StreamEvent.ToolCallComplete c) {
                    if (!last.isEmpty() && !last.endsWith("\n")) {
                        out.println();
                    }
                    last = "\n";
                    out.println(toolCallLine(c.call()));
                    c.call().problem().ifPresent(p -> err.println("[tool call " + c.call().id() + " is invalid] " + p));
                } else if (event instanceof StreamEvent.Finish f) {
                    result = f.result();
                }
                out.flush();
            }
            if (result == null) {
                result = stream.result();
            }
            if (whole && !result.text().isEmpty()) {
                last = result.text();
                out.print(last);
            }
            if (!result.text().isEmpty() && !last.endsWith("\n")) {
                out.println();
            }
            out.flush();
            err.flush();
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

    /** {@code {"id":…,"name":…,"arguments":{…}}}; an invalid call carries its raw arguments as a string and an "error". */
    static String toolCallLine(ToolCall call) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", call.id());
        line.put("name", call.name());
        line.put("arguments", call.isValid() ? call.arguments() : call.rawArguments());
        call.problem().ifPresent(p -> line.put("error", p));
        return Json.write(line);
    }

    /**
     * Prints a backend's {@code native} detail under the stats, e.g. which llama.cpp build and CPU
     * features ran the generation, since decode speed depends on them; nothing for backends without one.
     */
    static void printNativeBuild(PrintWriter err, BackendInfo info) {
        String nativeBuild = info.details().get("native");
        if (nativeBuild != null) {
            err.println("[" + info.backend() + "] " + nativeBuild);
            err.flush();
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
