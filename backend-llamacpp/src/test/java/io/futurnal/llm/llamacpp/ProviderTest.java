package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.BackendSelector;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.spi.ProbeResult;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider as the selector sees it: identity, probe reasons and creation. */
class ProviderTest {

    private final LlamaCppProvider provider = new LlamaCppProvider();

    @TempDir
    Path dir;

    @Test
    void identity() {
        assertEquals("llamacpp", provider.id());
        assertEquals(Set.of("llama.cpp", "gguf"), provider.aliases());
        assertEquals(50, provider.priority());
        assertTrue(provider.description().contains("llama.cpp"));
    }

    @Test
    void isRegisteredForServiceLoading() {
        BackendSelector selector = BackendSelector.fromClasspath();
        assertTrue(selector.find("gguf").orElseThrow() instanceof LlamaCppProvider);
        assertTrue(selector.find("llama.cpp").orElseThrow() instanceof LlamaCppProvider);
    }

    @Test
    void withNothingConfiguredTheBundledModelMakesItAvailableWithinTheDeadline() {
        long start = System.nanoTime();
        ProbeResult result = provider.probe(TestModels.config().build());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(result.available(), result.reason());
        assertTrue(result.reason().contains("stories260k") && result.reason().contains("bundled default model"), result.reason());
        assertTrue(result.reason().contains("native library"), result.reason());
        assertTrue(millis < 500, "the probe took " + millis + " ms");
    }

    @Test
    void aMissingModelIsUnavailableAndSaysWhereItLooked() {
        LlmConfig config = TestModels.config().model("qwen2.5-0.5b").set(LlamaCppSettings.MODELS_DIR.name(), dir.toString())
                .set(LlamaCppSettings.OLLAMA_MODELS.name(), dir.resolve("ollama").toString()).build();
        ProbeResult result = provider.probe(config);
        assertFalse(result.available());
        assertTrue(result.reason().startsWith("model missing: 'qwen2.5-0.5b'"), result.reason());
        assertTrue(result.reason().contains(dir.toString()) && result.reason().contains("qwen2.5/0.5b"), result.reason());
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> provider.create(config));
        assertEquals("qwen2.5-0.5b", e.model());
        assertTrue(e.hint().contains("FUTURNAL_LLAMACPP_MODEL"), e.hint());
    }

    @Test
    void aBrokenFileIsUnavailableWithTheProblem() {
        Path missing = dir.resolve("nothing.gguf");
        ProbeResult result = provider.probe(TestModels.config().set(LlamaCppSettings.MODEL.name(), missing.toString()).build());
        assertFalse(result.available());
        assertTrue(result.reason().contains(missing.toString()) && result.reason().contains("does not exist"), result.reason());
    }

    @Test
    void badSettingsAreUnavailableNamingTheKey() {
        ProbeResult result = provider.probe(TestModels.config().set(LlamaCppSettings.THREADS.name(), "lots").build());
        assertFalse(result.available());
        assertTrue(result.reason().contains(LlamaCppSettings.THREADS.name()), result.reason());
    }

    @Test
    void theFrontDoorCreatesALlamaCppClient() {
        LlmConfig config = TestModels.config().backend("gguf").build();
        try (LlmClient client = LlmClients.create(config)) {
            assertEquals("llamacpp", client.info().backend());
            LlamaCppClient llama = client.unwrap(LlamaCppClient.class).orElseThrow();
            assertEquals(2048, llama.contextSize());
            assertEquals(", there was a little",
                    client.generate("Once upon a time", GenerationOptions.builder().temperature(0.0).maxTokens(5).build()).text());
        }
    }
}
