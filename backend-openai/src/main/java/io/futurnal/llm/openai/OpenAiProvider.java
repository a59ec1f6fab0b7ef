package io.futurnal.llm.openai;

import io.futurnal.llm.AuthenticationException;
import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.LlmTimeoutException;
import io.futurnal.llm.http.HttpCall;
import io.futurnal.llm.http.HttpSettings;
import io.futurnal.llm.http.HttpTransport;
import io.futurnal.llm.spi.LlmBackendProvider;
import io.futurnal.llm.spi.ProbeResult;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

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

    private static final int LISTED_IN_REASON = 5;

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

    @Override
    public ProbeResult probe(LlmConfig config) {
        OpenAiEndpoint endpoint;
        try {
            Optional<OpenAiEndpoint> configured = OpenAiEndpoint.from(config);
            if (configured.isEmpty()) {
                return ProbeResult.unavailable(OpenAiEndpoint.NOT_CONFIGURED);
            }
            endpoint = configured.get();
        } catch (LlmException e) {
            return ProbeResult.unavailable(e.getMessage());
        }
        String url = endpoint.url("/models");
        AtomicInteger status = new AtomicInteger();
        OpenAiErrors errors = new OpenAiErrors(endpoint);
        List<String> served;
        try (HttpTransport transport = new HttpTransport(HttpSettings.forProbe(config, endpoint.baseUri(), endpoint.token()),
                response -> {
                    status.set(response.status());
                    return errors.translate(response);
                }, OpenAiWire.MAPPER)) {
            served = OpenAiClient.cards(transport.fetchJson(HttpCall.get("/models"), OpenAiWire.ModelList.class), url)
                    .stream().map(OpenAiWire.ModelCard::id).toList();
        } catch (AuthenticationException e) {
            return ProbeResult.unavailable(endpoint.token().isPresent()
                    ? "the server at " + endpoint.baseUri() + " refused the API key (" + status.get() + ") from "
                            + endpoint.tokenSource()
                    : "the server at " + endpoint.baseUri() + " requires an API key (" + status.get()
                            + "); set FUTURNAL_OPENAI_API_KEY or OPENAI_API_KEY");
        } catch (LlmTimeoutException e) {
            return ProbeResult.unavailable("no answer from " + url + " within " + config.probeTimeout().toMillis()
                    + " ms (the probe timeout, " + config.describe(LlmConfig.PROBE_TIMEOUT) + ")");
        } catch (BackendFailureException e) {
            if (e.statusCode().orElse(-1) == 404) {
                return ProbeResult.unavailable(url + " answered HTTP 404; the base URL must be the API root,"
                        + " usually ending in /v1 (e.g. http://127.0.0.1:8000/v1)");
            }
            return ProbeResult.unavailable(e.getMessage());
        } catch (LlmException e) {
            return ProbeResult.unavailable(e.getMessage());
        } catch (RuntimeException e) {
            return ProbeResult.unavailable("the probe of " + url + " failed: " + e);
        }
        return judge(config, endpoint, served);
    }

    @Override
    public LlmClient create(LlmConfig config) {
        OpenAiEndpoint endpoint = OpenAiEndpoint.from(config).orElseThrow(() -> new BackendUnavailableException(
                OpenAiEndpoint.NOT_CONFIGURED + "; set it to the server's API root, e.g. http://127.0.0.1:8000/v1"));
        return OpenAiClient.connect(endpoint, HttpSettings.fromConfig(config, endpoint.baseUri(), endpoint.token()), config);
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
        String hf = config.modelRegistry().huggingFaceId(name);
        String match = served.contains(hf) ? hf : served.contains(name) ? name : null;
        if (match == null) {
            return ProbeResult.unavailable(where + " does not serve model '" + name + "'"
                    + (hf.equals(name) ? "" : " (Hugging Face id '" + hf + "')") + "; it serves " + listed(served));
        }
        return ProbeResult.available(where + " serves " + match
                + (served.size() > 1 ? " (of " + listed(served) + ")" : ""));
    }

    private static String listed(List<String> ids) {
        if (ids.size() <= LISTED_IN_REASON) {
            return String.join(", ", ids);
        }
        return String.join(", ", ids.subList(0, LISTED_IN_REASON)) + " and " + (ids.size() - LISTED_IN_REASON) + " more";
    }
}
