package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.BackendUnavailableException;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.TokenStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent calls, closing a client under a running stream, and DJL's global set-up. */
@Timeout(120)
class HfClientLifecycleTest {

    private static final GenerationOptions GREEDY = GenerationOptions.builder().temperature(0.0).maxTokens(60).build();

    @TempDir
    Path temp;

    @Test
    void concurrentCallsEachGetTheirOwnCache() throws Exception {
        HfClient client = TestModels.shared();
        String expected = client.generate("Once upon a time", GREEDY).text();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> client.generate("Once upon a time", GREEDY).text()));
            }
            for (Future<String> result : results) {
                assertEquals(expected, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closingTheClientCancelsItsStreamsAndRefusesNewCalls() {
        HfClient client = TestModels.open(TestModels.copyAll(temp.resolve("model")));
        TokenStream stream = client.generateStream("Once upon a time", GenerationOptions.builder().temperature(0.0).build());
        assertTrue(stream.hasNext());
        stream.next();
        client.close();
        assertFalse(stream.hasNext());
        assertEquals(FinishReason.CANCELLED, stream.result().finishReason());
        stream.close();
        assertThrows(BackendUnavailableException.class, () -> client.generate("Once upon a time", GREEDY));
        assertThrows(BackendUnavailableException.class, () -> client.tokenize("x"));
        client.close();
    }

    @Test
    void djlIsOfflineWithItsCacheUnderOurs() {
        TestModels.shared();
        LlmConfig config = TestModels.config(Map.of());
        assertEquals("true", System.getProperty("ai.djl.offline"));
        assertEquals(config.cacheDirectory().resolve("djl").toString(), System.getProperty("ENGINE_CACHE_DIR"));
        assertEquals(config.cacheDirectory().resolve("djl").toString(), System.getProperty("DJL_CACHE_DIR"));
        assertEquals(1, DjlRuntime.threads());
        assertTrue(DjlRuntime.loaded());
    }
}
