package io.futurnal.llm;

/** The backend or its model cannot do what was asked (for example embeddings, or chat without a template). */
public class UnsupportedCapabilityException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;
    /** The capability that was asked for. */
    private final Capability capability;

    /** Creates the exception for the missing capability, with a message saying what the backend or model lacks. */
    public UnsupportedCapabilityException(Capability capability, String message) {
        super(message);
        this.capability = capability;
    }

    /** The capability the backend or model lacks. */
    public Capability capability() {
        return capability;
    }
}
