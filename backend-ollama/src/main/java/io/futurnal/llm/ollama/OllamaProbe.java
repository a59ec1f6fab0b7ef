package io.futurnal.llm.ollama;

import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.http.ErrorBodies;
import io.futurnal.llm.internal.Json;
import io.futurnal.llm.spi.ProbeResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The availability check: {@code GET /} and {@code GET /api/tags}, each bounded by the probe
 * timeout. It runs on the JDK's own HTTP client and the api's small JSON reader, not on the
 * pooled client, because a first probe in a fresh JVM must not spend the whole deadline loading
 * classes. The exchange runs on a helper thread so that the caller returns at the deadline or on
 * interruption whatever the socket is doing; the connection is then closed, which wakes the helper.
 */
final class OllamaProbe {

    private static final int MAX_BODY = 4 << 20;
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "futurnal-ollama-probe");
        t.setDaemon(true);
        return t;
    });

    private final OllamaSettings settings;
    private final int timeoutMillis;
    private final String timeoutSource;
    private volatile HttpURLConnection current;
    private volatile boolean stopped;

    private OllamaProbe(OllamaSettings settings, LlmConfig config) {
        this.settings = settings;
        this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, config.probeTimeout().toMillis()));
        this.timeoutSource = config.describe(LlmConfig.PROBE_TIMEOUT);
    }

    static ProbeResult probe(LlmConfig config) {
        long deadline = System.nanoTime() + config.probeTimeout().toNanos();
        OllamaSettings settings;
        try {
            settings = OllamaSettings.from(config);
        } catch (ConfigurationException e) {
            return ProbeResult.unavailable(e.getMessage());
        }
        OllamaProbe probe = new OllamaProbe(settings, config);
        Future<ProbeResult> check = WORKERS.submit(probe::check);
        try {
            return check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return ProbeResult.unavailable(probe.silence());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.unavailable("the probe of " + settings.baseUri() + " was interrupted");
        } catch (ExecutionException e) {
            return ProbeResult.unavailable("the probe of " + settings.baseUri() + " failed: " + e.getCause());
        } finally {
            probe.stop();
            check.cancel(true);
        }
    }

    private ProbeResult check() {
        String url = settings.baseUri().toString();
        try {
            get("/");
            Response tags = get("/api/tags");
            return judge(tags, url);
        } catch (ConnectException e) {
            String why = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("refused")
                    ? "connection refused" : e.getMessage();
            return ProbeResult.unavailable("no Ollama server at " + url + " (" + why + "); start one with: ollama serve");
        } catch (SocketTimeoutException e) {
            return ProbeResult.unavailable(silence());
        } catch (IOException e) {
            return ProbeResult.unavailable("cannot reach " + url + ": " + e);
        }
    }

    private ProbeResult judge(Response tags, String url) {
        if (tags.status == 401 || tags.status == 403) {
            return ProbeResult.unavailable("Ollama at " + url + " refused the request (HTTP " + tags.status + ": "
                    + ErrorBodies.excerpt(tags.body, null) + "); " + (settings.token().isPresent()
                    ? "the configured API key was not accepted" : "set FUTURNAL_OLLAMA_API_KEY (or OLLAMA_API_KEY)"));
        }
        List<String> names;
        try {
            names = modelNames(tags);
        } catch (IllegalArgumentException e) {
            return ProbeResult.unavailable("the server at " + url + " does not answer as Ollama: GET /api/tags gave HTTP "
                    + tags.status + ": " + ErrorBodies.excerpt(tags.body, null));
        }
        String choose = LlmConfig.environmentName(LlmConfig.MODEL);
        if (settings.model().isPresent()) {
            String tag = settings.model().get();
            return names.stream().anyMatch(n -> OllamaModelNames.same(n, tag))
                    ? ProbeResult.available("Ollama at " + url + " has model '" + tag + "'")
                    : ProbeResult.unavailable("server at " + url + " is up, but model '" + tag
                            + "' is not pulled; run: ollama pull " + tag);
        }
        if (names.isEmpty()) {
            return ProbeResult.unavailable("server at " + url + " is up, but has no model pulled; run: ollama pull"
                    + " llama3.1:8b, or set " + choose);
        }
        return ProbeResult.available("Ollama at " + url + ": using " + names.get(0) + ", the first of "
                + names.size() + " pulled models; set " + choose + " to choose");
    }

    /** The {@code name}s of an {@code /api/tags} answer. @throws IllegalArgumentException when it is not one */
    private static List<String> modelNames(Response tags) {
        if (tags.status != 200) {
            throw new IllegalArgumentException("HTTP " + tags.status);
        }
        Object root = Json.parse(tags.body);
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

    private record Response(int status, String body) {
    }

    private Response get(String path) throws IOException {
        if (stopped) {
            throw new IOException("the probe was stopped");
        }
        URL url = settings.baseUri().resolve(settings.baseUri().getPath().replaceAll("/+$", "") + path).toURL();
        HttpURLConnection c = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
        current = c;
        try {
            c.setConnectTimeout(timeoutMillis);
            c.setReadTimeout(timeoutMillis);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setRequestProperty("Connection", "close");
            c.setRequestProperty("User-Agent", io.futurnal.llm.http.HttpSettings.USER_AGENT);
            settings.token().ifPresent(t -> c.setRequestProperty("Authorization", t.headerValue()));
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String body = in == null ? "" : new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
            return new Response(status, body);
        } finally {
            c.disconnect();
        }
    }

    private void stop() {
        stopped = true;
        HttpURLConnection c = current;
        if (c != null) {
            c.disconnect();
        }
    }

    private String silence() {
        return "no answer from " + settings.baseUri() + " within the probe timeout of " + timeoutMillis
                + " ms (set by " + timeoutSource + ")";
    }
}
