package io.futurnal.llm;

/** A configuration value is malformed or names something that does not exist. The message lists valid choices. */
public class ConfigurationException extends LlmException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
