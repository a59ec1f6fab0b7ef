package io.futurnal.llm;

/**
 * The prompt (with the tokens asked for, where the backend counts them) does not fit the model's
 * context window. Thrown instead of letting a backend cut the prompt without saying so; the message
 * says how many tokens were needed, how many fit, and which setting raises the limit.
 */
public class ContextLengthExceededException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    /** With a message that names the sizes and the setting to change. */
    public ContextLengthExceededException(String message) {
        super(message);
    }
}
