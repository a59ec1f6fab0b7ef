package io.futurnal.llm.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;

/** Reads a non-2xx response into an {@link HttpErrorResponse} and releases its connection. */
final class ErrorResponses {

    /** The most of an error body that is read. */
    static final int MAX_ERROR_BODY = 64 * 1024;

    private ErrorResponses() {
    }

    /**
     * Reads up to {@link #MAX_ERROR_BODY} of the body; a longer one is cut and its connection
     * aborted rather than drained. A body that cannot be read is described instead.
     *
     * @throws IOException only when the request was aborted meanwhile
     */
    static HttpErrorResponse read(String method, String url, HttpUriRequestBase request, ClassicHttpResponse r)
            throws IOException {
        String body = "";
        String contentType = "";
        HttpEntity entity = r.getEntity();
        try {
            if (entity != null) {
                contentType = entity.getContentType() == null ? "" : entity.getContentType();
                try (InputStream in = entity.getContent()) {
                    byte[] bytes = in.readNBytes(MAX_ERROR_BODY);
                    body = new String(bytes, StandardCharsets.UTF_8);
                    if (bytes.length == MAX_ERROR_BODY) {
                        request.cancel();
                    }
                }
            }
        } catch (IOException e) {
            if (request.isCancelled() && body.isEmpty()) {
                throw e;
            }
            body = body.isEmpty() ? "(the body could not be read: " + e.getMessage() + ")" : body;
        } finally {
            try {
                r.close();
            } catch (IOException | RuntimeException ignored) {
                // the connection is discarded either way
            }
        }
        Header retryAfter = r.getFirstHeader(HttpHeaders.RETRY_AFTER);
        return new HttpErrorResponse(method, url, r.getCode(), contentType, body,
                RetryPolicy.parseRetryAfter(retryAfter == null ? null : retryAfter.getValue(), Instant.now()));
    }
}
