package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One load per model and settings in a JVM, shared by clients and kept for the next one. */
class ModelCacheTest {

    private static final GenerationOptions GREEDY = GenerationOptions.builder().temperature(0.0).maxTokens(5).build();

    @Test
    void twoClientsLoadOnceAndTheModelStaysLoadedForTheNextClient() {
        LlmConfig config = TestModels.config().set(LlamaCppSettings.CONTEXT_SIZE.name(), "512").build();
        long loadsBefore = LlamaCppRuntime.nativeLoadCount();
        int inUseBefore = LlamaCppRuntime.modelsInUseCount();
        LlamaCppClient first = TestModels.open(config);
        LlamaCppClient second = TestModels.open(config);
        assertEquals(loadsBefore + 1, LlamaCppRuntime.nativeLoadCount(), "the second client reuses the loaded model");
        assertEquals(inUseBefore + 1, LlamaCppRuntime.modelsInUseCount());
        assertEquals(512, first.contextSize());

        first.close();
        first.close();
        assertEquals(inUseBefore + 1, LlamaCppRuntime.modelsInUseCount(), "still used by the second client");
        assertEquals(", there was a little", second.generate("Once upon a time", GREEDY).text());
        assertThrows(LlmException.class, () -> first.generate("Once upon a time", GREEDY));

        second.close();
        assertEquals(inUseBefore, LlamaCppRuntime.modelsInUseCount());
        int loaded = LlamaCppRuntime.loadedModelCount();
        try (LlamaCppClient third = TestModels.open(config)) {
            assertEquals(loadsBefore + 1, LlamaCppRuntime.nativeLoadCount(), "an idle model is reused, not loaded again");
            assertEquals(loaded, LlamaCppRuntime.loadedModelCount());
            assertEquals(", there was a little", third.generate("Once upon a time", GREEDY).text());
        }
    }

    @Test
    void withKeepLoadedOffTheLastCloseStopsTheModel() {
        LlmConfig config = TestModels.config().set(LlamaCppSettings.CONTEXT_SIZE.name(), "384")
                .set(LlamaCppSettings.KEEP_LOADED.name(), "false").build();
        long loadsBefore = LlamaCppRuntime.nativeLoadCount();
        int loadedBefore = LlamaCppRuntime.loadedModelCount();
        LlamaCppClient first = TestModels.open(config);
        LlamaCppClient second = TestModels.open(config);
        assertEquals(loadsBefore + 1, LlamaCppRuntime.nativeLoadCount());
        assertEquals(loadedBefore + 1, LlamaCppRuntime.loadedModelCount());
        first.close();
        assertEquals(loadedBefore + 1, LlamaCppRuntime.loadedModelCount());
        second.close();
        assertEquals(loadedBefore, LlamaCppRuntime.loadedModelCount(), "stopped with its last client");
        try (LlamaCppClient third = TestModels.open(config)) {
            assertEquals(loadsBefore + 2, LlamaCppRuntime.nativeLoadCount(), "a stopped model is loaded again");
            assertEquals(", there was a little", third.generate("Once upon a time", GREEDY).text());
        }
    }

    @Test
    void differentLoadSettingsLoadSeparately() {
        try (LlamaCppClient a = TestModels.open(TestModels.config().set(LlamaCppSettings.CONTEXT_SIZE.name(), "256").build())) {
            long loads = LlamaCppRuntime.nativeLoadCount();
            try (LlamaCppClient b = TestModels.open(TestModels.config().set(LlamaCppSettings.CONTEXT_SIZE.name(), "256")
                    .set(LlamaCppSettings.THREADS.name(), "1").build())) {
                assertEquals(loads + 1, LlamaCppRuntime.nativeLoadCount());
                assertEquals(a.generate("Once upon a time", GREEDY).text(), b.generate("Once upon a time", GREEDY).text());
            }
        }
    }

    @Test
    void theLoadTimeIsReportedOnceByTheClientThatLoaded() {
        try (LlamaCppClient loader = TestModels.open(TestModels.config().set(LlamaCppSettings.CONTEXT_SIZE.name(), "128").build());
             LlamaCppClient sharer = TestModels.open(TestModels.config().set(LlamaCppSettings.CONTEXT_SIZE.name(), "128").build())) {
            assertFalse(loader.loadDuration().isZero());
            GenerationResult firstCall = loader.generate("Once upon a time", GREEDY);
            assertEquals(loader.loadDuration(), firstCall.metrics().loadDuration());
            assertEquals(Duration.ZERO, loader.generate("Once upon a time", GREEDY).metrics().loadDuration());
            assertEquals(Duration.ZERO, sharer.generate("Once upon a time", GREEDY).metrics().loadDuration());
            assertTrue(LlamaCppRuntime.nativeLibraryLoadTime().toNanos() > 0);
        }
    }
}
