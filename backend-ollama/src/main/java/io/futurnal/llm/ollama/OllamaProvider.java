package io.futurnal.llm.ollama;

import io.futurnal.llm.ConfigKey;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;
import java.util.List;

/**
 * The {@code ollama} backend: a local or remote Ollama server over its native REST API, the
 * highest-priority built-in backend. It is available when the server at {@code OLLAMA_HOST}
 * (default {@code http://127.0.0.1:11434}) answers within the probe timeout and has the configured
 * model, or any model when none is configured.
 *
 * <p>Configuration: {@code ollama.host} / {@code OLLAMA_HOST}; {@code futurnal.ollama.api.key} /
 * {@code FUTURNAL_OLLAMA_API_KEY} (or {@code OLLAMA_API_KEY}, sent over https only) for a bearer token;
 * {@code futurnal.ollama.keep.alive} / {@code FUTURNAL_OLLAMA_KEEP_ALIVE} for the default
 * {@code keep_alive}; {@code FUTURNAL_OLLAMA_CONTEXT} and {@code FUTURNAL_OLLAMA_TRUNCATE} for the
 * context window; {@code FUTURNAL_OLLAMA_PULL} and {@code FUTURNAL_OLLAMA_PULL_TIMEOUT} for pulling
 * missing models; plus the shared model, timeout, retry and pool keys.
 */
public final class OllamaProvider implements LlmBackendProvider {

    /** The provider id. */
    public static final String ID = OllamaSettings.ID;

    /** Needed by {@link java.util.ServiceLoader}; does nothing. */
    public OllamaProvider() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String description() {
        return "Ollama server over its native REST API (OLLAMA_HOST)";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return OllamaSettings.configKeys();
    }

    /** Asks the server, within the probe timeout; never throws, answers promptly when interrupted. */
    @Override
    public ProbeResult probe(LlmConfig config) {
        return OllamaProbe.probe(config);
    }

    /** A client for the configured server and model; connects on the first call. */
    @Override
    public LlmClient create(LlmConfig config) {
        return new OllamaClient(config);
    }
}
