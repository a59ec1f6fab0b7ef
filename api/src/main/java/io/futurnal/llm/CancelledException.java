package io.futurnal.llm;

/** A blocking call was interrupted or cancelled before it finished. */
public class CancelledException extends LlmException {
    private static final long serialVersionUID = 1L;

    public CancelledException(String message) {
        super(message);
    }

    public CancelledException(String message, Throwable cause) {
        super(message, cause);
    }
}
