package io.futurnal.llm;

import java.util.Objects;

/**
 * Structured output (JSON, JSON matching a schema) was cut short by the token limit, so what
 * the model wrote is not a whole answer. The partial result, with finish reason
 * {@link FinishReason#LENGTH}, stays available through {@link #partial()}.
 */
public class IncompleteOutputException extends LlmException {
    private static final long serialVersionUID = 1L;

    private final transient GenerationResult partial;

    /** Creates the exception for {@code partial}, the result as it stood when the limit was reached. */
    public IncompleteOutputException(String message, GenerationResult partial) {
        super(message);
        this.partial = Objects.requireNonNull(partial, "partial");
    }

    /** The cut-short result: its text is the incomplete output, its finish reason {@link FinishReason#LENGTH}. */
    public GenerationResult partial() {
        return partial;
    }

    /** The error for a {@code what} (e.g. "JSON answer") cut short in {@code partial}. */
    public static IncompleteOutputException cutShort(String what, GenerationResult partial) {
        return new IncompleteOutputException("the " + what + " was cut off by the token limit after "
                + partial.metrics().generatedTokens() + " tokens, so it is incomplete; raise maxTokens "
                + "(CLI: --max-tokens) or ask for a shorter answer", partial);
    }
}
