package io.futurnal.llm;

/**
 * The model called a tool with arguments that are not valid JSON, that break the tool's schema, or
 * for a tool that was never offered. Thrown by {@link ToolCall#arguments()}; the raw text the model
 * wrote is kept, so it can be logged or sent back to the model as an error.
 */
public class InvalidToolCallException extends LlmException {
    private static final long serialVersionUID = 1L;
    /** The call, with its raw arguments. */
    private final transient ToolCall call;

    /** Creates the exception for {@code call}, whose {@link ToolCall#problem()} says what is wrong. */
    public InvalidToolCallException(ToolCall call) {
        super("the model's call of tool '" + call.name() + "' (id " + call.id() + ") is invalid: "
                + call.problem().orElse("unknown problem") + "; raw arguments: " + excerpt(call.rawArguments())
                + " — send the problem back to the model as the tool's result, or retry");
        this.call = call;
    }

    /** The invalid call. */
    public ToolCall toolCall() {
        return call;
    }

    /** The arguments exactly as the model wrote them. */
    public String rawArguments() {
        return call.rawArguments();
    }

    private static String excerpt(String raw) {
        return raw.length() <= 200 ? raw : raw.substring(0, 200) + "… (" + raw.length() + " chars)";
    }
}
