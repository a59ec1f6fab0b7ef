package io.futurnal.llm;

/** The backend does not have the requested model. {@link #hint()} says how to get it. */
public class ModelNotFoundException extends LlmException {
    private static final long serialVersionUID = 1L;
    /** The model name as the backend knows it. */
    private final String model;
    /** Advice on how to get the model; empty when there is none. */
    private final String hint;

    /** Creates the exception for a missing model; a null or blank hint adds no advice to the message. */
    public ModelNotFoundException(String model, String hint) {
        super("model '" + model + "' not found" + (hint == null || hint.isBlank() ? "" : "; " + hint));
        this.model = model;
        this.hint = hint == null ? "" : hint;
    }

    /** The model name as the backend knows it. */
    public String model() {
        return model;
    }

    /** What to do about it, e.g. {@code run: ollama pull llama3.1:8b}; empty when there is no advice. */
    public String hint() {
        return hint;
    }
}
