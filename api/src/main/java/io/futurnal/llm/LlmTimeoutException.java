package io.futurnal.llm;

/** A connect, read or total timeout ran out. The message names which one and its value. */
public class LlmTimeoutException extends LlmException {
    private static final long serialVersionUID = 1L;

    public LlmTimeoutException(String message) {
        super(message);
    }

    public LlmTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
