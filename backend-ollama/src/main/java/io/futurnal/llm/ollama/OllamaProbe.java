package io.futurnal.llm.ollama;

import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.http.ErrorBodies;
import io.futurnal.llm.http.QuickGet;
import io.futurnal.llm.internal.Json;
import io.futurnal.llm.spi.ProbeResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The availability check: {@code GET /} and {@code GET /api/tags}, both within the probe timeout.
 * It runs on {@link QuickGet} and the api's small JSON reader, not on the pooled client, because a
 * first probe in a fresh JVM must not spend the whole deadline loading classes; {@code QuickGet}
 * also returns at the deadline or on interruption whatever the socket is doing.
 */
final class OllamaProbe {

    private static final int MAX_BODY = 4 << 20;

    private final OllamaSettings settings;
    private final int timeoutMillis;
    private final String timeoutSource;

    private OllamaProbe(OllamaSettings settings, LlmConfig config) {
        this.settings = settings;
        this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, config.probeTimeout().toMillis()));
        this.timeoutSource = config.describe(LlmConfig.PROBE_TIMEOUT);
    }

    static ProbeResult probe(LlmConfig config) {
        OllamaSettings settings;
        try {
            settings = OllamaSettings.from(config);
        } catch (ConfigurationException e) {
            return ProbeResult.failed(e);
        }
        return new OllamaProbe(settings, config).check(config);
    }

    private ProbeResult check(LlmConfig config) {
        String url = settings.baseUri().toString();
        try {
            QuickGet.Response tags = QuickGet.within(config.probeTimeout(), settings.token(), MAX_BODY, session -> {
                session.get(resolve("/"));
                return session.get(resolve("/api/tags"));
            });
            return judge(tags, url);
        } catch (ConnectException e) {
            String why = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("refused")
                    ? "connection refused" : e.getMessage();
            return ProbeResult.unavailable("no Ollama server at " + url + " (" + why + "); start one with: ollama serve");
        } catch (SocketTimeoutException e) {
            return ProbeResult.unavailable(silence());
        } catch (InterruptedIOException e) {
            return ProbeResult.unavailable("the probe of " + settings.baseUri() + " was interrupted");
        } catch (IOException e) {
            return ProbeResult.unavailable("cannot reach " + url + ": " + e);
        } catch (RuntimeException e) {
            return ProbeResult.unavailable("the probe of " + settings.baseUri() + " failed: " + e);
        }
    }

    private ProbeResult judge(QuickGet.Response tags, String url) {
        if (tags.status() == 401 || tags.status() == 403) {
            return ProbeResult.unavailable("Ollama at " + url + " refused the request (HTTP " + tags.status() + ": "
                    + ErrorBodies.safeExcerpt(tags.body(), null, settings.token()) + "); " + (settings.token().isPresent()
                    ? "the configured API key was not accepted" : "set FUTURNAL_OLLAMA_API_KEY (OLLAMA_API_KEY is sent over https only)"));
        }
        List<String> names;
        try {
            names = modelNames(tags);
        } catch (IllegalArgumentException e) {
            return ProbeResult.unavailable("the server at " + url + " does not answer as Ollama: GET /api/tags gave HTTP "
                    + tags.status() + ": " + ErrorBodies.safeExcerpt(tags.body(), null, settings.token()));
        }
        String choose = LlmConfig.environmentName(LlmConfig.MODEL);
        if (settings.model().isPresent()) {
            String tag = settings.model().get();
            if (names.stream().anyMatch(n -> OllamaModelNames.same(n, tag))) {
                return ProbeResult.available("Ollama at " + url + " has model '" + tag + "'");
            }
            if (settings.pull() != OllamaPullPolicy.NEVER) {
                // the client pulls it on first use, so the backend can still be chosen
                return ProbeResult.available("Ollama at " + url + " has not got model '" + tag + "'; it will be pulled on"
                        + " first use (" + OllamaSettings.PULL.environmentName() + "=" + settings.pull().settingName() + ")");
            }
            return ProbeResult.failed(new ModelNotFoundException(tag, "Ollama at " + url + " is up, but has not pulled it; "
                    + OllamaErrors.pullHint(tag)));
        }
        if (names.isEmpty()) {
            return ProbeResult.unavailable("server at " + url + " is up, but has no model pulled; run: ollama pull"
                    + " llama3.1:8b, or set " + choose);
        }
        return ProbeResult.available("Ollama at " + url + ": using " + names.get(0) + ", the first of "
                + names.size() + " pulled models; set " + choose + " to choose");
    }

    /** The {@code name}s of an {@code /api/tags} answer. @throws IllegalArgumentException when it is not one */
    private static List<String> modelNames(QuickGet.Response tags) {
        if (tags.status() != 200) {
            throw new IllegalArgumentException("HTTP " + tags.status());
        }
        Object root = Json.parse(tags.body());
        Object models = root instanceof Map<?, ?> m ? m.get("models") : null;
        if (!(models instanceof List<?> list)) {
            throw new IllegalArgumentException("no models list");
        }
        List<String> names = new ArrayList<>();
        for (Object item : list) {
            if (item instanceof Map<?, ?> model && model.get("name") instanceof String name) {
                names.add(name);
            }
        }
        return names;
    }

    private URI resolve(String path) {
        return settings.baseUri().resolve(settings.baseUri().getPath().replaceAll("/+$", "") + path);
    }

    private String silence() {
        return "no answer from " + settings.baseUri() + " within the probe timeout of " + timeoutMillis
                + " ms (set by " + timeoutSource + ")";
    }
}
