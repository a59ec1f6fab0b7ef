package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.LlmConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order in which a model file is found, and what is reported when it is not. */
class ModelResolverTest {

    private static final String DIGEST = "a".repeat(64);

    @TempDir
    Path dir;

    private LlmConfig.Builder config() {
        return TestModels.config()
                .set(LlamaCppSettings.MODELS_DIR.name(), dir.resolve("models").toString())
                .set(LlamaCppSettings.OLLAMA_MODELS.name(), dir.resolve("ollama").toString());
    }

    private static ModelLookup resolve(LlmConfig config) {
        return ModelResolver.resolve(config, LlamaCppSettings.from(config));
    }

    @Test
    void nothingConfiguredMeansTheBundledModel() {
        ModelLookup lookup = resolve(config().build());
        assertTrue(lookup.model().orElseThrow().bundled());
        assertEquals("stories260k", lookup.model().get().displayName());
        assertEquals(ModelFiles.stories(), lookup.model().get().path());
    }

    @Test
    void theShippedModelByNameOrAliasIsTheBundledOne() {
        for (String name : new String[] {"stories260k", "stories260K", "fast", "tinystories"}) {
            assertTrue(resolve(config().model(name).build()).model().orElseThrow().bundled(), name);
        }
    }

    @Test
    void anExplicitPathWinsEvenOverAConfiguredModel() {
        LlmConfig config = config().set(LlamaCppSettings.MODEL.name(), ModelFiles.tinyRandom().toString()).model("stories260k").build();
        ResolvedModel model = resolve(config).model().orElseThrow();
        assertEquals(ModelFiles.tinyRandom(), model.path());
        assertFalse(model.bundled());
        assertTrue(model.source().contains(LlamaCppSettings.MODEL.name()), model.source());
    }

    @Test
    void theEnvironmentFormOfTheExplicitPathWorks() {
        LlmConfig config = TestModels.config()
                .environment(Map.of("FUTURNAL_LLAMACPP_MODEL", ModelFiles.tinyRandom().toString())).build();
        ResolvedModel model = resolve(config).model().orElseThrow();
        assertEquals(ModelFiles.tinyRandom(), model.path());
        assertTrue(model.source().contains("FUTURNAL_LLAMACPP_MODEL"), model.source());
    }

    @Test
    void aConfiguredModelThatIsAPathIsUsed() {
        ResolvedModel model = resolve(config().model(ModelFiles.tinyRandom().toString()).build()).model().orElseThrow();
        assertEquals(ModelFiles.tinyRandom(), model.path());
    }

    @Test
    void theModelsDirectoryIsSearchedWithTheRegistryGlobIgnoringCase() throws IOException {
        Path models = Files.createDirectories(dir.resolve("models").resolve("sub"));
        Files.copy(ModelFiles.tinyRandom(), models.resolve("mmproj-llama-3.2-1b-instruct-f16.gguf"));
        Path wanted = Files.copy(ModelFiles.tinyRandom(), models.resolve("llama-3.2-1b-instruct-q4_k_m.gguf"));
        ResolvedModel model = resolve(config().model("llama3.2-1b").build()).model().orElseThrow();
        assertEquals(wanted, model.path());
        assertEquals("llama3.2-1b", model.displayName());
        Path plain = Files.copy(ModelFiles.tinyRandom(), dir.resolve("models").resolve("my-model.gguf"));
        assertEquals(plain, resolve(config().model("my-model").build()).model().orElseThrow().path());
    }

    @Test
    void blobsPulledByOllamaAreFound() throws IOException {
        Path store = dir.resolve("ollama");
        Path manifest = store.resolve("manifests/registry.ollama.ai/library/tiny/latest");
        Files.createDirectories(manifest.getParent());
        Files.writeString(manifest, "{\"schemaVersion\":2,\"layers\":["
                + "{\"mediaType\":\"application/vnd.ollama.image.template\",\"digest\":\"sha256:" + "b".repeat(64) + "\"},"
                + "{\"mediaType\":\"application/vnd.ollama.image.model\",\"digest\":\"sha256:" + DIGEST + "\"}]}");
        Path blob = Files.copy(ModelFiles.tinyRandom(), Files.createDirectories(store.resolve("blobs")).resolve("sha256-" + DIGEST));
        ResolvedModel model = resolve(config().model("tiny").build()).model().orElseThrow();
        assertEquals(blob, model.path());
        assertTrue(model.source().contains("Ollama"), model.source());
        assertEquals(blob, resolve(config().model("tiny:latest").build()).model().orElseThrow().path());
        LlmConfig viaEnv = TestModels.config().model("tiny")
                .set(LlamaCppSettings.MODELS_DIR.name(), dir.resolve("models").toString())
                .environment(Map.of("OLLAMA_MODELS", store.toString())).build();
        assertEquals(blob, resolve(viaEnv).model().orElseThrow().path());
    }

    @Test
    void aConfiguredModelThatCannotBeFoundIsMissingNotReplaced() {
        ModelLookup lookup = resolve(config().model("llama3.1").build());
        assertTrue(lookup.model().isEmpty());
        assertEquals("llama3.1", lookup.requested());
        String where = lookup.whereLooked();
        assertTrue(where.contains(dir.resolve("models").toString()) && where.contains("*Llama-3.1-8B-Instruct*.gguf"), where);
        assertTrue(where.contains("manifests/registry.ollama.ai/library/llama3.1/8b"), where);
        assertFalse(where.contains("bundled"), where);
        assertTrue(resolve(config().model("/no/such/model.gguf").build()).model().isEmpty());
    }

    @Test
    void ollamaNamesMapToManifestPaths() {
        Path root = Path.of("/store");
        assertEquals(Path.of("/store/manifests/registry.ollama.ai/library/llama3.1/8b"),
                OllamaBlobs.manifestPath(root, "llama3.1:8b").orElseThrow());
        assertEquals(Path.of("/store/manifests/registry.ollama.ai/someone/model/latest"),
                OllamaBlobs.manifestPath(root, "someone/model").orElseThrow());
        assertEquals(Path.of("/store/manifests/example.com/ns/model/v1"),
                OllamaBlobs.manifestPath(root, "example.com/ns/model:v1").orElseThrow());
        assertTrue(OllamaBlobs.manifestPath(root, "../../etc/passwd").isEmpty());
        assertTrue(OllamaBlobs.manifestPath(root, "a/b/c/d").isEmpty());
    }

    @Test
    void globsMatchCaseInsensitively() {
        assertTrue(ModelResolver.globToRegex("*Llama-3.1-8B*.gguf").matcher("meta-llama-3.1-8b-instruct-q4.gguf").matches());
        assertFalse(ModelResolver.globToRegex("a?c.gguf").matcher("abbc.gguf").matches());
        assertTrue(ModelResolver.globToRegex("a.c+d.gguf").matcher("a.c+d.gguf").matches());
    }
}
