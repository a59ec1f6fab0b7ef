package io.futurnal.llm.openai;

import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.ChatRequest;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the chunks (or the whole response) of one completion said besides the text: why it ended,
 * the token usage, llama-server's timings, and the tool calls, whose streamed fragments are put
 * together here by {@code index}. Only choice 0 is read.
 */
final class CompletionState {

    /** The text and the reasoning one chunk carries (each possibly empty). */
    record Pieces(String text, String reasoning) {
    }

    private String finishReason;
    private boolean stoppedByStopString;
    private OpenAiWire.Usage usage;
    private OpenAiWire.Timings timings;
    private final Map<Integer, PartialCall> calls = new TreeMap<>();

    /** A tool call as its fragments arrive. */
    private static final class PartialCall {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    /** The text of choice 0 in one chunk or response; see {@link #acceptPieces}. */
    String accept(OpenAiWire.Completion chunk, String url) {
        return acceptPieces(chunk, url).text();
    }

    /**
     * Takes in one chunk or response and returns the text and reasoning of choice 0 it carries;
     * tool-call fragments are kept for {@link #toolCalls}.
     *
     * @throws BackendFailureException when the server ended the choice with {@code finish_reason: error}
     */
    Pieces acceptPieces(OpenAiWire.Completion chunk, String url) {
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        if (chunk.timings() != null) {
            timings = chunk.timings();
        }
        if (chunk.choices() == null) {
            return new Pieces("", "");
        }
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        for (OpenAiWire.Choice choice : chunk.choices()) {
            if (choice == null || (choice.index() != null && choice.index() != 0)) {
                continue;
            }
            String content = choice.content();
            if (content != null) {
                text.append(content);
            }
            for (OpenAiWire.Delta d : new OpenAiWire.Delta[] {choice.delta(), choice.message()}) {
                if (d != null && d.reasoningText() != null) {
                    reasoning.append(d.reasoningText());
                }
                if (d != null && d.toolCalls() != null) {
                    d.toolCalls().forEach(this::acceptCall);
                }
            }
            if (choice.finishReason() != null) {
                finishReason = choice.finishReason();
                if (finishReason.equals("error")) {
                    throw new BackendFailureException(url + " ended the answer with finish_reason 'error'"
                            + " (a failure inside the server); the answer is incomplete");
                }
            }
        }
        return new Pieces(text.toString(), reasoning.toString());
    }

    private void acceptCall(OpenAiWire.ToolCall fragment) {
        if (fragment == null) {
            return;
        }
        // a whole message's calls may come without index: they are numbered in order
        int index = fragment.index() != null ? fragment.index() : calls.size();
        PartialCall call = calls.computeIfAbsent(index, i -> new PartialCall());
        if (fragment.id() != null && !fragment.id().isEmpty()) {
            call.id = fragment.id();
        }
        if (fragment.function() != null) {
            if (fragment.function().name() != null && !fragment.function().name().isEmpty()) {
                call.name = fragment.function().name();
            }
            if (fragment.function().arguments() != null) {
                call.arguments.append(fragment.function().arguments());
            }
        }
    }

    /**
     * The tool calls received, in index order, checked against the request's tools; a call without
     * an id gets {@code call_<index>}.
     *
     * @throws BackendFailureException for a call that never got a name
     */
    List<ToolCall> toolCalls(ChatRequest request, String url) {
        List<ToolCall> out = new ArrayList<>();
        calls.forEach((index, call) -> {
            if (call.name == null) {
                throw new BackendFailureException(url + " sent tool call " + index + " without a function name");
            }
            String id = call.id == null ? "call_" + index : call.id;
            out.add(request == null ? ToolCall.parse(id, call.name, call.arguments.toString())
                    : request.toolCall(id, call.name, call.arguments.toString()));
        });
        return out;
    }

    /** Notes that a stop string matched on this side, so the answer ended with {@link FinishReason#STOP}. */
    void stoppedByStopString() {
        stoppedByStopString = true;
    }

    /** {@code stop} is STOP, {@code length} is LENGTH, {@code tool_calls} is TOOL_CALLS, none at all is STOP, anything else is OTHER. */
    FinishReason finishReason() {
        if (stoppedByStopString || finishReason == null) {
            return FinishReason.STOP;
        }
        return switch (finishReason) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
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
