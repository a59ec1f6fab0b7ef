package io.futurnal.llm;

import java.util.OptionalInt;

/**
 * The backend failed while serving a request: a server error, a broken stream, a native failure.
 * HTTP backends put the status code and a short excerpt of the body in here.
 */
public class BackendFailureException extends LlmException {
    private static final long serialVersionUID = 1L;
    /** HTTP status code, or -1 when there is none. */
    private final int statusCode;
    /** Whether repeating the call may succeed. */
    private final boolean retryable;

    /** Creates a non-retryable failure without status code or cause. */
    public BackendFailureException(String message) {
        this(message, -1, false, null);
    }

    /** Creates a non-retryable failure without status code, keeping the underlying cause. */
    public BackendFailureException(String message, Throwable cause) {
        this(message, -1, false, cause);
    }

    /**
     * Creates a failure with all details; pass -1 as {@code statusCode} when there is none, and
     * {@code retryable} true when repeating the call may succeed.
     */
    public BackendFailureException(String message, int statusCode, boolean retryable, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.retryable = retryable;
    }

    /** The HTTP status, for HTTP backends that got one. */
    public OptionalInt statusCode() {
        return statusCode < 0 ? OptionalInt.empty() : OptionalInt.of(statusCode);
    }

    @Override
    public boolean isRetryable() {
        return retryable;
    }
}
