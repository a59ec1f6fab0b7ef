package io.futurnal.llm.hf;

import io.futurnal.llm.BackendUnavailableException;

/**
 * The hf backend refused to load a model because its weights and KV cache would not fit in the
 * memory this process can use; thrown before anything is allocated, instead of the kernel killing
 * the process part-way through. The message says how much is needed and what to change.
 */
public final class ModelTooLargeException extends BackendUnavailableException {

    private static final long serialVersionUID = 1L;

    private final long neededBytes;
    private final long availableBytes;

    ModelTooLargeException(String message, long neededBytes, long availableBytes) {
        super(message);
        this.neededBytes = neededBytes;
        this.availableBytes = availableBytes;
    }

    /** Bytes the model would need: weights in the compute dtype plus the KV cache for the configured context. */
    public long neededBytes() {
        return neededBytes;
    }

    /** Bytes the process could use when the check ran. */
    public long availableBytes() {
        return availableBytes;
    }
}
