package io.futurnal.llm;

/** The request itself is wrong (a bad option value, a malformed schema, a missing field). */
public class InvalidRequestException extends LlmException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
