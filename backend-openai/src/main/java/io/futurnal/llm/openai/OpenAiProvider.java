package io.futurnal.llm.openai;

import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.ConfigKey;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.http.HttpSettings;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;
import java.util.List;
import java.util.Set;

/**
 * The {@code openai} backend: any server with the OpenAI HTTP API (vLLM's
 * {@code vllm serve}, llama.cpp's {@code llama-server}, LM Studio, TGI, LocalAI). It is available
 * when a base URL is configured and {@code GET {base}/models} answers, and (when a model is
 * configured) lists that model.
 *
 * <p>Its configuration keys are declared in {@code OpenAiSettings} and listed by {@link #configKeys()}.
 */
public final class OpenAiProvider implements LlmBackendProvider {

    @Override
    public String id() {
        return OpenAiSettings.ID;
    }

    @Override
    public Set<String> aliases() {
        return Set.of("openai-compatible");
    }

    @Override
    public int priority() {
        return 80;
    }

    @Override
    public String description() {
        return "OpenAI-compatible HTTP server (vLLM, llama-server, LM Studio, TGI, LocalAI)";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return OpenAiSettings.configKeys();
    }

    /** {@code GET {base}/models} within the probe timeout; never throws. */
    @Override
    public ProbeResult probe(LlmConfig config) {
        return OpenAiProbe.probe(config);
    }

    @Override
    public LlmClient create(LlmConfig config) {
        OpenAiEndpoint endpoint = OpenAiEndpoint.from(config).orElseThrow(() -> new BackendUnavailableException(
                OpenAiEndpoint.NOT_CONFIGURED + "; set it to the server's API root, e.g. http://127.0.0.1:8000/v1"));
        return OpenAiClient.connect(endpoint, HttpSettings.fromConfig(config, endpoint.baseUri(), endpoint.token()), config);
    }
}
