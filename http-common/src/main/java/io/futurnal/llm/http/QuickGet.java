package io.futurnal.llm.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Availability probes' {@code GET}s on the JDK's own {@link HttpURLConnection}. In a fresh JVM,
 * building a pooled Apache client and a Jackson mapper costs about 0.6 s of class loading, more
 * than the default 500 ms probe deadline; this costs about 50 ms. The exchanges run on a daemon
 * helper thread so that the caller returns at the deadline, or at once when interrupted, whatever
 * the socket is doing; the connection is then closed, which wakes the helper. It has no pool, no
 * retry and no streaming, so use {@link HttpTransport} for everything else.
 */
public final class QuickGet {

    /** The most of a body {@link #get} reads: 1 MiB. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    /** How close to the deadline an unchecked failure counts as the deadline's doing. */
    private static final long DEADLINE_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "futurnal-llm-probe");
        t.setDaemon(true);
        return t;
    });

    private QuickGet() {
    }

    /**
     * A whole response.
     *
     * @param status      the HTTP status
     * @param contentType the {@code Content-Type}, or empty
     * @param body        the body as UTF-8 text, cut at the reader's limit
     */
    public record Response(int status, String contentType, String body) {
        /** Turns a null content type or body into an empty string. */
        public Response {
            contentType = Objects.requireNonNullElse(contentType, "");
            body = Objects.requireNonNullElse(body, "");
        }

        /** A one-line excerpt of the body (see {@link ErrorBodies#excerpt}). */
        public String excerpt() {
            return ErrorBodies.excerpt(body, contentType);
        }
    }

    /** One or more GETs that share a deadline; see {@link #within}. */
    @FunctionalInterface
    public interface Exchanges<T> {
        /** Sends the GETs through {@code session} and makes the result of them. */
        T run(Session session) throws IOException;
    }

    /** Sends GETs until the deadline of {@link #within}; after it, every GET fails at once. */
    public static final class Session {
        private final long deadline;
        private final Optional<BearerToken> token;
        private final int maxBodyBytes;
        private volatile HttpURLConnection current;
        private volatile boolean stopped;

        private Session(long deadline, Optional<BearerToken> token, int maxBodyBytes) {
            this.deadline = deadline;
            this.token = token;
            this.maxBodyBytes = maxBodyBytes;
        }

        /**
         * Sends {@code GET url}, with no proxy, no redirects and no kept-alive connection, and reads
         * the answer; the connect and every read wait at most until the deadline.
         *
         * @throws IOException as the JDK raised it: {@link java.net.ConnectException} when refused,
         *                     {@link SocketTimeoutException} when the connect or a read timed out
         */
        public Response get(URI url) throws IOException {
            if (stopped) {
                throw new IOException("the probe was stopped");
            }
            URLConnection opened = url.toURL().openConnection(Proxy.NO_PROXY);
            if (!(opened instanceof HttpURLConnection c)) {
                throw new IOException(url + " is not an http(s) URL");
            }
            current = c;
            try {
                c.setInstanceFollowRedirects(false);
                c.setUseCaches(false);
                c.setConnectTimeout(millisLeft());
                c.setReadTimeout(millisLeft());
                c.setRequestProperty("Accept", "application/json");
                c.setRequestProperty("Connection", "close");
                c.setRequestProperty("User-Agent", HttpSettings.USER_AGENT);
                token.ifPresent(t -> c.setRequestProperty("Authorization", t.headerValue()));
                c.connect();
                c.setReadTimeout(millisLeft());
                int status = c.getResponseCode();
                InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
                byte[] body = in == null ? new byte[0] : in.readNBytes(maxBodyBytes);
                if (in != null) {
                    in.close();
                }
                return new Response(status, c.getContentType(), new String(body, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                throw unchecked(e);
            } finally {
                c.disconnect();
            }
        }

        /**
         * HttpURLConnection can fail with an unchecked exception (a NullPointerException inside the
         * JDK) when a read timeout and a disconnect meet at the deadline; that is a timeout, and
         * anything else it throws unchecked is still an I/O failure of this GET.
         */
        private IOException unchecked(RuntimeException e) {
            if (stopped || deadline - System.nanoTime() < DEADLINE_SLACK_NANOS) {
                SocketTimeoutException timeout = new SocketTimeoutException("no answer before the deadline");
                timeout.initCause(e);
                return timeout;
            }
            return new IOException("the JDK's HTTP client failed: " + e, e);
        }

        private int millisLeft() {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
        }

        private void stop() {
            stopped = true;
            HttpURLConnection c = current;
            if (c != null) {
                c.disconnect();
            }
        }
    }

    /**
     * Sends {@code GET url} (see {@link Session#get}) with {@code token}, reading at most
     * {@link #MAX_BODY_BYTES}, and returns within {@code timeout}.
     *
     * @param token sent as {@code Authorization: Bearer …} when present; never logged
     * @throws IOException as for {@link #within}
     */
    public static Response get(URI url, Duration timeout, Optional<BearerToken> token) throws IOException {
        return within(timeout, token, MAX_BODY_BYTES, session -> session.get(url));
    }

    /**
     * Runs {@code exchanges} on a helper thread and waits for them at most {@code timeout}, counted
     * from now for all of their GETs together.
     *
     * @param token        sent as {@code Authorization: Bearer …} on every GET when present; never logged
     * @param maxBodyBytes the most of each body that is read
     * @throws SocketTimeoutException  when the deadline passed (or a connect or read timed out)
     * @throws InterruptedIOException  when the calling thread was interrupted; its interrupt flag stays set
     * @throws IOException             any other failure of a GET, as the JDK raised it
     *                                 ({@link java.net.ConnectException} when refused)
     */
    public static <T> T within(Duration timeout, Optional<BearerToken> token, int maxBodyBytes, Exchanges<T> exchanges)
            throws IOException {
        long nanos = Math.max(1, timeout.toNanos());
        Session session = new Session(System.nanoTime() + nanos, token, maxBodyBytes);
        Future<T> result = HELPERS.submit(() -> exchanges.run(session));
        try {
            return result.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the answer");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        } finally {
            session.stop();
            result.cancel(true);
        }
    }
}
