package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.LlmTimeoutException;
import io.futurnal.llm.TokenStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cancellation, timeouts and concurrent use of one client. */
class ConcurrencyTest {

    private static final String PROMPT = "Once upon a time";
    private static final GenerationOptions GREEDY = GenerationOptions.builder().temperature(0.0).maxTokens(40).build();
    /** Runs until cancelled: the context is the limit. */
    private static final GenerationOptions ENDLESS = GenerationOptions.builder().temperature(0.0).build();
    private static LlamaCppClient client;

    @BeforeAll
    static void open() {
        client = TestModels.openStories();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void cancelFromTheReadingThreadStopsAndTheModelStaysUsable() {
        String expected = client.generate(PROMPT, GREEDY).text();
        try (TokenStream stream = client.generateStream(PROMPT, ENDLESS)) {
            for (int i = 0; i < 5; i++) {
                assertTrue(stream.hasNext());
                stream.next();
            }
            stream.cancel();
            assertFalse(stream.hasNext());
            GenerationResult r = stream.result();
            assertEquals(FinishReason.CANCELLED, r.finishReason());
            assertTrue(stream.isCancelled());
        }
        assertEquals(expected, client.generate(PROMPT, GREEDY).text());
    }

    @Test
    void cancelFromAnotherThreadWhileTheReaderWaits() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TokenStream stream = client.generateStream(PROMPT, ENDLESS)) {
            CountDownLatch reading = new CountDownLatch(1);
            Future<GenerationResult> reader = pool.submit(() -> {
                while (stream.hasNext()) {
                    stream.next();
                    reading.countDown();
                }
                return stream.result();
            });
            assertTrue(reading.await(10, TimeUnit.SECONDS));
            stream.cancel();
            GenerationResult r = reader.get(10, TimeUnit.SECONDS);
            assertEquals(FinishReason.CANCELLED, r.finishReason());
            assertTrue(r.metrics().generatedTokens() < 2000, "generation stopped well before the context was full");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(", there was a little", client.generate(PROMPT, GREEDY.toBuilder().maxTokens(5).build()).text());
    }

    @Test
    void closingAnUnreadStreamAndAnAbandonedStreamFreeTheModel() {
        TokenStream unread = client.generateStream(PROMPT, ENDLESS);
        assertTrue(unread.hasNext());
        unread.close();
        assertEquals(5, client.generate(PROMPT, GREEDY.toBuilder().maxTokens(5).build()).metrics().generatedTokens());
        TokenStream neverRead = client.generateStream(PROMPT, ENDLESS);
        neverRead.close();
        assertEquals(5, client.generate(PROMPT, GREEDY.toBuilder().maxTokens(5).build()).metrics().generatedTokens());
    }

    @Test
    void aSecondStreamOnTheSameThreadFailsInsteadOfDeadlocking() {
        try (TokenStream first = client.generateStream(PROMPT, ENDLESS)) {
            assertTrue(first.hasNext());
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> client.generate(PROMPT, GREEDY));
            assertTrue(e.getMessage().contains("unfinished stream"), e.getMessage());
        }
        assertFalse(client.generate(PROMPT, GREEDY).text().isEmpty());
    }

    @Test
    void timeoutEndsAGenerationThatRunsTooLong() {
        GenerationOptions slow = ENDLESS.toBuilder().timeout(Duration.ofMillis(150)).build();
        long start = System.nanoTime();
        assertThrows(LlmTimeoutException.class, () -> client.generate(PROMPT, slow));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        assertEquals(5, client.generate(PROMPT, GREEDY.toBuilder().maxTokens(5).build()).metrics().generatedTokens());
    }

    @Test
    void twoThreadsOnOneClientGetTheSameTextAsOne() throws Exception {
        String expected = client.generate(PROMPT, GREEDY).text();
        String other = client.generate("Tom had a", GREEDY).text();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String prompt = i % 2 == 0 ? PROMPT : "Tom had a";
                results.add(pool.submit(() -> client.generate(prompt, GREEDY).text()));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals(i % 2 == 0 ? expected : other, results.get(i).get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void streamsInterleavedOnTwoThreadsEachGetTheirOwnText() throws Exception {
        String expected = client.generate(PROMPT, GREEDY).text();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> a = pool.submit(() -> readAll(client.generateStream(PROMPT, GREEDY)));
            Future<String> b = pool.submit(() -> readAll(client.generateStream(PROMPT, GREEDY)));
            assertEquals(expected, a.get(60, TimeUnit.SECONDS));
            assertEquals(expected, b.get(60, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    private static String readAll(TokenStream stream) {
        try (stream) {
            StringBuilder text = new StringBuilder();
            stream.forEachRemaining(text::append);
            return text.toString();
        }
    }
}
