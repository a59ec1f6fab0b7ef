package io.futurnal.llm.ollama;

import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.http.BearerToken;
import io.futurnal.llm.http.HttpSettings;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Ollama backend's configuration, read from {@link LlmConfig}.
 *
 * @param baseUri          the server, from {@link #HOST}
 * @param token            the bearer token, from {@link #API_KEY} or {@code OLLAMA_API_KEY}
 * @param defaultKeepAlive the {@code keep_alive} sent when a call names none, from {@link #KEEP_ALIVE}
 * @param model            the configured model as an Ollama tag, normalised; empty when none is configured
 */
record OllamaSettings(URI baseUri, Optional<BearerToken> token, Object defaultKeepAlive, Optional<String> model) {

    /** {@code ollama.host} / {@code OLLAMA_HOST}: the server address. */
    static final String HOST = "ollama.host";
    /** {@code futurnal.ollama.api.key} / {@code FUTURNAL_OLLAMA_API_KEY}: a bearer token for a remote or proxied Ollama. */
    static final String API_KEY = "futurnal.ollama.api.key";
    /** {@code ollama.api.key} / {@code OLLAMA_API_KEY}: honoured when {@link #API_KEY} is unset. */
    static final String OLLAMA_API_KEY = "ollama.api.key";
    /** {@code futurnal.ollama.keep.alive} / {@code FUTURNAL_OLLAMA_KEEP_ALIVE}: the default {@code keep_alive}. */
    static final String KEEP_ALIVE = "futurnal.ollama.keep.alive";

    private static final Pattern SECONDS = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern GO_DURATION = Pattern.compile("-?((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+");

    /**
     * Reads the settings.
     *
     * @throws ConfigurationException when the host, key, keep-alive or model is malformed
     */
    static OllamaSettings from(LlmConfig config) {
        URI base = OllamaHost.parse(config.get(HOST).orElse(""), config.describe(HOST));
        Optional<BearerToken> token = config.get(API_KEY).map(v -> BearerToken.of(v, config.describe(API_KEY)))
                .or(() -> config.get(OLLAMA_API_KEY).map(v -> BearerToken.of(v, config.describe(OLLAMA_API_KEY))));
        Object keepAlive = config.get(KEEP_ALIVE).map(String::strip).map(v -> keepAlive(v, config.describe(KEEP_ALIVE))).orElse(null);
        Optional<String> model = config.model()
                .map(m -> OllamaModelNames.requireValid(config.modelRegistry().ollamaTag(m), config.describe(LlmConfig.MODEL)))
                .map(OllamaModelNames::normalize);
        return new OllamaSettings(base, token, keepAlive, model);
    }

    /** The HTTP settings for calls, from the shared timeout, retry and pool keys. */
    HttpSettings http(LlmConfig config) {
        return HttpSettings.fromConfig(config, baseUri, token);
    }

    private static Object keepAlive(String v, String source) {
        if (SECONDS.matcher(v).matches()) {
            return v.contains(".") ? Double.parseDouble(v) : Long.parseLong(v);
        }
        if (v.equals("0") || GO_DURATION.matcher(v).matches()) {
            return v;
        }
        throw new ConfigurationException(source + " is '" + v + "'; use a number of seconds or a duration such as"
                + " 30s, 5m or 1h (0 unloads after each call, a negative value keeps the model loaded)");
    }
}
