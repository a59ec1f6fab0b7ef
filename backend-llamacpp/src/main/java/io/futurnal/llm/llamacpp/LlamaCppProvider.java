package io.futurnal.llm.llamacpp;

import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;

/** Placeholder until this backend's own issue lands. */
public final class LlamaCppProvider implements LlmBackendProvider {
    @Override
    public String id() {
        return "llamacpp";
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public ProbeResult probe(LlmConfig config) {
        return ProbeResult.unavailable("not implemented yet");
    }

    @Override
    public LlmClient create(LlmConfig config) {
        throw new BackendUnavailableException("not implemented yet");
    }
}
