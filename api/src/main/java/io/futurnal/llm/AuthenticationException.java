package io.futurnal.llm;

/** The server refused the credentials. The message never contains the token itself. */
public class AuthenticationException extends LlmException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message saying which credential to check; it must never contain the token. */
    public AuthenticationException(String message) {
        super(message);
    }
}
