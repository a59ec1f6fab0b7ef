package io.futurnal.llm.http;

import io.futurnal.llm.AuthenticationException;
import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.LlmException;

/**
 * Turns a non-2xx response into the API's exception. Each backend supplies one that knows its
 * server's error bodies and falls back to {@link #generic(HttpErrorResponse, String)}.
 */
@FunctionalInterface
public interface ErrorTranslator {

    /** The exception for {@code response}. Messages must never contain a credential. */
    LlmException translate(HttpErrorResponse response);

    /** {@link #generic(HttpErrorResponse, String)} with the server's own text as the excerpt. */
    ErrorTranslator GENERIC = response -> generic(response, response.excerpt());

    /**
     * The mapping every HTTP backend starts from: 401 and 403 are an {@link AuthenticationException},
     * 400, 413 and 422 an {@link InvalidRequestException}, and anything else a
     * {@link BackendFailureException} that carries the status, retryable for 429, 502, 503 and 504.
     *
     * @param message the server's error text, already extracted from its body
     */
    static LlmException generic(HttpErrorResponse response, String message) {
        int status = response.status();
        String what = response.request() + " failed with HTTP " + status + ": " + message;
        return switch (status) {
            case 401, 403 -> new AuthenticationException(what + "; check the API key configured for this backend");
            case 400, 413, 422 -> new InvalidRequestException(what);
            case 429, 502, 503, 504 -> new BackendFailureException(what, status, true, null);
            default -> new BackendFailureException(what, status, false, null);
        };
    }
}
