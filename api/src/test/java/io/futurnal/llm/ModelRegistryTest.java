package io.futurnal.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelRegistryTest {

    private final ModelRegistry registry = ModelRegistry.builtIn();

    @ParameterizedTest
    @CsvSource({
        "meta-llama/Llama-3.1-8B-Instruct, llama3.1:8b",
        "meta-llama/Llama-3.3-70B-Instruct, llama3.3:70b",
        "Qwen/Qwen2.5-Coder-32B-Instruct, qwen2.5-coder:32b",
        "speakleash/Bielik-4.5B-v3.0-Instruct, bielik:4.5b"})
    void theSeedsFourMappings(String hf, String ollama) {
        assertEquals(ollama, registry.ollamaTag(hf));
        assertEquals(hf, registry.huggingFaceId(ollama));
    }

    @Test
    void shortAliasesAndCaseAreAccepted() {
        assertEquals("llama3.1:8b", registry.ollamaTag("llama3.1"));
        assertEquals("llama3.1:8b", registry.ollamaTag("META-LLAMA/llama-3.1-8b-instruct"));
        assertEquals("meta-llama/Llama-3.1-8B-Instruct", registry.huggingFaceId("llama3.1"));
        assertEquals(Optional.of("*Llama-3.1-8B-Instruct*.gguf"), registry.ggufFile("llama3.1:8b"));
    }

    @Test
    void theShippedModelIsMapped() {
        ModelEntry fast = registry.find(ModelRegistry.FAST_MODEL).orElseThrow();
        assertEquals(Optional.of("stories260K.gguf"), fast.gguf());
        assertEquals(fast, registry.find("tinystories").orElseThrow());
    }

    @Test
    void unknownNamesPassThroughUnchanged() {
        assertEquals("mistral:7b-instruct-q4_K_M", registry.ollamaTag("mistral:7b-instruct-q4_K_M"));
        assertEquals("org/unknown", registry.huggingFaceId("org/unknown"));
        assertEquals(Optional.empty(), registry.ggufFile("org/unknown"));
    }

    @Test
    void entriesAddedFromCodeWinOverBuiltIns() {
        ModelRegistry mine = registry.with(new ModelEntry("llama-3.1-8b-instruct", "meta-llama/Llama-3.1-8B-Instruct",
                "llama3.1:8b-instruct-q8_0", null, List.of("llama3.1")));
        assertEquals("llama3.1:8b-instruct-q8_0", mine.ollamaTag("llama3.1"));
        assertEquals("llama3.1:8b", registry.ollamaTag("llama3.1"), "the original is unchanged");
        assertEquals(registry.entries().size(), mine.entries().size());
    }

    @Test
    void entriesFromAUserJsonFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("models.json");
        Files.writeString(file, """
                {"models": [
                  {"name": "phi-3-mini", "huggingFaceId": "microsoft/Phi-3-mini-4k-instruct",
                   "ollamaTag": "phi3:mini", "ggufFile": "Phi-3-mini-4k-instruct*.gguf", "aliases": ["phi3"]}
                ]}
                """);
        LlmConfig config = TestConfigs.withEnv("FUTURNAL_LLM_MODELS_FILE", file.toString()).build();
        ModelRegistry loaded = config.modelRegistry();
        assertEquals("phi3:mini", loaded.ollamaTag("phi3"));
        assertEquals("microsoft/Phi-3-mini-4k-instruct", loaded.huggingFaceId("phi3:mini"));
        assertEquals("llama3.1:8b", loaded.ollamaTag("llama3.1"), "built-ins stay");
    }

    @Test
    void aTopLevelArrayIsAcceptedToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("models.json");
        Files.writeString(file, "[{\"name\": \"x\", \"ollamaTag\": \"x:1b\"}]");
        assertEquals("x:1b", registry.withEntriesFrom(file).ollamaTag("x"));
    }

    @Test
    void aMalformedFileNamesTheProblemAndWhere(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("models.json");
        Files.writeString(file, "{\"models\": [\n  {\"name\": \"x\", \"aliases\": [1]}\n]}");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> registry.withEntriesFrom(file));
        assertTrue(e.getMessage().contains("aliases must be strings"), e.getMessage());

        Files.writeString(file, "{\"models\": [\n  {\"name\": \"x\",}\n]}");
        e = assertThrows(ConfigurationException.class, () -> registry.withEntriesFrom(file));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());

        Files.writeString(file, "{\"models\": [{\"ollamaTag\": \"x\"}]}");
        e = assertThrows(ConfigurationException.class, () -> registry.withEntriesFrom(file));
        assertTrue(e.getMessage().contains("has no \"name\""), e.getMessage());
    }
}
