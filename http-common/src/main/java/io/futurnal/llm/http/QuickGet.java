package io.futurnal.llm.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code GET} on the JDK's own {@link HttpURLConnection}, for availability probes. In a fresh
 * JVM, building a pooled Apache client and a Jackson mapper costs about 0.6 s of class loading,
 * more than the default 500 ms probe deadline; this costs about 50 ms. It has no pool, no retry
 * and no streaming, so use {@link HttpTransport} for everything else.
 */
public final class QuickGet {

    /** The most of a body that is read: 1 MiB. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private QuickGet() {
    }

    /**
     * A whole response.
     *
     * @param status      the HTTP status
     * @param contentType the {@code Content-Type}, or empty
     * @param body        the body as UTF-8 text, cut at {@link #MAX_BODY_BYTES}
     */
    public record Response(int status, String contentType, String body) {
        public Response {
            contentType = Objects.requireNonNullElse(contentType, "");
            body = Objects.requireNonNullElse(body, "");
        }

        /** A one-line excerpt of the body (see {@link ErrorBodies#excerpt}). */
        public String excerpt() {
            return ErrorBodies.excerpt(body, contentType);
        }
    }

    /**
     * Sends {@code GET url}, with no proxy and no redirects, and reads the answer. The connect
     * takes at most {@code timeout}, and connect plus reading the status line and body at most
     * about {@code timeout} more, so the whole call ends within twice {@code timeout} at worst.
     *
     * @param token sent as {@code Authorization: Bearer …} when present; never logged
     * @throws IOException as the JDK raised it: {@link java.net.ConnectException} when refused,
     *                     {@link java.net.SocketTimeoutException} when the connect or a read timed out
     */
    public static Response get(URI url, Duration timeout, Optional<BearerToken> token) throws IOException {
        long start = System.nanoTime();
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        URLConnection opened = url.toURL().openConnection(Proxy.NO_PROXY);
        if (!(opened instanceof HttpURLConnection c)) {
            throw new IOException(url + " is not an http(s) URL");
        }
        try {
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setConnectTimeout(millis);
            c.setRequestProperty("Accept", "application/json");
            c.setRequestProperty("User-Agent", HttpSettings.USER_AGENT);
            token.ifPresent(t -> c.setRequestProperty("Authorization", t.headerValue()));
            c.setReadTimeout(millis);
            c.connect();
            long left = millis - (System.nanoTime() - start) / 1_000_000;
            c.setReadTimeout((int) Math.max(1, left));
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] body = in == null ? new byte[0] : in.readNBytes(MAX_BODY_BYTES);
            if (in != null) {
                in.close();
            }
            return new Response(status, c.getContentType(), new String(body, StandardCharsets.UTF_8));
        } finally {
            c.disconnect();
        }
    }
}
