package io.futurnal.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        assertEquals(ollama, registry.nameOrSelf(hf, "ollama"));
        assertEquals(hf, registry.nameOrSelf(ollama, "hf"));
    }

    @Test
    void shortAliasesAndCaseAreAccepted() {
        assertEquals("llama3.1:8b", registry.nameOrSelf("llama3.1", "ollama"));
        assertEquals("llama3.1:8b", registry.nameOrSelf("META-LLAMA/llama-3.1-8b-instruct", "ollama"));
        assertEquals("meta-llama/Llama-3.1-8B-Instruct", registry.nameOrSelf("llama3.1", "hf"));
        assertEquals(Optional.of("*Llama-3.1-8B-Instruct*.gguf"), registry.nameFor("llama3.1:8b", "llamacpp"));
    }

    @Test
    void theShippedModelIsMapped() {
        ModelEntry fast = registry.find(ModelRegistry.FAST_MODEL).orElseThrow();
        assertEquals(Optional.of("stories260K.gguf"), fast.nameFor("llamacpp"));
        assertEquals(fast, registry.find("tinystories").orElseThrow());
    }

    @Test
    void unknownNamesPassThroughUnchanged() {
        assertEquals("mistral:7b-instruct-q4_K_M", registry.nameOrSelf("mistral:7b-instruct-q4_K_M", "ollama"));
        assertEquals("org/unknown", registry.nameOrSelf("org/unknown", "hf"));
        assertEquals(Optional.empty(), registry.nameFor("org/unknown", "llamacpp"));
    }

    @Test
    void entriesAddedFromCodeWinOverBuiltIns() {
        ModelRegistry mine = registry.with(new ModelEntry("llama-3.1-8b-instruct", List.of("llama3.1"),
                Map.of("hf", "meta-llama/Llama-3.1-8B-Instruct", "ollama", "llama3.1:8b-instruct-q8_0")));
        assertEquals("llama3.1:8b-instruct-q8_0", mine.nameOrSelf("llama3.1", "ollama"));
        assertEquals("llama3.1:8b", registry.nameOrSelf("llama3.1", "ollama"), "the original is unchanged");
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
        assertEquals("phi3:mini", loaded.nameOrSelf("phi3", "ollama"));
        assertEquals("microsoft/Phi-3-mini-4k-instruct", loaded.nameOrSelf("phi3:mini", "hf"));
        assertEquals("llama3.1:8b", loaded.nameOrSelf("llama3.1", "ollama"), "built-ins stay");
    }

    @Test
    void aTopLevelArrayIsAcceptedToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("models.json");
        Files.writeString(file, "[{\"name\": \"x\", \"ollamaTag\": \"x:1b\"}]");
        assertEquals("x:1b", registry.withEntriesFrom(file).nameOrSelf("x", "ollama"));
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

    @Test
    void aThirdPartyBackendAddsItsOwnColumnBesideTheOlderFields(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.json");
        Files.writeString(file, """
                {"models": [{"name": "phi-3-mini", "ollamaTag": "phi3:mini",
                             "names": {"mybackend": "phi-3-mini-q4", "hf": "microsoft/Phi-3-mini-4k-instruct"}}]}
                """);
        ModelRegistry loaded = ModelRegistry.builtIn().withEntriesFrom(file);
        assertEquals(Optional.of("phi-3-mini-q4"), loaded.nameFor("phi3:mini", "mybackend"));
        assertEquals("phi3:mini", loaded.nameOrSelf("microsoft/Phi-3-mini-4k-instruct", "ollama"));
        assertEquals(Optional.empty(), loaded.nameFor("phi-3-mini", "elsewhere"));
    }
}
