package io.futurnal.llm.ollama;

import io.futurnal.llm.AuthenticationException;
import io.futurnal.llm.BackendConnectionException;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.LlmTimeoutException;
import io.futurnal.llm.http.HttpCall;
import io.futurnal.llm.http.HttpSettings;
import io.futurnal.llm.http.HttpTransport;
import io.futurnal.llm.http.JsonSupport;
import io.futurnal.llm.spi.ProbeResult;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The availability check: {@code GET /} and {@code GET /api/tags} on a throw-away connection whose
 * connect and read timeouts are the probe timeout. The exchange runs on a helper thread so that
 * the caller returns at the deadline or on interruption, whatever the socket is doing; the
 * connection is then closed, which wakes the helper.
 */
final class OllamaProbe {

    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "futurnal-ollama-probe");
        t.setDaemon(true);
        return t;
    });

    private OllamaProbe() {
    }

    static ProbeResult probe(LlmConfig config) {
        OllamaSettings settings;
        try {
            settings = OllamaSettings.from(config);
        } catch (ConfigurationException e) {
            return ProbeResult.unavailable(e.getMessage());
        }
        HttpSettings http = HttpSettings.forProbe(config, settings.baseUri(), settings.token());
        HttpTransport transport = new HttpTransport(http, new OllamaErrors(JsonSupport.mapper(), settings.token().isPresent()),
                JsonSupport.mapper());
        Future<ProbeResult> check = WORKERS.submit(() -> check(transport, settings));
        try {
            return check.get(config.probeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return ProbeResult.unavailable(silence(settings, http));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.unavailable("the probe of " + settings.baseUri() + " was interrupted");
        } catch (ExecutionException e) {
            return ProbeResult.unavailable("the probe of " + settings.baseUri() + " failed: " + e.getCause());
        } finally {
            transport.close();
            check.cancel(true);
        }
    }

    private static ProbeResult check(HttpTransport transport, OllamaSettings settings) {
        String url = settings.baseUri().toString();
        try {
            transport.fetch(HttpCall.get("/"));
        } catch (BackendConnectionException e) {
            String why = e.getMessage().contains("connection refused") ? "connection refused" : e.getMessage();
            return ProbeResult.unavailable("no Ollama server at " + url + " (" + why + "); start one with: ollama serve");
        } catch (LlmTimeoutException e) {
            return ProbeResult.unavailable(silence(settings, transport.settings()));
        } catch (LlmException e) {
            // a proxy may not serve "/"; /api/tags decides
        }
        List<OllamaWire.Tag> tags;
        try {
            OllamaWire.Tags answer = transport.fetchJson(HttpCall.get("/api/tags"), OllamaWire.Tags.class);
            tags = answer.models() == null ? List.of() : answer.models();
        } catch (AuthenticationException e) {
            return ProbeResult.unavailable(e.getMessage());
        } catch (LlmTimeoutException e) {
            return ProbeResult.unavailable(silence(settings, transport.settings()));
        } catch (LlmException e) {
            return ProbeResult.unavailable("the server at " + url + " does not answer as Ollama: " + e.getMessage());
        }
        String choose = LlmConfig.environmentName(LlmConfig.MODEL);
        if (settings.model().isPresent()) {
            String tag = settings.model().get();
            boolean pulled = tags.stream().anyMatch(t -> t.name() != null && OllamaModelNames.same(t.name(), tag));
            return pulled ? ProbeResult.available("Ollama at " + url + " has model '" + tag + "'")
                    : ProbeResult.unavailable("server at " + url + " is up, but model '" + tag
                            + "' is not pulled; run: ollama pull " + tag);
        }
        if (tags.isEmpty()) {
            return ProbeResult.unavailable("server at " + url + " is up, but has no model pulled; run: ollama pull"
                    + " llama3.1:8b, or set " + choose);
        }
        return ProbeResult.available("Ollama at " + url + ": using " + tags.get(0).name() + ", the first of "
                + tags.size() + " pulled models; set " + choose + " to choose");
    }

    private static String silence(OllamaSettings settings, HttpSettings http) {
        return "no answer from " + settings.baseUri() + " within the probe timeout of " + http.readTimeout().describe();
    }
}
