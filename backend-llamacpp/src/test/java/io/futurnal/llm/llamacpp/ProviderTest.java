package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.BackendSelector;
import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.InvalidModelFileException;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.LlmClients;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.LlmException;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.spi.ProbeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
        assertTrue(result.typedProblem().isEmpty(), "a model that is not there is simply unavailable");
    }

    @Test
    void badSettingsAreUnavailableNamingTheKey() {
        ProbeResult result = provider.probe(TestModels.config().set(LlamaCppSettings.THREADS.name(), "lots").build());
        assertFalse(result.available());
        assertTrue(result.reason().contains(LlamaCppSettings.THREADS.name()), result.reason());
        assertTrue(result.typedProblem().orElseThrow() instanceof ConfigurationException, result.toString());
    }

    @Test
    void zeroThreadsFromTheEnvironmentOrASystemPropertyIsATypedConfigurationProblem() {
        LlmConfig fromEnvironment = withoutThreads().environment(Map.of("FUTURNAL_LLAMACPP_THREADS", "0")).build();
        LlmConfig fromProperty = withoutThreads().systemProperties(Map.of("futurnal.llamacpp.threads", "0")).build();
        assertConfigurationProblem(fromEnvironment, "FUTURNAL_LLAMACPP_THREADS");
        assertConfigurationProblem(fromProperty, "futurnal.llamacpp.threads");
    }

    @Test
    void aCorruptOrTruncatedModelFileIsATypedProblemNamingTheFile() throws IOException {
        byte[] stories = Files.readAllBytes(ModelFiles.stories());
        Path truncated = Files.write(dir.resolve("truncated.gguf"), Arrays.copyOf(stories, stories.length / 2));
        byte[] flipped = stories.clone();
        flipped[4] = 99;
        Path corrupt = Files.write(dir.resolve("corrupt.gguf"), flipped);
        for (Path file : List.of(truncated, corrupt)) {
            ProbeResult result = provider.probe(TestModels.config().set(LlamaCppSettings.MODEL.name(), file.toString()).build());
            assertFalse(result.available());
            LlmException problem = result.typedProblem().orElseThrow(() -> new AssertionError(result.reason()));
            assertTrue(problem instanceof InvalidModelFileException, problem.toString());
            assertEquals(file, ((InvalidModelFileException) problem).path());
            assertTrue(problem.getMessage().contains(file.toString()), problem.getMessage());
        }
    }

    /** Like {@link TestModels#config()} but with no builder setting for the thread count, which would win. */
    private static LlmConfig.Builder withoutThreads() {
        return LlmConfig.builder().environment(Map.of()).systemProperties(Map.of()).cacheDirectory(ModelFiles.cacheDir())
                .set(LlamaCppSettings.EXIT_GUARD.name(), "false");
    }

    private void assertConfigurationProblem(LlmConfig config, String key) {
        ProbeResult result = provider.probe(config);
        assertFalse(result.available());
        LlmException problem = result.typedProblem().orElseThrow(() -> new AssertionError(result.reason()));
        assertTrue(problem instanceof ConfigurationException, problem.toString());
        assertTrue(problem.getMessage().contains(key), problem.getMessage());
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
