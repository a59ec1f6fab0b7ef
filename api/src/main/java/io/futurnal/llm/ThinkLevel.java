package io.futurnal.llm;

import java.util.Locale;

/** How hard a reasoning model should think, for servers that take a level (Ollama's gpt-oss, OpenAI's {@code reasoning_effort}). */
public enum ThinkLevel {
    /** Brief reasoning: faster, fewer tokens. */
    LOW,
    /** The usual amount of reasoning. */
    MEDIUM,
    /** Long reasoning: slower, more tokens. */
    HIGH;

    /** The lower-case name used on the wire ({@code "low"}, {@code "medium"}, {@code "high"}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The level named {@code text}, in any case.
     *
     * @throws InvalidRequestException for anything but low, medium or high
     */
    public static ThinkLevel parse(String text) {
        for (ThinkLevel level : values()) {
            if (level.wireName().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return level;
            }
        }
        throw new InvalidRequestException("a think level is low, medium or high; got '" + text + "'");
    }
}
