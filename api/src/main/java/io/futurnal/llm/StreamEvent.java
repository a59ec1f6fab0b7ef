package io.futurnal.llm;

import java.util.Objects;

/**
 * One typed event of a {@link TokenStream}, read with {@link TokenStream#events()}: answer text,
 * reasoning text, a complete tool call, and last the finish with the whole result.
 */
public sealed interface StreamEvent {

    /**
     * A piece of the answer, the same text plain iteration yields.
     *
     * @param text a non-empty piece
     */
    record TextDelta(String text) implements StreamEvent {
        /** Requires the text. */
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A piece of the model's reasoning, kept apart from the answer.
     *
     * @param text a non-empty piece
     */
    record ReasoningDelta(String text) implements StreamEvent {
        /** Requires the text. */
        public ReasoningDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A tool call, delivered once all of it has arrived (streamed arguments are put together first).
     *
     * @param call the call; check {@link ToolCall#isValid()} before running it
     */
    record ToolCallComplete(ToolCall call) implements StreamEvent {
        /** Requires the call. */
        public ToolCallComplete {
            Objects.requireNonNull(call, "call");
        }
    }

    /**
     * The last event: why the stream ended, with metrics, the whole text, reasoning and tool calls.
     *
     * @param result what {@link TokenStream#result()} returns
     */
    record Finish(GenerationResult result) implements StreamEvent {
        /** Requires the result. */
        public Finish {
            Objects.requireNonNull(result, "result");
        }

        /** Why generation ended. */
        public FinishReason finishReason() {
            return result.finishReason();
        }

        /** Token counts and timings. */
        public GenerationMetrics metrics() {
            return result.metrics();
        }
    }
}
