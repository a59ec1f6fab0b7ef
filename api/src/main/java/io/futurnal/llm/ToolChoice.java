package io.futurnal.llm;

import java.util.Objects;

/**
 * Whether the model may, must or must not call tools (OpenAI's {@code tool_choice}).
 *
 * @param mode     auto, none, required, or one named tool
 * @param toolName the tool that must be called, only with {@link Mode#NAMED}
 */
public record ToolChoice(Mode mode, String toolName) {

    /** The model decides whether to call tools (the default when tools are given). */
    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);

    /** The model must answer in text and call no tool. */
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);

    /** The model must call at least one tool. */
    public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

    /** The kinds of choice. */
    public enum Mode {
        /** The model decides. */
        AUTO,
        /** No tool calls. */
        NONE,
        /** At least one tool call. */
        REQUIRED,
        /** A call to {@link ToolChoice#toolName()}. */
        NAMED
    }

    /** Requires a tool name with {@link Mode#NAMED} and none otherwise. */
    public ToolChoice {
        Objects.requireNonNull(mode, "mode");
        if ((mode == Mode.NAMED) != (toolName != null)) {
            throw new InvalidRequestException(mode == Mode.NAMED ? "a named tool choice needs the tool's name"
                    : "only a named tool choice carries a tool name; use ToolChoice.named(\"" + toolName + "\")");
        }
    }

    /** The model must call the tool called {@code toolName}. */
    public static ToolChoice named(String toolName) {
        if (toolName == null || toolName.isBlank()) {
            throw new InvalidRequestException("a named tool choice needs the tool's name");
        }
        return new ToolChoice(Mode.NAMED, toolName);
    }
}
