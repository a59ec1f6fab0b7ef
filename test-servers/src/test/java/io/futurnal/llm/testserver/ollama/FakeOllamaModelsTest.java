package io.futurnal.llm.testserver.ollama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake's model management and embedding endpoints. */
class FakeOllamaModelsTest {

    private FakeOllamaServer ollama;

    @BeforeEach
    void start() {
        ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "Hi"), ScriptedModel.embedding("nomic-embed-text", 8));
        ollama.addPullable(ScriptedModel.of("qwen2.5:0.5b", "Ok"));
    }

    @AfterEach
    void stop() {
        ollama.close();
    }

    @Test
    void tagsListsModelsNewestFirstWithDetails() throws Exception {
        JsonNode models = Http.json(Http.get(ollama.baseUri(), "/api/tags").body()).get("models");
        assertEquals(2, models.size());
        assertEquals("llama3.1:8b", models.get(0).get("name").asText());
        assertEquals("nomic-embed-text:latest", models.get(1).get("model").asText());
        assertEquals(64, models.get(0).get("digest").asText().length());
        assertEquals("Q4_K_M", models.get(0).get("details").get("quantization_level").asText());
        assertTrue(models.get(0).get("size").asLong() > 0);
    }

    @Test
    void showReportsCapabilitiesAndModelInfo() throws Exception {
        JsonNode show = Http.json(Http.post(ollama.baseUri(), "/api/show", "{\"model\":\"nomic-embed-text\"}").body());
        assertEquals(List.of("embedding"), Http.JSON.convertValue(show.get("capabilities"), List.class));
        assertEquals(2048, show.get("model_info").get("nomic-bert.context_length").asInt());
        assertTrue(show.get("modelfile").asText().contains("FROM"));
        FakeOllamaServerTest.assertError(404, "model 'x' not found", Http.post(ollama.baseUri(), "/api/show", "{\"model\":\"x\"}"));
    }

    @Test
    void pullStreamsProgressThenInstalls() throws Exception {
        List<JsonNode> lines = Http.lines(Http.post(ollama.baseUri(), "/api/pull", "{\"model\":\"qwen2.5:0.5b\"}").body());
        assertEquals("pulling manifest", lines.get(0).get("status").asText());
        JsonNode layer = lines.get(3);
        assertTrue(layer.get("status").asText().startsWith("pulling "));
        assertEquals(layer.get("total").asLong(), layer.get("completed").asLong());
        assertEquals("success", lines.get(lines.size() - 1).get("status").asText());
        assertEquals("qwen2.5:0.5b", ollama.modelNames().get(0));
    }

    @Test
    void pullOfAnUnknownModelEndsWithAnErrorLine() throws Exception {
        List<JsonNode> lines = Http.lines(Http.post(ollama.baseUri(), "/api/pull", "{\"model\":\"nosuch:1b\"}").body());
        assertEquals(2, lines.size());
        assertEquals("pull model manifest: file does not exist", lines.get(1).get("error").asText());
    }

    @Test
    void deleteCopyAndPs() throws Exception {
        Http.post(ollama.baseUri(), "/api/generate", "{\"model\":\"llama3.1:8b\",\"prompt\":\"x\"}");
        JsonNode ps = Http.json(Http.get(ollama.baseUri(), "/api/ps").body()).get("models");
        assertEquals("llama3.1:8b", ps.get(0).get("name").asText());
        assertTrue(ps.get(0).has("expires_at") && ps.get(0).has("size_vram"));
        HttpResponse<String> copy = Http.post(ollama.baseUri(), "/api/copy", "{\"source\":\"llama3.1:8b\",\"destination\":\"mine\"}");
        assertEquals(200, copy.statusCode());
        assertTrue(ollama.modelNames().contains("mine:latest"));
        FakeOllamaServerTest.assertError(404, "model \"gone\" not found",
                Http.post(ollama.baseUri(), "/api/copy", "{\"source\":\"gone\",\"destination\":\"x\"}"));
        HttpResponse<String> delete = Http.send(ollama.baseUri(), "DELETE", "/api/delete", "{\"model\":\"mine\"}");
        assertEquals(200, delete.statusCode());
        assertEquals("", delete.body());
        FakeOllamaServerTest.assertError(404, "model 'mine' not found",
                Http.send(ollama.baseUri(), "DELETE", "/api/delete", "{\"model\":\"mine\"}"));
    }

    @Test
    void embedGivesDeterministicUnitVectors() throws Exception {
        JsonNode answer = Http.json(Http.post(ollama.baseUri(), "/api/embed",
                "{\"model\":\"nomic-embed-text\",\"input\":[\"a cat\",\"a dog\"]}").body());
        JsonNode vectors = answer.get("embeddings");
        assertEquals(2, vectors.size());
        assertEquals(8, vectors.get(0).size());
        float[] first = new float[8];
        double norm = 0;
        for (int i = 0; i < 8; i++) {
            first[i] = (float) vectors.get(0).get(i).asDouble();
            norm += first[i] * first[i];
        }
        assertEquals(1.0, norm, 1e-5);
        assertArrayEquals(FakeOllamaServer.expectedEmbedding("a cat", 8), first, 1e-6f);
        assertEquals(4, answer.get("prompt_eval_count").asInt());
        JsonNode narrow = Http.json(Http.post(ollama.baseUri(), "/api/embed",
                "{\"model\":\"nomic-embed-text\",\"input\":\"a cat\",\"dimensions\":3}").body());
        assertEquals(3, narrow.get("embeddings").get(0).size());
        FakeOllamaServerTest.assertError(400, "invalid input type",
                Http.post(ollama.baseUri(), "/api/embed", "{\"model\":\"nomic-embed-text\",\"input\":[1]}"));
        JsonNode legacy = Http.json(Http.post(ollama.baseUri(), "/api/embeddings", "{\"model\":\"nomic-embed-text\",\"prompt\":\"a cat\"}").body());
        assertEquals(8, legacy.get("embedding").size());
    }
}
