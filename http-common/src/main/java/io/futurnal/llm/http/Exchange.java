package io.futurnal.llm.http;

import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.CancelledException;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.LlmTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP exchange that can be aborted from any thread. {@link #open()} sends the request, waits
 * out busy answers by the transport's {@link RetryPolicy}, and returns once a 2xx status arrived;
 * the body is then read with {@link #lines()} or {@link #readBody(int)}. {@link #abort()} closes the
 * connection at once, which wakes a reader blocked on it; {@link #close()} hands a fully read
 * connection back to the pool for reuse, and aborts one that was not (so it never waits for the
 * rest of a long generation to drain).
 */
public final class Exchange implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    private enum AbortReason { CANCELLED, TIMED_OUT }

    private final HttpTransport transport;
    private final HttpCall call;
    private final String url;
    private final Optional<TimeoutSetting> totalTimeout;
    private final CountDownLatch abortSignal = new CountDownLatch(1);
    private final AtomicReference<AbortReason> abortReason = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile HttpUriRequestBase current;
    private volatile ScheduledFuture<?> deadline;
    private ClassicHttpResponse response;
    private LineReader lines;
    private boolean bodyConsumed;
    private long startNanos;

    Exchange(HttpTransport transport, HttpCall call) {
        this.transport = transport;
        this.call = call;
        this.url = transport.settings().resolve(call.path()).toString();
        this.totalTimeout = call.totalTimeout().or(() -> transport.settings().requestTimeout());
    }

    /**
     * Sends the request and waits for a successful status, retrying busy answers.
     *
     * @return this exchange, now open
     * @throws LlmException the translated error for a non-2xx status, or the mapped I/O failure
     */
    public Exchange open() {
        if (startNanos != 0) {
            throw new IllegalStateException("this exchange was already opened");
        }
        startNanos = System.nanoTime();
        totalTimeout.ifPresent(t -> deadline = Deadlines.schedule(() -> abort(AbortReason.TIMED_OUT), t.value()));
        try {
            return send();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Exchange send() {
        RetryPolicy retry = transport.settings().retry();
        boolean staleConnectionRetried = false;
        for (int attempt = 1; ; attempt++) {
            HttpUriRequestBase request = newRequest();
            current = request;
            if (abortReason.get() != null) {
                request.cancel();
                throw abortedError(null);
            }
            ClassicHttpResponse r;
            try {
                r = transport.client().executeOpen(null, request, null);
            } catch (NoHttpResponseException e) {
                // a kept-alive connection the server had already closed: the request was not processed
                if (!staleConnectionRetried && abortReason.get() == null) {
                    staleConnectionRetried = true;
                    attempt--;
                    continue;
                }
                throw failure(e, IoFailures.Phase.WAITING_FOR_RESPONSE);
            } catch (IOException e) {
                throw failure(e, IoFailures.Phase.WAITING_FOR_RESPONSE);
            }
            int status = r.getCode();
            if (status >= 200 && status < 300) {
                response = r;
                LOG.debug("{} {} -> {} after {} ms", call.method(), url, status, elapsedMillis());
                return this;
            }
            HttpErrorResponse error = readError(request, r);
            Optional<Duration> wait = retry.retries(status) ? retry.delayBefore(attempt, error.retryAfter()) : Optional.empty();
            if (wait.isPresent() && fitsDeadline(wait.get())) {
                LOG.info("{} {} answered HTTP {} ({}); retry {} of {} in {} ms", call.method(), url, status,
                        error.excerpt(transport.settings().token()), attempt, retry.maxRetries(), wait.get().toMillis());
                sleep(wait.get());
                continue;
            }
            LOG.debug("{} {} -> {} after {} ms: {}", call.method(), url, status, elapsedMillis(),
                    error.excerpt(transport.settings().token()));
            throw transport.translator().translate(error);
        }
    }

    /** The status of the open response. */
    public int status() {
        return requireOpen().getCode();
    }

    /** A response header, if present. */
    public Optional<String> header(String name) {
        Header h = requireOpen().getFirstHeader(name);
        return h == null ? Optional.empty() : Optional.ofNullable(h.getValue());
    }

    /** The request URL, for messages. */
    public String url() {
        return url;
    }

    /** The body, line by line as it arrives. The same reader is returned on each call. */
    public LineReader lines() {
        if (lines == null) {
            lines = new LineReader(bodyStream(), e -> failure(e, IoFailures.Phase.READING_BODY),
                    LineReader.DEFAULT_MAX_LINE_BYTES, url);
        }
        return lines;
    }

    /**
     * The whole body.
     *
     * @throws BackendFailureException when it is longer than {@code maxBytes}
     */
    public byte[] readBody(int maxBytes) {
        try (InputStream in = bodyStream()) {
            byte[] bytes = in.readNBytes(maxBytes);
            if (in.read() >= 0) {
                throw new BackendFailureException(url + " sent a response larger than " + maxBytes + " bytes");
            }
            bodyConsumed = true;
            return bytes;
        } catch (IOException e) {
            throw failure(e, IoFailures.Phase.READING_BODY);
        }
    }

    /** Aborts the exchange: closes its connection now. Safe from any thread, at any time, more than once. */
    public void abort() {
        abort(AbortReason.CANCELLED);
    }

    /** Whether {@link #abort()} or the total timeout stopped this exchange. */
    public boolean isAborted() {
        return abortReason.get() != null;
    }

    /** Releases the connection: back to the pool when the body was read to its end, closed otherwise. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> d = deadline;
        if (d != null) {
            d.cancel(false);
        }
        ClassicHttpResponse r = response;
        if (r == null) {
            return;
        }
        boolean complete = bodyConsumed || (lines != null && lines.atEnd()) || r.getEntity() == null;
        if (!complete) {
            HttpUriRequestBase request = current;
            if (request != null) {
                request.cancel();
            }
        }
        closeQuietly(r);
        LOG.debug("{} {} closed after {} ms{}", call.method(), url, elapsedMillis(), complete ? "" : " (aborted before the end)");
    }

    private void abort(AbortReason reason) {
        if (abortReason.compareAndSet(null, reason)) {
            abortSignal.countDown();
            HttpUriRequestBase request = current;
            if (request != null) {
                request.cancel();
            }
        }
    }

    private HttpUriRequestBase newRequest() {
        HttpUriRequestBase request = new HttpUriRequestBase(call.method(), transport.settings().resolve(call.path()));
        if (call.jsonBody() != null) {
            request.setEntity(new ByteArrayEntity(call.jsonBody(), ContentType.APPLICATION_JSON));
        }
        if (call.accept() != null) {
            request.setHeader(HttpHeaders.ACCEPT, call.accept());
        }
        transport.settings().token().ifPresent(t -> request.setHeader(HttpHeaders.AUTHORIZATION, t.headerValue()));
        return request;
    }

    private HttpErrorResponse readError(HttpUriRequestBase request, ClassicHttpResponse r) {
        try {
            return ErrorResponses.read(call.method(), url, request, r);
        } catch (IOException e) {
            throw abortedError(e);
        }
    }

    private boolean fitsDeadline(Duration wait) {
        return totalTimeout.isEmpty()
                || System.nanoTime() - startNanos + wait.toNanos() < totalTimeout.get().value().toNanos();
    }

    private void sleep(Duration wait) {
        try {
            if (abortSignal.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw abortedError(null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("interrupted while waiting to retry " + call.method() + " " + url, e);
        }
    }

    private LlmException failure(IOException e, IoFailures.Phase phase) {
        return abortReason.get() != null ? abortedError(e) : IoFailures.map(e, url, transport.settings(), phase);
    }

    private LlmException abortedError(IOException cause) {
        if (abortReason.get() == AbortReason.TIMED_OUT) {
            TimeoutSetting t = totalTimeout.orElseThrow();
            return new LlmTimeoutException(call.method() + " " + url + " took longer than the total request timeout of "
                    + t.describe() + "; raise it, or unset it for no limit", cause);
        }
        return new CancelledException(call.method() + " " + url + " was cancelled", cause);
    }

    private InputStream bodyStream() {
        HttpEntity entity = requireOpen().getEntity();
        if (entity == null) {
            return InputStream.nullInputStream();
        }
        try {
            return entity.getContent();
        } catch (IOException e) {
            throw failure(e, IoFailures.Phase.READING_BODY);
        }
    }

    private ClassicHttpResponse requireOpen() {
        if (response == null) {
            throw new IllegalStateException("the exchange is not open; call open() first");
        }
        return response;
    }

    private long elapsedMillis() {
        return startNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static void closeQuietly(ClassicHttpResponse r) {
        try {
            r.close();
        } catch (IOException | RuntimeException ignored) {
            // the connection is discarded either way
        }
    }
}
