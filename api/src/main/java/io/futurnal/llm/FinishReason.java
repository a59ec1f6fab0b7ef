package io.futurnal.llm;

/** Why generation ended. */
public enum FinishReason {
    /** The model produced its end-of-sequence token or a stop string matched. */
    STOP,
    /** The token limit ({@code maxTokens}, or the context) was reached. */
    LENGTH,
    /** The model stopped to have tools called; the calls are in {@link GenerationResult#toolCalls()}. */
    TOOL_CALLS,
    /** The caller cancelled or closed the stream. */
    CANCELLED,
    /** Any other reason a backend reports (for example Ollama's {@code load} and {@code unload}). */
    OTHER
}
