package io.futurnal.llm;

/** The backend or its model cannot do what was asked (for example embeddings, or chat without a template). */
public class UnsupportedCapabilityException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;
    private final Capability capability;

    public UnsupportedCapabilityException(Capability capability, String message) {
        super(message);
        this.capability = capability;
    }

    public Capability capability() {
        return capability;
    }
}
