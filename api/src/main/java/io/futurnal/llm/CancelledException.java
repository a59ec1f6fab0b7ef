package io.futurnal.llm;

/** A blocking call was interrupted or cancelled before it finished. */
public class CancelledException extends LlmException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message saying which call was cancelled. */
    public CancelledException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the interruption or cancellation behind it. */
    public CancelledException(String message, Throwable cause) {
        super(message, cause);
    }
}
