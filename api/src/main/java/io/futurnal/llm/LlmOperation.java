package io.futurnal.llm;

/** What kind of call a {@link LlmCall} is, with its OpenTelemetry GenAI operation name. */
public enum LlmOperation {
    /** {@link LlmClient#chatStream} and the chat methods built on it. */
    CHAT("chat"),
    /** {@link LlmClient#generateStream} and the generate methods built on it. */
    TEXT_COMPLETION("text_completion"),
    /** {@link LlmClient#embed}. */
    EMBEDDINGS("embeddings");

    private final String semanticName;

    LlmOperation(String semanticName) {
        this.semanticName = semanticName;
    }

    /** The value of the {@code gen_ai.operation.name} attribute for this operation. */
    public String semanticName() {
        return semanticName;
    }
}
