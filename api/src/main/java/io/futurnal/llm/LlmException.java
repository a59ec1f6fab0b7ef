package io.futurnal.llm;

/**
 * Root of every error this library raises. Messages are written for the person running the
 * program: they say what went wrong and, where there is one, what to do next.
 */
public class LlmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what went wrong and what to do. */
    public LlmException(String message) {
        super(message);
    }

    /** Creates the exception with a message for the user and the underlying cause. */
    public LlmException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether repeating the same call later may succeed (a busy server, a rate limit). */
    public boolean isRetryable() {
        return false;
    }
}
