package io.futurnal.llm;

/** Who wrote a chat message. */
public enum Role {
    SYSTEM, USER, ASSISTANT, TOOL;

    /** The lower-case name used on the wire by Ollama, OpenAI and chat templates. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
