package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One load per model and settings in a JVM, shared by clients, closed with the last of them. */
class ModelCacheTest {

    private static final GenerationOptions GREEDY = GenerationOptions.builder().temperature(0.0).maxTokens(5).build();

    @Test
    void twoClientsLoadOnceAndTheLastCloseFrees() {
        long loadsBefore = LlamaCppRuntime.nativeLoadCount();
        int loadedBefore = LlamaCppRuntime.loadedModelCount();
        LlamaCppClient first = TestModels.open(TestModels.config().set(LlamaCppSettings.CONTEXT_SIZE, "512").build());
        LlamaCppClient second = TestModels.open(TestModels.config().set(LlamaCppSettings.CONTEXT_SIZE, "512").build());
        assertEquals(loadsBefore + 1, LlamaCppRuntime.nativeLoadCount(), "the second client reuses the loaded model");
        assertEquals(loadedBefore + 1, LlamaCppRuntime.loadedModelCount());
        assertEquals(512, first.contextSize());

        first.close();
        first.close();
        assertEquals(loadedBefore + 1, LlamaCppRuntime.loadedModelCount(), "still used by the second client");
        assertEquals(", there was a little", second.generate("Once upon a time", GREEDY).text());
        assertThrows(LlmException.class, () -> first.generate("Once upon a time", GREEDY));

        second.close();
        assertEquals(loadedBefore, LlamaCppRuntime.loadedModelCount(), "closed with its last client");
        try (LlamaCppClient third = TestModels.open(TestModels.config().set(LlamaCppSettings.CONTEXT_SIZE, "512").build())) {
            assertEquals(loadsBefore + 2, LlamaCppRuntime.nativeLoadCount(), "a model closed is loaded again");
            assertEquals(", there was a little", third.generate("Once upon a time", GREEDY).text());
        }
    }

    @Test
    void differentLoadSettingsLoadSeparately() {
        try (LlamaCppClient a = TestModels.open(TestModels.config().set(LlamaCppSettings.CONTEXT_SIZE, "256").build())) {
            long loads = LlamaCppRuntime.nativeLoadCount();
            try (LlamaCppClient b = TestModels.open(TestModels.config().set(LlamaCppSettings.CONTEXT_SIZE, "256")
                    .set(LlamaCppSettings.THREADS, "1").build())) {
                assertEquals(loads + 1, LlamaCppRuntime.nativeLoadCount());
                assertEquals(a.generate("Once upon a time", GREEDY).text(), b.generate("Once upon a time", GREEDY).text());
            }
        }
    }

    @Test
    void theLoadTimeIsReportedOnceByTheClientThatLoaded() {
        try (LlamaCppClient loader = TestModels.open(TestModels.config().set(LlamaCppSettings.CONTEXT_SIZE, "128").build());
             LlamaCppClient sharer = TestModels.open(TestModels.config().set(LlamaCppSettings.CONTEXT_SIZE, "128").build())) {
            assertFalse(loader.loadDuration().isZero());
            GenerationResult firstCall = loader.generate("Once upon a time", GREEDY);
            assertEquals(loader.loadDuration(), firstCall.metrics().loadDuration());
            assertEquals(Duration.ZERO, loader.generate("Once upon a time", GREEDY).metrics().loadDuration());
            assertEquals(Duration.ZERO, sharer.generate("Once upon a time", GREEDY).metrics().loadDuration());
            assertTrue(LlamaCppRuntime.nativeLibraryLoadTime().toNanos() > 0);
        }
    }
}
