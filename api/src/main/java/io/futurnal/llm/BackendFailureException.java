package io.futurnal.llm;

import java.util.OptionalInt;

/**
 * The backend failed while serving a request: a server error, a broken stream, a native failure.
 * HTTP backends put the status code and a short excerpt of the body in here.
 */
public class BackendFailureException extends LlmException {
    private static final long serialVersionUID = 1L;
    private final int statusCode;
    private final boolean retryable;

    public BackendFailureException(String message) {
        this(message, -1, false, null);
    }

    public BackendFailureException(String message, Throwable cause) {
        this(message, -1, false, cause);
    }

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
