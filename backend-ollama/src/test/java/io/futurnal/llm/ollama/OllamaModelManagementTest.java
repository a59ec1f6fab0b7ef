package io.futurnal.llm.ollama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.Capability;
import io.futurnal.llm.EmbeddingResult;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.ModelManagement;
import io.futurnal.llm.ModelNotFoundException;
import io.futurnal.llm.ModelSummary;
import io.futurnal.llm.PullProgress;
import io.futurnal.llm.testserver.ollama.FakeOllamaServer;
import io.futurnal.llm.testserver.ollama.ScriptedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every model endpoint: tags, pull, delete, copy, show, ps, version, embed. */
class OllamaModelManagementTest {

    private FakeOllamaServer ollama;
    private OllamaClient client;

    @BeforeEach
    void start() {
        ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "hi"), ScriptedModel.embedding("nomic-embed-text", 8),
                ScriptedModel.of("llava:7b", "a cat").withCapabilities("completion", "vision"));
        ollama.addPullable(ScriptedModel.of("qwen2.5:0.5b", "ok"));
        client = TestConfigs.client(ollama, "llama3.1:8b");
    }

    @AfterEach
    void stop() {
        client.close();
        ollama.close();
    }

    @Test
    void isReachableAsModelManagementThroughUnwrap() {
        LlmClient plain = client;
        ModelManagement management = plain.unwrap(ModelManagement.class).orElseThrow();
        List<ModelSummary> models = management.listModels();
        assertEquals(List.of("llama3.1:8b", "nomic-embed-text:latest", "llava:7b"), models.stream().map(ModelSummary::name).toList());
        assertEquals("Q4_K_M", models.get(0).details().get("quantization_level"));
        assertEquals(64, models.get(0).details().get("digest").length());
        assertTrue(models.get(0).sizeBytes() > 0);
        assertTrue(plain.unwrap(OllamaClient.class).isPresent());
    }

    @Test
    void pullReportsEveryProgressLineAndInstallsTheModel() {
        List<PullProgress> updates = new ArrayList<>();
        client.pull("qwen2.5-0.5b", updates::add);
        assertEquals("qwen2.5:0.5b", ollama.lastRequest("/api/pull").field("model").asText(), "the registry name became the tag");
        assertTrue(ollama.lastRequest("/api/pull").field("stream").asBoolean());
        assertEquals("pulling manifest", updates.get(0).status());
        assertEquals(-1.0, updates.get(0).fraction());
        PullProgress half = updates.get(2);
        assertTrue(half.digest().startsWith("sha256:"), half.toString());
        assertEquals(0.5, half.fraction(), 0.01);
        assertEquals("success", updates.get(updates.size() - 1).status());
        assertTrue(ollama.modelNames().contains("qwen2.5:0.5b"));
    }

    @Test
    void pullOfAnUnknownModelIsModelNotFound() {
        List<PullProgress> updates = new ArrayList<>();
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> client.pull("nosuchmodel:3b", updates::add));
        assertEquals("nosuchmodel:3b", e.model());
        assertTrue(e.hint().contains("file does not exist"), e.hint());
        assertEquals(1, updates.size(), "the manifest line came before the error");
    }

    @Test
    void deleteAndCopy() {
        client.copy("llama3.1:8b", "my-llama");
        assertTrue(ollama.modelNames().contains("my-llama:latest"));
        assertEquals("my-llama:latest", ollama.lastRequest("/api/copy").field("destination").asText());
        client.delete("my-llama");
        assertEquals("DELETE", ollama.lastRequest("/api/delete").method());
        assertTrue(!ollama.modelNames().contains("my-llama:latest"));
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> client.delete("my-llama"));
        assertEquals("my-llama:latest", e.model());
        assertEquals("it is not installed; see: ollama list", e.hint());
        assertThrows(ModelNotFoundException.class, () -> client.copy("gone", "x"));
    }

    @Test
    void showVersionAndCapabilities() {
        OllamaModelInfo info = client.show("llava:7b");
        assertEquals(List.of("completion", "vision"), info.capabilities());
        assertEquals("llama", info.family());
        assertEquals(8192, info.contextLength().orElseThrow());
        assertTrue(info.modelfile().contains("FROM"));
        assertEquals("0.12.6", client.version());
        try (OllamaClient vision = TestConfigs.client(ollama, "llava:7b")) {
            assertTrue(vision.capabilities().contains(Capability.IMAGES));
        }
        try (OllamaClient embedder = TestConfigs.client(ollama, "nomic-embed-text")) {
            assertTrue(embedder.capabilities().contains(Capability.EMBEDDINGS));
        // the model lists "completion" and "tools" in /api/show
        }
        assertEquals(Set.of(Capability.CHAT, Capability.JSON_FORMAT, Capability.JSON_SCHEMA, Capability.MODEL_MANAGEMENT,
                Capability.TOOLS),
                client.capabilities());
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> client.show("nope:1b"));
        assertEquals("run: ollama pull nope:1b", e.hint());
    }

    @Test
    void embedReturnsOneVectorPerTextInOrder() {
        try (OllamaClient embedder = TestConfigs.client(ollama, "nomic-embed-text")) {
            EmbeddingResult r = embedder.embed(List.of("a cat", "a dog", "a cat"));
            assertEquals(3, r.vectors().size());
            assertEquals(8, r.dimensions());
            assertEquals("nomic-embed-text:latest", r.model());
            assertEquals(6, r.promptTokens());
            assertArrayEquals(FakeOllamaServer.expectedEmbedding("a cat", 8), r.vectors().get(0), 1e-6f);
            assertArrayEquals(r.vectors().get(0), r.vectors().get(2));
            assertEquals(List.of(), embedder.embed(List.of()).vectors());
            EmbeddingResult narrow = client.embed("nomic-embed-text", List.of("a cat"), Map.of("dimensions", 4, "truncate", false));
            assertEquals(4, narrow.dimensions());
            assertEquals(4, ollama.lastRequest("/api/embed").field("dimensions").asInt());
        }
    }
}
