package io.futurnal.llm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.AuthenticationException;
import io.futurnal.llm.BackendConnectionException;
import io.futurnal.llm.BackendFailureException;
import io.futurnal.llm.CancelledException;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.LlmTimeoutException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpTransportTest {

    private static final String SECRET = "tok-abcdef-123456";
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private volatile LocalServer current;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private LocalServer server() throws IOException {
        LocalServer s = new LocalServer();
        toClose.add(s);
        return s;
    }

    private HttpTransport transport(URI base, Duration read, RetryPolicy retry, int pool, Optional<TimeoutSetting> total) {
        HttpSettings settings = new HttpSettings(base,
                new TimeoutSetting(Duration.ofSeconds(2), "TEST_CONNECT_TIMEOUT"),
                new TimeoutSetting(read, "TEST_READ_TIMEOUT"), total,
                Optional.of(BearerToken.of(SECRET, "TEST_KEY")), retry, pool, HttpSettings.USER_AGENT);
        HttpTransport t = new HttpTransport(settings, ErrorTranslator.GENERIC, JsonSupport.newMapper());
        toClose.add(t);
        return t;
    }

    private HttpTransport transport(URI base) {
        return transport(base, Duration.ofSeconds(5), fastRetry(2), 4, Optional.empty());
    }

    private static RetryPolicy fastRetry(int retries) {
        return new RetryPolicy(retries, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2), Set.of(429, 503));
    }

    @Test
    void fetchesJsonAndSendsTheBearerToken() throws Exception {
        LocalServer s = server().on("/api/version", ex -> LocalServer.send(ex, 200, "application/json", "{\"version\":\"0.9.1\"}"));
        JsonNode node = transport(s.uri()).fetchJson(HttpCall.get("/api/version"), JsonNode.class);
        assertEquals("0.9.1", node.get("version").asText());
        assertEquals(List.of("Bearer " + SECRET), s.authorizations);
    }

    @Test
    void keepsTheBaseUrlPathPrefix() throws Exception {
        LocalServer s = server().on("/proxy/ollama/api/tags", ex -> LocalServer.send(ex, 200, "application/json", "{}"));
        HttpTransport t = transport(URI.create(s.uri() + "/proxy/ollama/"));
        t.fetch(HttpCall.get("/api/tags"));
        assertEquals(List.of("GET /proxy/ollama/api/tags"), s.requests);
    }

    @Test
    void refusedConnectionNamesTheUrl() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port);
        BackendConnectionException e = assertThrows(BackendConnectionException.class,
                () -> transport(base).fetch(HttpCall.get("/api/tags")));
        assertTrue(e.getMessage().contains("http://127.0.0.1:" + port + "/api/tags"), e.getMessage());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void readTimeoutWhileWaitingNamesTheTimeoutAndItsKey() throws Exception {
        current = server().on("/slow", ex -> {
            current.pause(2000);
            LocalServer.send(ex, 200, "text/plain", "late");
        });
        HttpTransport t = transport(current.uri(), Duration.ofMillis(200), fastRetry(0), 2, Optional.empty());
        LlmTimeoutException e = assertThrows(LlmTimeoutException.class, () -> t.fetch(HttpCall.get("/slow")));
        assertTrue(e.getMessage().contains("read timeout of 200 ms (set by TEST_READ_TIMEOUT)"), e.getMessage());
        assertTrue(e.getMessage().contains("waiting for the response"), e.getMessage());
    }


    @Test
    void aSlowButLiveStreamOutlastsTheReadTimeoutBetweenBytes() throws Exception {
        current = server().on("/stream", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < 6; i++) {
                current.pause(120);
                out.write(("{\"n\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.close();
        });
        // 6 gaps of 120 ms: 720 ms in all, far over the 300 ms read timeout, but never silent that long
        HttpTransport t = transport(current.uri(), Duration.ofMillis(300), fastRetry(0), 2, Optional.empty());
        try (Exchange ex = t.open(HttpCall.get("/stream"))) {
            int n = 0;
            while (ex.lines().next() != null) {
                n++;
            }
            assertEquals(6, n);
        }
    }

    @Test
    void totalTimeoutAbortsAStreamAndNamesItsSource() throws Exception {
        current = server().on("/stream", ex -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < 100; i++) {
                out.write("tick\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                current.pause(50);
            }
            out.close();
        });
        HttpTransport t = transport(current.uri(), Duration.ofSeconds(5), fastRetry(0), 2,
                Optional.of(new TimeoutSetting(Duration.ofMillis(300), "TEST_REQUEST_TIMEOUT")));
        long start = System.nanoTime();
        LlmTimeoutException e = assertThrows(LlmTimeoutException.class, () -> {
            try (Exchange ex = t.open(HttpCall.get("/stream"))) {
                while (ex.lines().next() != null) {
                    // keep reading until the deadline fires
                }
            }
        });
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 2000, "took " + ms + " ms");
        assertTrue(e.getMessage().contains("total request timeout of 300 ms (set by TEST_REQUEST_TIMEOUT)"), e.getMessage());
    }

    @Test
    void retriesBusyAnswersThenSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        LocalServer s = server().on("/api/generate", ex -> {
            if (calls.incrementAndGet() <= 2) {
                ex.getResponseHeaders().set("Retry-After", "0");
                LocalServer.send(ex, 503, "application/json", "{\"error\":\"server busy, please try again.\"}");
            } else {
                LocalServer.send(ex, 200, "application/json", "{\"ok\":true}");
            }
        });
        byte[] body = transport(s.uri()).fetch(HttpCall.post("/api/generate", "{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("{\"ok\":true}", new String(body, StandardCharsets.UTF_8));
        assertEquals(3, calls.get());
    }

    @Test
    void givesUpAfterTheLastRetryWithARetryableFailure() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        LocalServer s = server().on("/busy", ex -> {
            calls.incrementAndGet();
            LocalServer.send(ex, 503, "application/json", "{\"error\":\"server busy\"}");
        });
        BackendFailureException e = assertThrows(BackendFailureException.class, () -> transport(s.uri()).fetch(HttpCall.get("/busy")));
        assertEquals(3, calls.get());
        assertTrue(e.isRetryable());
        assertEquals(503, e.statusCode().orElseThrow());
        assertTrue(e.getMessage().contains("server busy"), e.getMessage());
    }

    @Test
    void doesNotSleepWhenTheServerAsksForTooLongAWait() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        LocalServer s = server().on("/busy", ex -> {
            calls.incrementAndGet();
            ex.getResponseHeaders().set("Retry-After", "3600");
            LocalServer.send(ex, 429, "text/plain", "slow down");
        });
        long start = System.nanoTime();
        BackendFailureException e = assertThrows(BackendFailureException.class, () -> transport(s.uri()).fetch(HttpCall.get("/busy")));
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
        assertEquals(1, calls.get());
        assertEquals(429, e.statusCode().orElseThrow());
    }

    @Test
    void mapsStatusesToTypedErrorsWithShortExcerpts() throws Exception {
        LocalServer s = server()
                .on("/html", ex -> LocalServer.send(ex, 500, "text/html",
                        "<html><head><title>500 Internal Server Error</title></head><body>" + "x".repeat(5000) + "</body></html>"))
                .on("/bad", ex -> LocalServer.send(ex, 400, "application/json", "{\"error\":\"model is required\"}"))
                .on("/auth", ex -> LocalServer.send(ex, 401, "application/json", "{\"error\":\"unauthorized\"}"));
        HttpTransport t = transport(s.uri());
        BackendFailureException html = assertThrows(BackendFailureException.class, () -> t.fetch(HttpCall.get("/html")));
        assertEquals(500, html.statusCode().orElseThrow());
        assertFalse(html.isRetryable());
        assertTrue(html.getMessage().endsWith("HTML page: 500 Internal Server Error"), html.getMessage());
        assertThrows(InvalidRequestException.class, () -> t.fetch(HttpCall.get("/bad")));
        AuthenticationException auth = assertThrows(AuthenticationException.class, () -> t.fetch(HttpCall.get("/auth")));
        assertFalse(auth.getMessage().contains(SECRET));
    }

    @Test
    void aHugeErrorBodyIsCutNotDrained() throws Exception {
        current = server().on("/huge", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(500, 0);
            OutputStream out = ex.getResponseBody();
            out.write("<html><head><title>Oops</title></head><body>".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 100; i++) {
                out.write("y".repeat(10_000).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            current.pause(10_000);
        });
        HttpTransport t = transport(current.uri(), Duration.ofSeconds(30), fastRetry(0), 1, Optional.empty());
        BackendFailureException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(BackendFailureException.class, () -> t.fetch(HttpCall.get("/huge"))));
        assertTrue(e.getMessage().endsWith("HTTP 500: HTML page: Oops"), e.getMessage());
        current.on("/small", ex -> LocalServer.send(ex, 200, "text/plain", "fine"));
        assertEquals("fine", new String(t.fetch(HttpCall.get("/small")), StandardCharsets.UTF_8), "the single pooled connection was freed");
    }

    @Test
    void abortFromAnotherThreadWakesABlockedReader() throws Exception {
        current = server().on("/stream", ex -> {
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write("first\n".getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
            current.pause(10_000);
        });
        HttpTransport t = transport(current.uri(), Duration.ofSeconds(30), fastRetry(0), 2, Optional.empty());
        Exchange ex = t.open(HttpCall.get("/stream"));
        assertEquals("first", ex.lines().next().text());
        new Thread(() -> {
            sleepQuietly(100);
            ex.abort();
        }).start();
        LlmException e = assertTimeoutPreemptively(Duration.ofSeconds(3),
                () -> assertThrows(CancelledException.class, () -> ex.lines().next()));
        assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
        assertTrue(ex.isAborted());
        ex.close();
    }

    @Test
    void closingAnUnfinishedStreamFreesItsPooledConnection() throws Exception {
        current = server().on("/stream", ex -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < 200; i++) {
                out.write("line\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                current.pause(20);
            }
            out.close();
        });
        HttpTransport t = transport(current.uri(), Duration.ofSeconds(2), fastRetry(0), 2, Optional.empty());
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 10; i++) {
                try (Exchange ex = t.open(HttpCall.get("/stream"))) {
                    assertEquals("line", ex.lines().next().text());
                }
            }
        });
        assertEquals(10, current.requests.size());
    }

    @Test
    void aDroppedConnectionMidStreamIsAConnectionFailure() throws Exception {
        current = server().on("/drop", ex -> {
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write("one\n".getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
            throw new IllegalStateException("drop the connection");
        });
        HttpTransport t = transport(current.uri());
        try (Exchange ex = t.open(HttpCall.get("/drop"))) {
            assertEquals("one", ex.lines().next().text());
            BackendConnectionException e = assertThrows(BackendConnectionException.class, () -> ex.lines().next());
            assertTrue(e.getMessage().contains("broke in the middle of the response"), e.getMessage());
        }
    }

    @Test
    void aServerThatNeverAnswersHitsTheReadTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            HttpTransport t = transport(URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                    Duration.ofMillis(200), fastRetry(0), 1, Optional.empty());
            long start = System.nanoTime();
            assertThrows(LlmTimeoutException.class, () -> t.fetch(HttpCall.get("/")));
            assertTrue(System.nanoTime() - start < 2_000_000_000L);
        }
    }

    @Test
    void aClosedTransportRefusesNewCallsAndClosesTwiceQuietly() throws Exception {
        LocalServer s = server();
        HttpTransport t = transport(s.uri());
        t.close();
        t.close();
        assertTrue(t.isClosed());
        assertThrows(IllegalStateException.class, () -> t.exchange(HttpCall.get("/")));
    }

    @Test
    void badJsonIsABackendFailureWithAnExcerpt() throws Exception {
        LocalServer s = server().on("/json", ex -> LocalServer.send(ex, 200, "application/json", "<html>not json</html>"));
        BackendFailureException e = assertThrows(BackendFailureException.class,
                () -> transport(s.uri()).fetchJson(HttpCall.get("/json"), JsonNode.class));
        assertTrue(e.getMessage().contains("not json"), e.getMessage());
    }

    @Test
    void aBodylessAnswerReadsAsEmpty() throws Exception {
        LocalServer s = server().on("/empty", ex -> LocalServer.send(ex, 200, "text/plain", ""));
        try (Exchange ex = transport(s.uri()).open(HttpCall.get("/empty"))) {
            assertNull(ex.lines().next());
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
