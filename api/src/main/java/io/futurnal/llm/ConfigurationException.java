package io.futurnal.llm;

/** A configuration value is malformed or names something that does not exist. The message lists valid choices. */
public class ConfigurationException extends LlmException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the bad value and the valid choices. */
    public ConfigurationException(String message) {
        super(message);
    }

    /** Creates the exception with a message naming the bad value, keeping the error that revealed it. */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
