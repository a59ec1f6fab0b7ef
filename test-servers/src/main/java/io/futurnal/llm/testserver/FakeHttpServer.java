package io.futurnal.llm.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared part of every fake server: a JDK HTTP server on {@code 127.0.0.1} and an ephemeral
 * port, a thread per request, routing by method and exact path, a log of every request, a
 * {@link FaultInjector}, an optional bearer-token check, and a delay between streamed chunks.
 * Subclasses register routes and say how their protocol spells an error.
 *
 * <p>{@link #close()} wakes every handler that is waiting (slow first byte, stalls, never-answer)
 * and stops the server; the threads are daemons, so a forgotten server never keeps a JVM alive.
 */
public abstract class FakeHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FakeHttpServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // the JDK server leaves Nagle on by default; with the client's delayed ACKs that adds ~40 ms
        // to every small answer, which would swamp any latency a test or benchmark measures. The
        // JDK reads this once, when its first server starts.
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    /** Answers one request. */
    @FunctionalInterface
    protected interface Route {
        /** Writes the answer to {@code request} through {@code out}. */
        void handle(RecordedRequest request, Responder out) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<RecordedRequest> log = new CopyOnWriteArrayList<>();
    private final FaultInjector faults = new FaultInjector();
    private final Map<String, Map<String, Route>> routes = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile String requiredToken;
    private volatile Duration chunkDelay = Duration.ZERO;
    private volatile boolean recording = true;

    /** Binds to the loopback address on an ephemeral port; call {@link #start()} once the routes are in place. */
    protected FakeHttpServer(String threadName) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback port for the fake server", e);
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Starts answering. */
    protected final void start() {
        server.start();
        LOG.debug("{} listening on {}", getClass().getSimpleName(), baseUri());
    }

    /** Registers {@code route} for {@code method} on exactly {@code path}. */
    protected final void route(String method, String path, Route route) {
        routes.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).put(method, route);
    }

    /** The protocol's JSON error body for {@code message}. */
    protected abstract String errorJson(String message);

    /** The line a stream carries to report an error mid-stream; by default {@link #errorJson}. */
    protected String streamErrorLine(String message) {
        return errorJson(message);
    }

    /** The Jackson mapper the servers share. */
    protected static ObjectMapper mapper() {
        return JSON;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public final URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The port the server listens on. */
    public final int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:<port>}, the form environment variables such as {@code OLLAMA_HOST} take. */
    public final String hostAndPort() {
        return "127.0.0.1:" + port();
    }

    /** The faults to inject into coming requests. */
    public final FaultInjector faults() {
        return faults;
    }

    /** Every request received so far, oldest first. */
    public final List<RecordedRequest> requests() {
        return List.copyOf(log);
    }

    /** The requests to {@code path}, oldest first. */
    public final List<RecordedRequest> requests(String path) {
        return log.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** The latest request to {@code path}. @throws AssertionError when there was none */
    public final RecordedRequest lastRequest(String path) {
        List<RecordedRequest> matching = requests(path);
        if (matching.isEmpty()) {
            throw new AssertionError("no request to " + path + " was received; got " + log);
        }
        return matching.get(matching.size() - 1);
    }

    /** Forgets the requests received so far. */
    public final void clearRequests() {
        log.clear();
    }

    /** Turns the request log on or off (benchmarks turn it off so it does not grow). */
    public final void recordRequests(boolean on) {
        recording = on;
    }

    /** Answers 401 unless a request carries {@code Authorization: Bearer <token>}; {@code null} turns the check off. */
    public final void requireBearerToken(String token) {
        requiredToken = token;
    }

    /** Waits this long before each streamed chunk; zero (the default) streams as fast as possible. */
    public final void chunkDelay(Duration delay) {
        chunkDelay = Objects.requireNonNull(delay, "delay");
    }

    /** The delay before each streamed chunk. */
    public final Duration chunkDelay() {
        return chunkDelay;
    }

    /** Requests being answered right now. */
    public final int inFlight() {
        return inFlight.get();
    }

    /** Waits {@code delay}, or less when the server closes; false when it is closing. */
    protected final boolean pause(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return closing.getCount() > 0;
        }
        try {
            return !closing.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the server, waking every waiting handler and closing every connection. Idempotent. */
    @Override
    public void close() {
        if (closing.getCount() == 0) {
            return;
        }
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        RecordedRequest request = null;
        boolean drop = false;
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            URI uri = exchange.getRequestURI();
            request = new RecordedRequest(exchange.getRemoteAddress(), exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(),
                    exchange.getRequestHeaders(), body, parse(body));
            if (recording) {
                log.add(request);
            }
            Optional<Fault> fault = faults.take(request.path());
            Responder out = new Responder(this, exchange, request, fault.orElse(null));
            dispatch(request, out, fault);
        } catch (Responder.DropConnection e) {
            drop = true;
            throw e;
        } catch (IOException e) {
            if (request != null) {
                request.markClientGone();
            }
        } catch (RuntimeException e) {
            LOG.warn("fake server route failed on {}", request, e);
            drop = true;
            throw e;
        } finally {
            if (!drop) {
                exchange.close();
            }
            if (request != null) {
                request.markFinished();
            }
            inFlight.decrementAndGet();
        }
    }

    private void dispatch(RecordedRequest request, Responder out, Optional<Fault> fault) throws IOException {
        if (fault.isPresent()) {
            Fault f = fault.get();
            if (f instanceof Fault.NeverAnswer) {
                pause(Duration.ofDays(1));
                throw new Responder.DropConnection();
            }
            if (f instanceof Fault.SlowFirstByte s && !pause(s.delay())) {
                throw new Responder.DropConnection();
            }
            if (f instanceof Fault.Status s) {
                out.raw(s);
                return;
            }
        }
        String token = requiredToken;
        if (token != null && !request.header("Authorization").filter(("Bearer " + token)::equals).isPresent()) {
            out.json(401, errorJson("unauthorized"));
            return;
        }
        Map<String, Route> byMethod = routes.get(request.path());
        if (byMethod == null) {
            out.text(404, "text/plain", "404 page not found");
            return;
        }
        Route route = byMethod.get(request.method());
        if (route == null) {
            out.text(405, "text/plain", "405 method not allowed");
            return;
        }
        route.handle(request, out);
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
