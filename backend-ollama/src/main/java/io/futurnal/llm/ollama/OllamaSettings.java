package io.futurnal.llm.ollama;

import io.futurnal.llm.ConfigKey;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.http.BearerToken;
import io.futurnal.llm.http.HttpSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Ollama backend's configuration, read from {@link LlmConfig}.
 *
 * @param baseUri          the server, from {@link #HOST}
 * @param token            the bearer token, from {@link #API_KEY}
 * @param defaultKeepAlive the {@code keep_alive} sent when a call names none, from {@link #KEEP_ALIVE}
 * @param model            the configured model as an Ollama tag, normalised; empty when none is configured
 */
record OllamaSettings(URI baseUri, Optional<BearerToken> token, Object defaultKeepAlive, Optional<String> model) {

    /** The provider id. */
    static final String ID = "ollama";

    private static final Pattern SECONDS = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern GO_DURATION = Pattern.compile("-?((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+");

    /** The server address, Ollama's own {@code OLLAMA_HOST}. */
    static final ConfigKey<URI> HOST = ConfigKey.of("ollama.host", OllamaHost::parse, OllamaHost.DEFAULT,
            "the server, in any of Ollama's forms: `host`, `host:port`, `[::1]:port`, `http(s)://host:port/prefix`."
            + " `0.0.0.0` means this machine");
    /** A bearer token for a remote or proxied Ollama; Ollama's own {@code OLLAMA_API_KEY} when unset. */
    static final ConfigKey<BearerToken> API_KEY = ConfigKey.of("futurnal.ollama.api.key", BearerToken::of,
            "a bearer token for a remote or proxied Ollama. It is never logged").withFallbacks("ollama.api.key");
    /** The {@code keep_alive} sent when a call names none. */
    static final ConfigKey<Object> KEEP_ALIVE = ConfigKey.of("futurnal.ollama.keep.alive",
            (text, source) -> keepAlive(text.strip(), source),
            "default `keep_alive`, e.g. `10m`, `-1` (forever) or `0` (unload)").withDefaultText("the server's (5m)");

    /** This backend's keys and the shared HTTP ones, for {@link OllamaProvider#configKeys()}. */
    static List<ConfigKey<?>> configKeys() {
        List<ConfigKey<?>> all = new ArrayList<>(List.of(HOST, API_KEY, KEEP_ALIVE));
        all.addAll(HttpSettings.configKeys());
        return List.copyOf(all);
    }

    /**
     * Reads the settings.
     *
     * @throws ConfigurationException when the host, key, keep-alive or model is malformed
     */
    static OllamaSettings from(LlmConfig config) {
        URI base = config.value(HOST);
        Optional<BearerToken> token = config.find(API_KEY);
        Object keepAlive = config.find(KEEP_ALIVE).orElse(null);
        Optional<String> model = config.model()
                .map(m -> OllamaModelNames.requireValid(config.modelRegistry().nameOrSelf(m, ID), config.describe(LlmConfig.MODEL)))
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
