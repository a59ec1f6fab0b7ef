package io.futurnal.llm;

/**
 * The backend could not be reached, or the connection broke (refused, reset, closed mid-stream).
 * This is the failure class that call-time fallback moves away from.
 */
public class BackendConnectionException extends BackendFailureException {
    private static final long serialVersionUID = 1L;

    /** Creates the (always retryable) exception from a message and the I/O error behind it. */
    public BackendConnectionException(String message, Throwable cause) {
        super(message, -1, true, cause);
    }
}
