package io.futurnal.llm;

/** The server refused the credentials. The message never contains the token itself. */
public class AuthenticationException extends LlmException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }
}
