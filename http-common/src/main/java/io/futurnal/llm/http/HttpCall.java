package io.futurnal.llm.http;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to send: method, path under the base URL, an optional JSON body, and an optional
 * total timeout that replaces the transport's default one.
 *
 * @param method       {@code GET}, {@code POST}, {@code DELETE}, {@code HEAD}, ...
 * @param path         the path under the base URL, e.g. {@code /api/chat}
 * @param jsonBody     the request body as JSON bytes, or {@code null} for none
 * @param accept       the {@code Accept} header, or {@code null} to send none
 * @param totalTimeout a limit on the whole exchange, body included; empty means the transport's
 *                     {@link HttpSettings#requestTimeout()}
 */
public record HttpCall(String method, String path, byte[] jsonBody, String accept, Optional<TimeoutSetting> totalTimeout) {

    /** Requires method, path and timeout option; the method is upper-cased. */
    public HttpCall {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(totalTimeout, "totalTimeout");
    }

    /** A GET without a body. */
    public static HttpCall get(String path) {
        return new HttpCall("GET", path, null, null, Optional.empty());
    }

    /** A HEAD request. */
    public static HttpCall head(String path) {
        return new HttpCall("HEAD", path, null, null, Optional.empty());
    }

    /** A POST with a JSON body. */
    public static HttpCall post(String path, byte[] jsonBody) {
        return new HttpCall("POST", path, jsonBody, null, Optional.empty());
    }

    /** A DELETE with a JSON body (Ollama's {@code /api/delete} takes one). */
    public static HttpCall delete(String path, byte[] jsonBody) {
        return new HttpCall("DELETE", path, jsonBody, null, Optional.empty());
    }

    /** A copy with this {@code Accept} header. */
    public HttpCall accept(String mediaType) {
        return new HttpCall(method, path, jsonBody, mediaType, totalTimeout);
    }

    /** A copy with a total timeout of its own; {@code null} keeps the transport's default. */
    public HttpCall timeout(TimeoutSetting timeout) {
        return new HttpCall(method, path, jsonBody, accept, Optional.ofNullable(timeout));
    }

    @Override
    public String toString() {
        return method + " " + path + (jsonBody == null ? "" : " (" + jsonBody.length + " bytes of JSON)");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpCall c && c.method.equals(method) && c.path.equals(path)
                && java.util.Arrays.equals(c.jsonBody, jsonBody) && Objects.equals(c.accept, accept)
                && c.totalTimeout.equals(totalTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, java.util.Arrays.hashCode(jsonBody), accept, totalTimeout);
    }
}
