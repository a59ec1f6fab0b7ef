package io.futurnal.llm;

/** The request itself is wrong (a bad option value, a malformed schema, a missing field). */
public class InvalidRequestException extends LlmException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message saying which part of the request is wrong and why. */
    public InvalidRequestException(String message) {
        super(message);
    }

    /** Creates the exception with a message about the bad request part, keeping the error that revealed it. */
    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
