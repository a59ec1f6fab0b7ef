package io.futurnal.llm.testing;

import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.StreamEvent;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a stream's {@link TokenStream#events()} delivered, sorted by kind, for tests that
 * check what arrived and in which pieces.
 *
 * @param text      the answer pieces, in order
 * @param reasoning the reasoning pieces, in order
 * @param toolCalls the complete tool calls, in order
 * @param finishes  how many finish events came (one, for a well-behaved stream)
 * @param result    the result of the finish event
 */
public record RecordedEvents(List<String> text, List<String> reasoning, List<ToolCall> toolCalls, int finishes,
                             GenerationResult result) {

    /** Reads {@code stream} to its end and closes it. */
    public static RecordedEvents read(TokenStream stream) {
        List<String> text = new ArrayList<>();
        List<String> reasoning = new ArrayList<>();
        List<ToolCall> calls = new ArrayList<>();
        int finishes = 0;
        GenerationResult result = null;
        try (stream) {
            for (var events = stream.events(); events.hasNext(); ) {
                StreamEvent e = events.next();
                if (e instanceof StreamEvent.TextDelta d) {
                    text.add(d.text());
                } else if (e instanceof StreamEvent.ReasoningDelta d) {
                    reasoning.add(d.text());
                } else if (e instanceof StreamEvent.ToolCallComplete c) {
                    calls.add(c.call());
                } else if (e instanceof StreamEvent.Finish f) {
                    finishes++;
                    result = f.result();
                }
            }
        }
        return new RecordedEvents(List.copyOf(text), List.copyOf(reasoning), List.copyOf(calls), finishes, result);
    }

    /** The answer pieces joined. */
    public String joinedText() {
        return String.join("", text);
    }

    /** The reasoning pieces joined. */
    public String joinedReasoning() {
        return String.join("", reasoning);
    }
}
