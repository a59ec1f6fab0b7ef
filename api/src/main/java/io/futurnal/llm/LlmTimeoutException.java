package io.futurnal.llm;

/** A connect, read or total timeout ran out. The message names which one and its value. */
public class LlmTimeoutException extends LlmException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the timeout that ran out and its value. */
    public LlmTimeoutException(String message) {
        super(message);
    }

    /** Creates the exception with a message naming the timeout and its value, keeping the underlying cause. */
    public LlmTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
