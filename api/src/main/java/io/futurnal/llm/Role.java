package io.futurnal.llm;

/** Who wrote a chat message. */
public enum Role {
    /** The application, giving instructions that frame the whole chat. */
    SYSTEM,
    /** The person talking to the model. */
    USER,
    /** The model, for its earlier replies. */
    ASSISTANT,
    /** A tool, returning the result of a call to the model; not every backend accepts it. */
    TOOL;

    /** The lower-case name used on the wire by Ollama, OpenAI and chat templates. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
