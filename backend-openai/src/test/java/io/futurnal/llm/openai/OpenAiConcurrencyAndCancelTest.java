package io.futurnal.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.testserver.Fault;
import io.futurnal.llm.testserver.RecordedRequest;
import io.futurnal.llm.testserver.openai.FakeOpenAiServer;
import io.futurnal.llm.testserver.openai.ServedModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiConcurrencyAndCancelTest {

    private FakeOpenAiServer server;
    private OpenAiClient client;

    @BeforeEach
    void start() {
        server = FakeOpenAiServer.start(ServedModel.counting("long", 10_000), ServedModel.echo("echo"));
        client = TestConfigs.client(server, LlmConfig.MODEL, "echo");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void oneClientServesManyThreadsAtOnceWithoutMixingAnswers() throws Exception {
        server.chunkDelay(Duration.ofMillis(5));
        int threads = 16;
        int callsEach = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<String> answers = new ArrayList<>();
                    for (int c = 0; c < callsEach; c++) {
                        String prompt = "thread " + thread + " call " + c + " says hello";
                        GenerationResult r = c % 2 == 0
                                ? client.chat(List.of(ChatMessage.user(prompt)), GenerationOptions.DEFAULTS, p -> { })
                                : client.generate(prompt);
                        answers.add(r.text());
                    }
                    return answers;
                }));
            }
            for (int t = 0; t < threads; t++) {
                List<String> answers = futures.get(t).get(30, TimeUnit.SECONDS);
                for (int c = 0; c < callsEach; c++) {
                    assertEquals("thread " + t + " call " + c + " says hello", answers.get(c));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        int calls = server.requests("/v1/chat/completions").size() + server.requests("/v1/completions").size();
        assertEquals(threads * callsEach, calls);
        // 16 threads x 5 calls of 7 paced chunks: serially this would take well over 3 s
        assertTrue(millis < 3000, threads * callsEach + " concurrent calls took " + millis + " ms");
    }

    @Test
    void cancelMidStreamAbortsTheExchangeOnTheServer() throws Exception {
        server.chunkDelay(Duration.ofMillis(20));
        try (OpenAiClient longClient = TestConfigs.client(server, LlmConfig.MODEL, "long")) {
            TokenStream stream = longClient.generateStream("go", GenerationOptions.DEFAULTS);
            assertEquals(" tok1", stream.next());
            assertEquals(" tok2", stream.next());
            CompletableFuture.runAsync(stream::cancel).get(5, TimeUnit.SECONDS);
            long start = System.nanoTime();
            RecordedRequest sent = server.lastRequest("/v1/completions");
            assertTrue(sent.awaitClientGone(Duration.ofSeconds(3)), "the server never saw the client go away");
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(sent.chunksWritten() < 200, "the server kept streaming: " + sent.chunksWritten() + " chunks");
            assertFalse(stream.hasNext());
            GenerationResult r = stream.result();
            assertEquals(FinishReason.CANCELLED, r.finishReason());
            assertTrue(r.text().startsWith(" tok1 tok2"), r.text());
            assertTrue(stream.isCancelled());
            assertTrue(millis < 1000, "the server noticed after " + millis + " ms");
            stream.close();
        }
    }

    @Test
    void cancelWakesAReaderWaitingForAServerThatNeverAnswers() throws Exception {
        server.faults().next("/v1/chat/completions", Fault.neverAnswer());
        TokenStream stream = client.chatStream(List.of(ChatMessage.user("hi")), GenerationOptions.DEFAULTS);
        CompletableFuture<Boolean> reader = CompletableFuture.supplyAsync(stream::hasNext);
        Thread.sleep(300);
        assertFalse(reader.isDone(), "the reader should still be waiting for the first byte");
        long start = System.nanoTime();
        stream.cancel();
        assertFalse(reader.get(3, TimeUnit.SECONDS));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(millis < 1000, "cancel took " + millis + " ms to wake the reader");
        assertEquals(FinishReason.CANCELLED, stream.result().finishReason());
    }

    @Test
    void closingAStreamEarlyFreesTheConnectionAndTheClientCarriesOn() throws Exception {
        server.chunkDelay(Duration.ofMillis(10));
        try (OpenAiClient longClient = TestConfigs.client(server, LlmConfig.MODEL, "long")) {
            try (TokenStream stream = longClient.generateStream("go", GenerationOptions.DEFAULTS)) {
                stream.next();
            }
            assertTrue(server.lastRequest("/v1/completions").awaitClientGone(Duration.ofSeconds(3)));
            server.chunkDelay(Duration.ZERO);
            for (int i = 0; i < 40; i++) {
                assertEquals(" tok1 tok2 tok3", longClient.generate("go", GenerationOptions.builder().maxTokens(3).build(),
                        p -> { }).text());
            }
        }
    }

    @Test
    void aStreamClosedBeforeItsFirstReadSendsNothing() {
        TokenStream stream = client.generateStream("never sent", GenerationOptions.DEFAULTS);
        stream.close();
        assertTrue(server.requests("/v1/completions").isEmpty());
        assertEquals(FinishReason.CANCELLED, stream.result().finishReason());
    }

    @Test
    void theCallTimeoutCutsALongStream() {
        server.chunkDelay(Duration.ofMillis(20));
        try (OpenAiClient longClient = TestConfigs.client(server, LlmConfig.MODEL, "long")) {
            List<String> seen = new ArrayList<>();
            long start = System.nanoTime();
            io.futurnal.llm.LlmTimeoutException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.futurnal.llm.LlmTimeoutException.class, () -> longClient.generate("go",
                            GenerationOptions.builder().timeout(Duration.ofMillis(1500)).build(), seen::add));
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(e.getMessage().contains("1500 ms"), e.getMessage());
            // 1.5 s leaves a loaded CI machine time to deliver the first pieces; the stream itself
            // would take 200 s, so the bound below still proves the timeout cut it.
            assertFalse(seen.isEmpty(), "pieces arrived before the timeout");
            assertTrue(millis < 8000, "took " + millis + " ms");
        }
    }
}
