package io.futurnal.llm.vllm;

import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;

/**
 * The {@code vllm} id, held so that asking for it explains what to do instead of failing as an
 * unknown backend. vLLM serves the OpenAI-compatible API, which the {@code openai} backend speaks.
 *
 * <p>This class is also the smallest complete provider: an id, a priority, a probe and a factory,
 * registered in {@code META-INF/services/io.futurnal.llm.spi.LlmBackendProvider}.
 */
public final class VllmPlaceholderProvider implements LlmBackendProvider {

    static final String GUIDANCE = "vLLM is reached through its OpenAI-compatible server: start it with "
            + "'vllm serve <model>', add the io.futurnal:futurnal-llm-backend-openai jar, and set "
            + "FUTURNAL_OPENAI_BASE_URL=http://<host>:8000/v1 with FUTURNAL_LLM_BACKEND=openai";

    @Override
    public String id() {
        return "vllm";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public String description() {
        return "vLLM placeholder (use the openai backend)";
    }

    @Override
    public ProbeResult probe(LlmConfig config) {
        return ProbeResult.unavailable(GUIDANCE);
    }

    @Override
    public LlmClient create(LlmConfig config) {
        throw new BackendUnavailableException(GUIDANCE);
    }
}
