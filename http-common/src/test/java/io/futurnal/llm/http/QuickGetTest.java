package io.futurnal.llm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QuickGetTest {

    private static final String SECRET = "sk-quick-0123456789";

    @Test
    void readsStatusTypeAndBodyAndSendsTheToken() throws Exception {
        try (LocalServer s = new LocalServer().on("/models", ex -> LocalServer.send(ex, 200, "application/json", "{\"data\":[]}"))) {
            QuickGet.Response r = QuickGet.get(URI.create(s.uri() + "/models"), Duration.ofSeconds(5),
                    Optional.of(BearerToken.of(SECRET, "test")));
            assertEquals(200, r.status());
            assertEquals("application/json", r.contentType());
            assertEquals("{\"data\":[]}", r.body());
            assertEquals(List.of("Bearer " + SECRET), s.authorizations);
        }
    }

    @Test
    void anErrorStatusKeepsItsBodyCutAtTheLimit() throws Exception {
        try (LocalServer s = new LocalServer().on("/", ex -> LocalServer.send(ex, 503, "text/plain", "x".repeat(100)))) {
            QuickGet.Response r = QuickGet.within(Duration.ofSeconds(5), Optional.empty(), 10,
                    session -> session.get(URI.create(s.uri() + "/")));
            assertEquals(503, r.status());
            assertEquals("x".repeat(10), r.body());
        }
    }

    @Test
    void aRefusedConnectionIsAConnectException() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/");
        assertThrows(ConnectException.class, () -> QuickGet.get(url, Duration.ofSeconds(5), Optional.empty()));
    }

    @Test
    void aServerThatNeverAnswersEndsAtTheTimeoutWithoutTheToken() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/");
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                    () -> QuickGet.get(url, Duration.ofMillis(300), Optional.of(BearerToken.of(SECRET, "test"))));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms >= 250 && ms < 700, "took " + ms + " ms");
            assertFalse(String.valueOf(e.getMessage()).contains(SECRET), e.getMessage());
        }
    }

    @Test
    void severalGetsShareOneDeadline() throws Exception {
        try (LocalServer s = new LocalServer()) {
            s.on("/slow", ex -> {
                s.pause(250);
                LocalServer.send(ex, 200, "text/plain", "late");
            });
            URI slow = URI.create(s.uri() + "/slow");
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> QuickGet.within(Duration.ofMillis(400), Optional.empty(), 100,
                    session -> List.of(session.get(slow), session.get(slow))));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms < 700, "took " + ms + " ms");
        }
    }

    @Test
    void anInterruptedCallerReturnsAtOnceWithItsFlagSet() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    accepted.add(silent.accept());
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/");
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread caller = new Thread(() -> {
                try {
                    QuickGet.get(url, Duration.ofSeconds(30), Optional.empty());
                    outcome.complete(null);
                } catch (IOException e) {
                    outcome.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("flag cleared", e));
                }
            });
            caller.setDaemon(true);
            caller.start();
            while (accepted.isEmpty()) {
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            caller.interrupt();
            Throwable thrown = outcome.get(2, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - start < 1_000_000_000L);
            assertTrue(thrown instanceof InterruptedIOException && !(thrown instanceof SocketTimeoutException), String.valueOf(thrown));
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
