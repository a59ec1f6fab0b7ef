package io.futurnal.llm.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.testserver.Fault;
import io.futurnal.llm.testserver.RecordedRequest;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One client, many threads; cancelled streams free their connections and the server sees them go. */
class OllamaConcurrencyTest {

    private FakeOllamaServer ollama;

    @BeforeEach
    void start() {
        ollama = FakeOllamaServer.start(ScriptedModel.echo("echo:1b"), ScriptedModel.counting("long:1b", 200));
    }

    @AfterEach
    void stop() {
        ollama.close();
    }

    private OllamaClient poolOf(int connections) {
        return new OllamaClient(TestConfigs.forServer(ollama, "echo:1b")
                .set("futurnal.llm.http.max.connections", Integer.toString(connections)).build());
    }

    @Test
    void eightThreadsShareOneClient() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (OllamaClient client = poolOf(4)) {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        String prompt = "thread" + thread + " call" + i;
                        GenerationResult r = switch (i % 3) {
                            case 0 -> client.generate(prompt);
                            case 1 -> client.generateStream(prompt, GenerationOptions.DEFAULTS).result();
                            default -> client.chat(List.of(ChatMessage.user(prompt)), GenerationOptions.DEFAULTS, p -> { });
                        };
                        if (!r.text().equals(prompt)) {
                            wrong.add(prompt + " -> " + r.text());
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> f : futures) {
                assertEquals(List.of(), f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, ollama.requests("/api/show").size(), "the context length was read once");
        assertEquals(201, ollama.requests().size());
        Set<Integer> ports = ollama.requests().stream().map(r -> r.remoteAddress().getPort()).collect(Collectors.toSet());
        assertTrue(ports.size() <= 4, "at most the pool's 4 connections were opened, got " + ports.size());
    }

    @Test
    void finishedStreamsReuseTheirConnection() {
        try (OllamaClient client = poolOf(2)) {
            for (int i = 0; i < 10; i++) {
                assertEquals("one two", client.generateStream("one two", GenerationOptions.DEFAULTS).result().text());
                client.generate("three");
            }
        }
        Set<Integer> ports = ollama.requests().stream().map(r -> r.remoteAddress().getPort()).collect(Collectors.toSet());
        assertEquals(1, ports.size(), "twenty sequential calls over one kept-alive connection");
    }

    @Test
    void cancelledStreamsAbortTheExchangeAndReturnTheConnectionToThePool() throws Exception {
        ollama.chunkDelay(Duration.ofMillis(20));
        try (OllamaClient client = new OllamaClient(TestConfigs.forServer(ollama, "long:1b")
                .set("futurnal.llm.http.max.connections", "2").build())) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (int i = 0; i < 20; i++) {
                    try (TokenStream tokens = client.generateStream("go", GenerationOptions.DEFAULTS)) {
                        assertEquals(" tok1", tokens.next());
                    }
                }
            });
            ollama.chunkDelay(Duration.ZERO);
            assertEquals(200, client.generate("x").metrics().generatedTokens(), "the pool still serves calls");
        }
        List<RecordedRequest> cancelled = ollama.requests("/api/generate").subList(0, 20);
        for (RecordedRequest r : cancelled) {
            assertTrue(r.awaitClientGone(Duration.ofSeconds(3)), "the server saw the connection close: " + r);
            assertTrue(r.chunksWritten() < 200);
        }
    }

    @Test
    void cancelFromAnotherThreadUnblocksAReaderWaitingForTheFirstToken() throws Exception {
        ollama.faults().next("/api/generate", Fault.slowFirstByte(Duration.ofSeconds(10)));
        try (OllamaClient client = poolOf(2)) {
            TokenStream tokens = client.generateStream("x", GenerationOptions.DEFAULTS);
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                tokens.cancel();
            });
            canceller.start();
            long start = System.nanoTime();
            assertFalse(tokens.hasNext());
            assertTrue(System.nanoTime() - start < 3_000_000_000L);
            assertTrue(tokens.isCancelled());
            assertEquals(FinishReason.CANCELLED, tokens.result().finishReason());
            canceller.join();
        }
    }

    @Test
    void aStreamCancelledBeforeItsFirstReadSendsNothing() {
        try (OllamaClient client = poolOf(2)) {
            TokenStream tokens = client.generateStream("x", GenerationOptions.DEFAULTS);
            tokens.cancel();
            tokens.cancel();
            assertFalse(tokens.hasNext());
            assertEquals("", tokens.result().text());
            tokens.close();
        }
        assertEquals(0, ollama.requests().size());
    }

    @Test
    void closeIsIdempotentAndAClosedClientRefusesCalls() {
        OllamaClient client = poolOf(2);
        client.close();
        client.close();
        assertThrows(IllegalStateException.class, () -> client.generate("x"));
        assertThrows(IllegalStateException.class, client::listModels);
    }

    @Test
    void closingTheClientAbortsAStreamInFlight() throws Exception {
        ollama.chunkDelay(Duration.ofMillis(50));
        OllamaClient client = new OllamaClient(TestConfigs.forServer(ollama, "long:1b").build());
        TokenStream tokens = client.generateStream("x", GenerationOptions.DEFAULTS);
        assertEquals(" tok1", tokens.next());
        client.close();
        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> assertThrows(RuntimeException.class, () -> {
            while (tokens.hasNext()) {
                tokens.next();
            }
        }));
        assertTrue(ollama.lastRequest("/api/generate").awaitClientGone(Duration.ofSeconds(3)));
    }
}
