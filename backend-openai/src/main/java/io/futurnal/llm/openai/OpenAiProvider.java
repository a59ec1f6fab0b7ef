package io.futurnal.llm.openai;

import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.http.HttpSettings;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;
import java.util.Set;

/**
 * The {@code openai} backend: any server with the OpenAI HTTP API (vLLM's
 * {@code vllm serve}, llama.cpp's {@code llama-server}, LM Studio, TGI, LocalAI). It is available
 * when a base URL is configured and {@code GET {base}/models} answers, and (when a model is
 * configured) lists that model.
 *
 * <p>Configuration ({@link LlmConfig#get} keys; the environment form is upper case with
 * underscores):
 * <ul>
 *   <li>{@value #BASE_URL}, else {@value #BASE_URL_FALLBACK}: the API root with its {@code /v1},
 *       e.g. {@code http://127.0.0.1:8000/v1}</li>
 *   <li>{@value #API_KEY}, else {@value #API_KEY_FALLBACK}: sent as a bearer token; optional for
 *       local servers; never logged</li>
 *   <li>{@value #EMBEDDING_MODEL}: the model for embeddings, when it is not the chat model</li>
 * </ul>
 */
public final class OpenAiProvider implements LlmBackendProvider {

    /** The base URL ({@code FUTURNAL_OPENAI_BASE_URL}). */
    public static final String BASE_URL = "futurnal.openai.base.url";
    /** The base URL as OpenAI's own clients read it ({@code OPENAI_BASE_URL}), used when {@link #BASE_URL} is unset. */
    public static final String BASE_URL_FALLBACK = "openai.base.url";
    /** The API key ({@code FUTURNAL_OPENAI_API_KEY}). */
    public static final String API_KEY = "futurnal.openai.api.key";
    /** The API key as OpenAI's own clients read it ({@code OPENAI_API_KEY}), used when {@link #API_KEY} is unset. */
    public static final String API_KEY_FALLBACK = "openai.api.key";
    /** The embedding model ({@code FUTURNAL_OPENAI_EMBEDDING_MODEL}); defaults to the client's model. */
    public static final String EMBEDDING_MODEL = "futurnal.openai.embedding.model";

    @Override
    public String id() {
        return OpenAiClient.BACKEND;
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
