package io.futurnal.llm.openai;

import io.futurnal.llm.AuthenticationException;
import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.ContextLengthExceededException;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.http.ErrorBodies;
import io.futurnal.llm.http.ErrorTranslator;
import io.futurnal.llm.http.HttpErrorResponse;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the error answers of an OpenAI-compatible server into the API's exceptions. No message it
 * builds contains the API key: a server text that echoes it is withheld.
 */
final class OpenAiErrors implements ErrorTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiErrors.class);

    private final OpenAiEndpoint endpoint;
    private volatile String model = "";
    private volatile String embeddingModel = "";
    private volatile Supplier<List<String>> servedModels = List::of;

    OpenAiErrors(OpenAiEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Names the models a "model not found" answer refers to, once the client has chosen them.
     *
     * @param servedModels lists the served model ids for the hint; may throw, in which case the
     *                     hint says how to list them instead
     */
    void bind(String model, String embeddingModel, Supplier<List<String>> servedModels) {
        this.model = model;
        this.embeddingModel = embeddingModel;
        this.servedModels = servedModels;
    }

    @Override
    public LlmException translate(HttpErrorResponse response) {
        int status = response.status();
        Optional<ApiError> error = ApiError.parse(response.body());
        String text = error.map(e -> withoutKey(e.describe())).orElseGet(() -> response.excerpt(endpoint.token()));
        String request = response.request();
        boolean embeddings = response.url().endsWith("/embeddings");
        if (status == 401 || status == 403) {
            return new AuthenticationException(request + " was refused with HTTP " + status + ": " + text + "; "
                    + (endpoint.token().isPresent()
                            ? "the server did not accept the API key from " + endpoint.tokenSource()
                            : "no API key is configured: set FUTURNAL_OPENAI_API_KEY or OPENAI_API_KEY"));
        }
        if ((status == 404 || status == 400) && error.isPresent() && error.get().isModelNotFound()
                && !response.url().endsWith("/models")) {
            String wanted = embeddings ? embeddingModel : model;
            return new ModelNotFoundException(wanted, hint(embeddings));
        }
        if (status == 400 && error.isPresent() && error.get().isContextLengthExceeded()) {
            return new ContextLengthExceededException(request + " was refused with HTTP 400 because the prompt does not fit the model's"
                    + " context: " + text + "; shorten the prompt or lower maxTokens, or serve the model with a longer"
                    + " context (vLLM: --max-model-len)");
        }
        return switch (status) {
            case 404 -> new BackendFailureException(request + " answered HTTP 404: " + text
                    + "; check that the base URL is the API root, usually ending in /v1 (e.g. http://127.0.0.1:8000/v1)",
                    404, false, null);
            case 400, 413, 422 -> new InvalidRequestException(request + " was rejected with HTTP " + status + ": " + text);
            case 429 -> new BackendFailureException(request + " was rate-limited (HTTP 429): " + text + waited(response),
                    429, true, null);
            case 502, 503, 504 -> new BackendFailureException(request + " failed with HTTP " + status
                    + " (the server or a proxy in front of it is busy or down): " + text + waited(response),
                    status, true, null);
            default -> new BackendFailureException(request + " failed with HTTP " + status + ": " + text, status, false, null);
        };
    }

    /** The exception for an {@code error} object that arrived inside an event stream. */
    LlmException inStream(ApiError error, String url) {
        String text = withoutKey(error.describe());
        int status = error.status().orElse(-1);
        if (status >= 400 && status < 500 && status != 429) {
            return new InvalidRequestException(url + " reported an error in the middle of the stream: " + text);
        }
        return new BackendFailureException(url + " reported an error in the middle of the stream: " + text
                + "; the answer is incomplete", status, status == 429 || status == 503, null);
    }

    /** {@code text}, or a placeholder when it contains the API key. */
    String withoutKey(String text) {
        return ErrorBodies.safe(text, endpoint.token());
    }

    private String hint(boolean embeddings) {
        String key = embeddings ? OpenAiSettings.EMBEDDING_MODEL.name() + " (" + OpenAiSettings.EMBEDDING_MODEL.environmentName() + ")"
                : LlmConfig.MODEL + " (" + LlmConfig.environmentName(LlmConfig.MODEL) + ")";
        try {
            List<String> served = servedModels.get();
            if (served.isEmpty()) {
                return "the server at " + endpoint.baseUri() + " lists no models at all";
            }
            return "the server at " + endpoint.baseUri() + " serves " + String.join(", ", served)
                    + "; set " + key + " to one of them";
        } catch (RuntimeException e) {
            LOG.debug("could not list the served models for a hint: {}", e.toString());
            return "list the served models with GET " + endpoint.url("/models") + " and set " + key + " to one of them";
        }
    }

    private static String waited(HttpErrorResponse response) {
        return response.retryAfter().map(d -> "; it asked to wait " + d.toSeconds() + " s (Retry-After)").orElse("");
    }
}
