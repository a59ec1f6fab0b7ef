package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** This backend's configuration keys and their checks. */
class SettingsTest {

    private static LlmConfig.Builder bare() {
        return LlmConfig.builder().environment(Map.of()).systemProperties(Map.of()).cacheDirectory(ModelFiles.cacheDir());
    }

    @Test
    void defaults() {
        LlamaCppSettings s = LlamaCppSettings.from(bare().build());
        assertTrue(s.modelPath().isEmpty());
        assertEquals(ModelFiles.cacheDir().resolve("models"), s.modelsDir());
        assertEquals(OptionalInt.empty(), s.threads());
        assertEquals(0, s.contextSize());
        assertEquals(OptionalInt.empty(), s.gpuLayers());
        assertTrue(s.chatTemplate().isEmpty());
        assertFalse(s.embeddings());
        assertFalse(s.nativeLog());
        assertTrue(s.exitGuard());
        assertTrue(s.keepLoaded());
        assertTrue(s.ollamaModels().endsWith(".ollama/models"));
        assertTrue(s.library().isEmpty(), "the bundled native library unless one is configured");
    }

    @Test
    void environmentFormsAreRead() {
        LlamaCppSettings s = LlamaCppSettings.from(bare().environment(Map.of(
                "FUTURNAL_LLAMACPP_THREADS", "3", "FUTURNAL_LLAMACPP_CONTEXT_SIZE", "1024", "FUTURNAL_LLAMACPP_GPU_LAYERS", "0",
                "FUTURNAL_LLAMACPP_CHAT_TEMPLATE", "ChatML", "FUTURNAL_LLAMACPP_EMBEDDINGS", "yes",
                "FUTURNAL_LLAMACPP_MODELS_DIR", "/data/gguf", "OLLAMA_MODELS", "/data/ollama")).build());
        assertEquals(OptionalInt.of(3), s.threads());
        assertEquals(3, s.threadsFor(GgufReader.read(ModelFiles.stories())));
        assertEquals(1024, s.contextSize());
        assertEquals(OptionalInt.of(0), s.gpuLayers());
        assertEquals("chatml", s.chatTemplate().orElseThrow());
        assertTrue(s.embeddings());
        assertEquals("/data/gguf", s.modelsDir().toString());
        assertEquals("/data/ollama", s.ollamaModels().toString());
    }

    @Test
    void badValuesNameTheKey() {
        assertBad(LlamaCppSettings.THREADS.name(), "many", "FUTURNAL_LLAMACPP_THREADS");
        assertBad(LlamaCppSettings.THREADS.name(), "0", "from 1 to 1024");
        assertBad(LlamaCppSettings.CONTEXT_SIZE.name(), "10", "at least 64");
        assertBad(LlamaCppSettings.CONTEXT_SIZE.name(), "-1", "whole number");
        assertBad(LlamaCppSettings.GPU_LAYERS.name(), "all", "whole number");
        assertBad(LlamaCppSettings.EMBEDDINGS.name(), "maybe", "true or false");
        assertBad(LlamaCppSettings.CHAT_TEMPLATE.name(), "alpaca", "llama3");
    }

    @Test
    void contextDefaultsToTheModelsOwnUpTo4096() {
        LlamaCppSettings s = LlamaCppSettings.from(bare().build());
        assertEquals(2048, s.contextFor(GgufReader.read(ModelFiles.stories())));
        assertEquals(4096, s.contextFor(GgufReader.read(ModelFiles.tinyRandom())));
        LlamaCppSettings fixed = LlamaCppSettings.from(bare().set(LlamaCppSettings.CONTEXT_SIZE.name(), "300").build());
        assertEquals(300, fixed.contextFor(GgufReader.read(ModelFiles.stories())));
    }

    @Test
    void smallModelsDefaultToOneThreadAndLargeOnesToEveryProcessor() {
        LlamaCppSettings s = LlamaCppSettings.from(bare().build());
        GgufHeader stories = GgufReader.read(ModelFiles.stories());
        assertEquals(1, s.threadsFor(stories));
        GgufHeader large = new GgufHeader(stories.path(), stories.fileSize(), 3, "llama", "big", 4096, 32, 4096,
                8_000_000_000L, "Q4_K_M", "Q4_K", 291, 1, 32, 128_256, "gpt2", true, "", -1, java.util.Map.of());
        assertEquals(Runtime.getRuntime().availableProcessors(), s.threadsFor(large));
    }

    private static void assertBad(String key, String value, String expected) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> LlamaCppSettings.from(bare().environment(Map.of(LlmConfig.environmentName(key), value)).build()));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
