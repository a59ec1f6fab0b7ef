package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.LlmConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model resolution: explicit directory, configured path, Hugging Face cache layouts, bundled default. */
class ModelLocatorTest {

    @TempDir
    Path temp;

    @Test
    void noModelMeansTheBundledOne() {
        ModelLocator.Location location = ModelLocator.locate(config(Map.of(), Map.of()));
        assertTrue(location.found());
        assertEquals("stories260k", location.name());
        assertEquals(TestModels.bundledDirectory(), location.directory().get());
    }

    @Test
    void theShippedModelByAnyOfItsNamesIsTheBundledOne() {
        for (String name : new String[] {"stories260k", "stories260K", "tinystories", "fast"}) {
            ModelLocator.Location location = ModelLocator.locate(config(Map.of(LlmConfig.MODEL, name), Map.of()));
            assertEquals(TestModels.bundledDirectory(), location.directory().orElseThrow(), name);
        }
    }

    @Test
    void explicitDirectoryWinsOverTheConfiguredModel() {
        Path dir = TestModels.copyAll(temp.resolve("mine"));
        ModelLocator.Location location = ModelLocator.locate(config(
                Map.of(HfSettings.MODEL_DIR.name(), dir.toString(), LlmConfig.MODEL, "llama3.1"), Map.of()));
        assertEquals(dir, location.directory().orElseThrow());
    }

    @Test
    void explicitDirectoryFromTheEnvironment() {
        Path dir = TestModels.copyAll(temp.resolve("env"));
        ModelLocator.Location location = ModelLocator.locate(config(Map.of(), Map.of("FUTURNAL_HF_MODEL_DIR", dir.toString())));
        assertEquals(dir, location.directory().orElseThrow());
        assertTrue(location.source().contains("FUTURNAL_HF_MODEL_DIR"), location.source());
    }

    @Test
    void configuredModelThatIsADirectoryIsUsed() {
        Path dir = TestModels.copyAll(temp.resolve("as-model"));
        ModelLocator.Location location = ModelLocator.locate(config(Map.of(LlmConfig.MODEL, dir.toString()), Map.of()));
        assertEquals(dir, location.directory().orElseThrow());
    }

    @Test
    void huggingFaceCacheSnapshotNamedByRefsMain() throws IOException {
        Path hub = temp.resolve("hub");
        Path repo = hub.resolve("models--meta-llama--Llama-3.1-8B-Instruct");
        TestModels.copyAll(repo.resolve("snapshots").resolve("abc123"));
        Files.createDirectories(repo.resolve("snapshots").resolve("old000"));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs").resolve("main"), "abc123\n");
        ModelLocator.Location location = ModelLocator.locate(config(Map.of(LlmConfig.MODEL, "llama3.1"),
                Map.of("HF_HUB_CACHE", hub.toString())));
        assertEquals(repo.resolve("snapshots").resolve("abc123"), location.directory().orElseThrow());
        assertEquals("meta-llama/Llama-3.1-8B-Instruct", location.name());
    }

    @Test
    void singleSnapshotIsUsedWithoutRefsMain() {
        Path hfHome = temp.resolve("hf-home");
        Path snapshot = hfHome.resolve("hub").resolve("models--someone--tiny").resolve("snapshots").resolve("f00d");
        TestModels.copyAll(snapshot);
        ModelLocator.Location location = ModelLocator.locate(config(Map.of(LlmConfig.MODEL, "someone/tiny"),
                Map.of("HF_HOME", hfHome.toString())));
        assertEquals(snapshot, location.directory().orElseThrow());
    }

    @Test
    void hubCacheOrder() {
        assertEquals(Path.of("/a/hub-cache"), ModelLocator.hubCache(config(Map.of(),
                Map.of("HF_HUB_CACHE", "/a/hub-cache", "HF_HOME", "/b"))));
        assertEquals(Path.of("/b/hub"), ModelLocator.hubCache(config(Map.of(), Map.of("HF_HOME", "/b"))));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub"),
                ModelLocator.hubCache(config(Map.of(), Map.of())));
    }

    @Test
    void configuredModelThatIsNotCachedIsUnavailableNotTheToy() {
        Path hub = temp.resolve("empty-hub");
        ModelLocator.Location location = ModelLocator.locate(config(Map.of(LlmConfig.MODEL, "llama3.1"),
                Map.of("HF_HUB_CACHE", hub.toString())));
        assertFalse(location.found());
        String reason = location.describe();
        assertTrue(reason.contains("meta-llama/Llama-3.1-8B-Instruct"), reason);
        assertTrue(reason.contains(hub.resolve("models--meta-llama--Llama-3.1-8B-Instruct").resolve("snapshots").toString()), reason);
        assertTrue(reason.contains("never downloads"), reason);
    }

    @Test
    void directoryWithoutWeightsIsIncomplete() throws IOException {
        Path dir = temp.resolve("partial");
        TestModels.copyMetadata(dir);
        Files.delete(dir.resolve("tokenizer.json"));
        ModelLocator.Location location = ModelLocator.locate(config(Map.of(HfSettings.MODEL_DIR.name(), dir.toString()), Map.of()));
        assertFalse(location.found());
        assertTrue(location.describe().contains("tokenizer.json") && location.describe().contains("model.safetensors"),
                location.describe());
        assertEquals(dir, location.tried().get(0));
    }

    private static LlmConfig config(Map<String, String> settings, Map<String, String> environment) {
        Map<String, String> properties = new HashMap<>();
        properties.put(LlmConfig.CACHE_DIR, TestModels.config(Map.of()).cacheDirectory().toString());
        properties.put("user.home", System.getProperty("user.home"));
        LlmConfig.Builder b = LlmConfig.builder().environment(environment).systemProperties(properties);
        settings.forEach(b::set);
        return b.build();
    }
}
