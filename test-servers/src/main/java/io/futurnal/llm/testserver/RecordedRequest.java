package io.futurnal.llm.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One request a fake server received: what was sent, and what became of the response (whether
 * the client went away in the middle of it). Thread-safe.
 */
public final class RecordedRequest {

    private final Instant receivedAt = Instant.now();
    private final InetSocketAddress remoteAddress;
    private final String method;
    private final String path;
    private final String query;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final JsonNode json;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean clientGone;
    private volatile int chunksWritten;

    RecordedRequest(InetSocketAddress remoteAddress, String method, String path, String query,
                    Map<String, List<String>> headers, byte[] body, JsonNode json) {
        this.remoteAddress = remoteAddress;
        this.method = method;
        this.path = path;
        this.query = query;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.headers = copy;
        this.body = body.clone();
        this.json = json == null ? MissingNode.getInstance() : json;
    }

    /** When the request arrived. */
    public Instant receivedAt() {
        return receivedAt;
    }

    /**
     * The client's address and port: requests that share it came over the same (kept-alive)
     * connection, so tests can tell a reused connection from a new one.
     */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** {@code GET}, {@code POST}, ... */
    public String method() {
        return method;
    }

    /** The path, without the query. */
    public String path() {
        return path;
    }

    /** The raw query, or empty. */
    public String query() {
        return query == null ? "" : query;
    }

    /** The first value of a header, ignoring case. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every header, names compared without case. */
    public Map<String, List<String>> headers() {
        return java.util.Collections.unmodifiableMap(headers);
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON, or a missing node when it was empty or not JSON. */
    public JsonNode json() {
        return json;
    }

    /**
     * A field of the JSON body by a dotted path, e.g. {@code options.num_ctx} or
     * {@code messages.0.role}; a missing node when absent.
     */
    public JsonNode field(String dottedPath) {
        JsonNode node = json;
        for (String part : dottedPath.split("\\.")) {
            node = node.isArray() && part.chars().allMatch(Character::isDigit) ? node.path(Integer.parseInt(part)) : node.path(part);
        }
        return node;
    }

    /** How many chunks of a streamed answer were written before it ended. */
    public int chunksWritten() {
        return chunksWritten;
    }

    /** Whether the client closed the connection before the server finished answering. */
    public boolean clientGone() {
        return clientGone;
    }

    /** Waits until the server has finished with this request (answered, failed, or lost the client). */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Waits until the server saw the client go away mid-answer; false when it did not within {@code timeout}. */
    public boolean awaitClientGone(Duration timeout) throws InterruptedException {
        return awaitFinished(timeout) && clientGone;
    }

    void chunkWritten() {
        chunksWritten++;
    }

    void markClientGone() {
        clientGone = true;
    }

    void markFinished() {
        finished.countDown();
    }

    @Override
    public String toString() {
        return method + " " + path + (query == null ? "" : "?" + query) + " " + bodyText()
                + (clientGone ? " (client went away)" : "");
    }

    /** The header names as the JDK server reports them, lower-cased, for assertions on what was sent. */
    public java.util.Set<String> headerNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        headers.keySet().forEach(k -> names.add(k.toLowerCase(Locale.ROOT)));
        return names;
    }
}
