package io.futurnal.llm.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A response with a status other than 2xx, read in full (up to a bound) so that a backend can turn
 * it into the right exception.
 *
 * @param method      the request method
 * @param url         the request URL
 * @param status      the HTTP status
 * @param contentType the {@code Content-Type}, or empty
 * @param body        the body as text, cut at a size bound
 * @param retryAfter  the wait the server asked for with {@code Retry-After}, if any
 */
public record HttpErrorResponse(String method, String url, int status, String contentType, String body,
                                Optional<Duration> retryAfter) {

    /** Requires method, URL and {@code retryAfter}; a null content type or body becomes empty. */
    public HttpErrorResponse {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        contentType = Objects.requireNonNullElse(contentType, "");
        body = Objects.requireNonNullElse(body, "");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** A one-line excerpt of the body (see {@link ErrorBodies#excerpt}). */
    public String excerpt() {
        return ErrorBodies.excerpt(body, contentType);
    }

    /** {@link #excerpt()} withheld when the body repeats {@code token} (see {@link ErrorBodies#safeExcerpt}). */
    public String excerpt(Optional<BearerToken> token) {
        return ErrorBodies.safeExcerpt(body, contentType, token);
    }

    /** Whether the body is HTML, as a proxy or a web server in front of the backend would send. */
    public boolean isHtml() {
        return ErrorBodies.isHtml(body, contentType);
    }

    /** E.g. {@code POST http://127.0.0.1:11434/api/generate}. */
    public String request() {
        return method + " " + url;
    }
}
