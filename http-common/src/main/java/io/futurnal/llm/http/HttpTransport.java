package io.futurnal.llm.http;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.futurnal.llm.BackendFailureException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;

/**
 * The HTTP side of one backend client: a pooled connection to one server, its settings and its
 * error translation. Thread-safe; every call gets its own {@link Exchange}.
 */
public final class HttpTransport implements AutoCloseable {

    /** The largest whole (non-streamed) body read into memory: 64 MiB. */
    public static final int MAX_BODY_BYTES = 64 << 20;

    private final HttpSettings settings;
    private final ErrorTranslator translator;
    private final ObjectMapper mapper;
    private final CloseableHttpClient client;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A transport with its own connection pool, built from {@code settings}. */
    public HttpTransport(HttpSettings settings, ErrorTranslator translator, ObjectMapper mapper) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.translator = Objects.requireNonNull(translator, "translator");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.client = PooledHttpClients.create(settings);
    }

    /** The settings this transport was built with. */
    public HttpSettings settings() {
        return settings;
    }

    /** The JSON mapper used for bodies. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** The absolute URL of {@code path}, for messages. */
    public String url(String path) {
        return settings.resolve(path).toString();
    }

    /**
     * A new exchange for {@code call}, not yet sent: keep it where another thread can
     * {@linkplain Exchange#abort() abort} it, then {@linkplain Exchange#open() open} it.
     *
     * @throws IllegalStateException when the transport is closed
     */
    public Exchange exchange(HttpCall call) {
        if (closed.get()) {
            throw new IllegalStateException("this client is closed");
        }
        return new Exchange(this, call);
    }

    /** Sends {@code call} and returns the open exchange; close it when done. */
    public Exchange open(HttpCall call) {
        return exchange(call).open();
    }

    /** Sends {@code call} and returns its whole body. */
    public byte[] fetch(HttpCall call) {
        try (Exchange exchange = open(call)) {
            return exchange.readBody(MAX_BODY_BYTES);
        }
    }

    /**
     * Sends {@code call} and reads its JSON body as {@code type}.
     *
     * @throws BackendFailureException when the body is not the expected JSON
     */
    public <T> T fetchJson(HttpCall call, Class<T> type) {
        return fetchJson(call, mapper.constructType(type));
    }

    /** Sends {@code call} and reads its JSON body as {@code type} (for generic types). */
    public <T> T fetchJson(HttpCall call, JavaType type) {
        byte[] body = fetch(call);
        return parse(body, type, call.method() + " " + url(call.path()));
    }

    /**
     * Parses a JSON body.
     *
     * @param source what sent it, for the message
     * @throws BackendFailureException when it is not the expected JSON
     */
    public <T> T parse(byte[] body, JavaType type, String source) {
        try {
            return mapper.readValue(body, type);
        } catch (IOException e) {
            String text = new String(body, StandardCharsets.UTF_8);
            throw new BackendFailureException(source + " answered with something other than the expected JSON ("
                    + e.getClass().getSimpleName() + "): " + ErrorBodies.excerpt(text, null), e);
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Closes every pooled connection, aborting exchanges still running. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.close(CloseMode.IMMEDIATE);
        }
    }

    CloseableHttpClient client() {
        return client;
    }

    ErrorTranslator translator() {
        return translator;
    }
}
