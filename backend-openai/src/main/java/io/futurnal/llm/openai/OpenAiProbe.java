package io.futurnal.llm.openai;

import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.http.ErrorBodies;
import io.futurnal.llm.http.QuickGet;
import io.futurnal.llm.internal.Json;
import io.futurnal.llm.spi.ProbeResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The availability check: one {@code GET {base}/models} within the probe timeout, over
 * {@link QuickGet} so that a fresh JVM answers in tens of milliseconds rather than spending the
 * deadline loading the HTTP client and Jackson, and returns at the deadline or when interrupted.
 * The body is read with the api's small JSON reader for the same reason.
 */
final class OpenAiProbe {

    private static final int LISTED_IN_REASON = 5;

    private OpenAiProbe() {
    }

    static ProbeResult probe(LlmConfig config) {
        OpenAiEndpoint endpoint;
        try {
            Optional<OpenAiEndpoint> configured = OpenAiEndpoint.from(config);
            if (configured.isEmpty()) {
                return ProbeResult.unavailable(OpenAiEndpoint.NOT_CONFIGURED);
            }
            endpoint = configured.get();
        } catch (ConfigurationException e) {
            return ProbeResult.failed(e);
        } catch (LlmException e) {
            return ProbeResult.unavailable(e.getMessage());
        }
        String url = endpoint.url("/models");
        QuickGet.Response response;
        try {
            response = QuickGet.get(java.net.URI.create(url), config.probeTimeout(), endpoint.token());
        } catch (IOException e) {
            return ProbeResult.unavailable(ioFailure(e, url, config));
        } catch (RuntimeException e) {
            return ProbeResult.unavailable("the probe of " + url + " failed: " + e);
        }
        int status = response.status();
        if (status == 401 || status == 403) {
            return ProbeResult.unavailable(endpoint.token().isPresent()
                    ? "the server at " + endpoint.baseUri() + " refused the API key (" + status + ") from "
                            + endpoint.tokenSource()
                    : "the server at " + endpoint.baseUri() + " requires an API key (" + status
                            + "); set FUTURNAL_OPENAI_API_KEY or OPENAI_API_KEY");
        }
        if (status == 404) {
            return ProbeResult.unavailable(url + " answered HTTP 404; the base URL must be the API root,"
                    + " usually ending in /v1 (e.g. http://127.0.0.1:8000/v1)");
        }
        if (status < 200 || status >= 300) {
            return ProbeResult.unavailable("GET " + url + " answered HTTP " + status + ": " + ErrorBodies.safeExcerpt(response.body(), response.contentType(), endpoint.token()));
        }
        Optional<List<String>> served = modelIds(response.body());
        if (served.isEmpty()) {
            return ProbeResult.unavailable("GET " + url + " did not answer with an OpenAI model list: "
                    + ErrorBodies.safeExcerpt(response.body(), response.contentType(), endpoint.token()));
        }
        return judge(config, endpoint, served.get());
    }

    /** The {@code id}s of {@code {"data":[{"id":…},…]}}, or empty when the body is not such a list. */
    static Optional<List<String>> modelIds(String body) {
        Object root;
        try {
            root = Json.parse(body);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("data") instanceof List<?> data)) {
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>();
        for (Object card : data) {
            if (card instanceof Map<?, ?> m && m.get("id") instanceof String id && !id.isBlank()) {
                ids.add(id);
            }
        }
        return Optional.of(ids);
    }

    private static ProbeResult judge(LlmConfig config, OpenAiEndpoint endpoint, List<String> served) {
        String where = "OpenAI-compatible server at " + endpoint.baseUri();
        if (served.isEmpty()) {
            return ProbeResult.unavailable(where + " lists no models under /models");
        }
        Optional<String> requested = config.model();
        if (requested.isEmpty()) {
            return ProbeResult.available(where + " serves " + listed(served));
        }
        String name = requested.get();
        String hf = config.modelRegistry().nameOrSelf(name, OpenAiSettings.MODEL_COLUMN);
        String match = served.contains(hf) ? hf : served.contains(name) ? name : null;
        if (match == null) {
            return ProbeResult.unavailable(where + " does not serve model '" + name + "'"
                    + (hf.equals(name) ? "" : " (Hugging Face id '" + hf + "')") + "; it serves " + listed(served));
        }
        return ProbeResult.available(where + " serves " + match
                + (served.size() > 1 ? " (of " + listed(served) + ")" : ""));
    }

    private static String ioFailure(IOException e, String url, LlmConfig config) {
        if (e instanceof SocketTimeoutException) {
            return "no answer from " + url + " within " + config.probeTimeout().toMillis() + " ms (the probe timeout, "
                    + config.describe(LlmConfig.PROBE_TIMEOUT) + ")";
        }
        if (e instanceof InterruptedIOException) {
            return "the probe of " + url + " was interrupted";
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            String detail = String.valueOf(e.getMessage());
            return "no server at " + url + " (" + (detail.toLowerCase(java.util.Locale.ROOT).contains("refused")
                    ? "connection refused" : detail) + "); is it running?";
        }
        if (e instanceof UnknownHostException) {
            return "cannot reach " + url + ": unknown host " + e.getMessage();
        }
        return "the probe of " + url + " failed: " + e;
    }

    private static String listed(List<String> ids) {
        if (ids.size() <= LISTED_IN_REASON) {
            return String.join(", ", ids);
        }
        return String.join(", ", ids.subList(0, LISTED_IN_REASON)) + " and " + (ids.size() - LISTED_IN_REASON) + " more";
    }
}
