package io.futurnal.llm.testserver.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake answers generation the way ollama-api.md documents. */
class FakeOllamaServerTest {

    private FakeOllamaServer ollama;

    @BeforeEach
    void start() {
        ollama = FakeOllamaServer.start(ScriptedModel.of("llama3.1:8b", "Hello", ",", " world", "!"),
                ScriptedModel.echo("echo"), ScriptedModel.of("qwen3:0.6b", "Yes").withThinking("Let me", " think"));
    }

    @AfterEach
    void stop() {
        ollama.close();
    }

    @Test
    void rootAnswersThatOllamaIsRunning() throws Exception {
        HttpResponse<String> get = Http.get(ollama.baseUri(), "/");
        assertEquals(200, get.statusCode());
        assertEquals("Ollama is running", get.body());
        assertEquals(200, Http.send(ollama.baseUri(), "HEAD", "/", null).statusCode());
        assertEquals("0.12.6", Http.json(Http.get(ollama.baseUri(), "/api/version").body()).get("version").asText());
    }

    @Test
    void streamsGenerateAsNdjsonWithFinalMetrics() throws Exception {
        HttpResponse<String> r = Http.post(ollama.baseUri(), "/api/generate", "{\"model\":\"llama3.1:8b\",\"prompt\":\"Say hello to me\"}");
        assertEquals(200, r.statusCode());
        assertEquals("application/x-ndjson", Http.contentType(r));
        List<JsonNode> lines = Http.lines(r.body());
        assertEquals(5, lines.size());
        assertEquals("Hello", lines.get(0).get("response").asText());
        assertFalse(lines.get(0).get("done").asBoolean());
        assertTrue(lines.get(0).has("created_at"));
        JsonNode last = lines.get(4);
        assertTrue(last.get("done").asBoolean());
        assertEquals("stop", last.get("done_reason").asText());
        assertEquals(4, last.get("prompt_eval_count").asInt());
        assertEquals(4, last.get("eval_count").asInt());
        assertEquals(4 * FakeOllamaServer.EVAL_NANOS_PER_TOKEN, last.get("eval_duration").asLong());
        assertEquals(FakeOllamaServer.LOAD_NANOS_COLD, last.get("load_duration").asLong());
        assertEquals(8, last.get("context").size());
        JsonNode again = Http.lines(Http.post(ollama.baseUri(), "/api/generate",
                "{\"model\":\"LLAMA3.1:8B\",\"prompt\":\"x\"}").body()).get(4);
        assertEquals(FakeOllamaServer.LOAD_NANOS_WARM, again.get("load_duration").asLong(), "warm the second time");
    }

    @Test
    void answersOneJsonObjectWhenNotStreaming() throws Exception {
        HttpResponse<String> r = Http.post(ollama.baseUri(), "/api/generate",
                "{\"model\":\"llama3.1:8b\",\"prompt\":\"hi\",\"stream\":false}");
        assertEquals("application/json; charset=utf-8", Http.contentType(r));
        assertFalse(r.body().endsWith("\n"), "Go's c.JSON writes no line break");
        JsonNode body = Http.json(r.body());
        assertEquals("Hello, world!", body.get("response").asText());
        assertTrue(body.get("done").asBoolean());
    }

    @Test
    void honoursNumPredictAndStop() throws Exception {
        JsonNode limited = Http.json(Http.post(ollama.baseUri(), "/api/generate",
                "{\"model\":\"llama3.1:8b\",\"prompt\":\"hi\",\"stream\":false,\"options\":{\"num_predict\":2}}").body());
        assertEquals("Hello,", limited.get("response").asText());
        assertEquals("length", limited.get("done_reason").asText());
        JsonNode stopped = Http.json(Http.post(ollama.baseUri(), "/api/generate",
                "{\"model\":\"llama3.1:8b\",\"prompt\":\"hi\",\"stream\":false,\"options\":{\"stop\":[\"wor\"]}}").body());
        assertEquals("Hello, ", stopped.get("response").asText());
        assertEquals("stop", stopped.get("done_reason").asText());
    }

    @Test
    void emptyPromptLoadsAndKeepAliveZeroUnloads() throws Exception {
        JsonNode load = Http.json(Http.post(ollama.baseUri(), "/api/generate", "{\"model\":\"llama3.1:8b\"}").body());
        assertEquals("load", load.get("done_reason").asText());
        assertEquals(List.of("llama3.1:8b"), ollama.loadedModels());
        JsonNode unload = Http.json(Http.post(ollama.baseUri(), "/api/generate",
                "{\"model\":\"llama3.1:8b\",\"keep_alive\":0}").body());
        assertEquals("unload", unload.get("done_reason").asText());
        assertEquals(List.of(), ollama.loadedModels());
        JsonNode chatLoad = Http.json(Http.post(ollama.baseUri(), "/api/chat", "{\"model\":\"llama3.1:8b\",\"messages\":[]}").body());
        assertEquals("load", chatLoad.get("done_reason").asText());
        assertEquals("assistant", chatLoad.get("message").get("role").asText());
    }

    @Test
    void chatStreamsMessagesAndEchoRepeatsTheLastUserMessage() throws Exception {
        String body = "{\"model\":\"echo\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"one two three\"}]}";
        List<JsonNode> lines = Http.lines(Http.post(ollama.baseUri(), "/api/chat", body).body());
        assertEquals("one", lines.get(0).get("message").get("content").asText());
        assertEquals(" two", lines.get(1).get("message").get("content").asText());
        JsonNode last = lines.get(lines.size() - 1);
        assertTrue(last.get("done").asBoolean());
        assertFalse(last.has("context"), "chat has no context");
        assertEquals(5, last.get("prompt_eval_count").asInt());
    }

    @Test
    void thinkingModelsThinkFirstAndOthersRefuseThink() throws Exception {
        List<JsonNode> lines = Http.lines(Http.post(ollama.baseUri(), "/api/chat",
                "{\"model\":\"qwen3:0.6b\",\"messages\":[{\"role\":\"user\",\"content\":\"ok?\"}]}").body());
        assertEquals("Let me", lines.get(0).get("message").get("thinking").asText());
        assertEquals("", lines.get(0).get("message").get("content").asText());
        assertEquals("Yes", lines.get(2).get("message").get("content").asText());
        HttpResponse<String> refused = Http.post(ollama.baseUri(), "/api/generate",
                "{\"model\":\"llama3.1:8b\",\"prompt\":\"x\",\"think\":true}");
        assertEquals(400, refused.statusCode());
        assertEquals("\"llama3.1:8b\" does not support thinking", Http.json(refused.body()).get("error").asText());
    }

    @Test
    void errorsUseOllamasStatusesAndTexts() throws Exception {
        assertError(404, "model 'nope' not found", Http.post(ollama.baseUri(), "/api/generate", "{\"model\":\"nope\",\"prompt\":\"x\"}"));
        assertError(404, "model 'nope:1b' not found", Http.post(ollama.baseUri(), "/api/chat", "{\"model\":\"nope:1b\",\"messages\":[]}"));
        assertError(400, "model is required", Http.post(ollama.baseUri(), "/api/generate", "{\"prompt\":\"x\"}"));
        assertError(400, "missing request body", Http.post(ollama.baseUri(), "/api/generate", ""));
        assertError(400, "invalid character 'n' looking for beginning of value", Http.post(ollama.baseUri(), "/api/chat", "not json"));
        assertError(400, "time: invalid duration \"soon\"",
                Http.post(ollama.baseUri(), "/api/generate", "{\"model\":\"llama3.1:8b\",\"keep_alive\":\"soon\"}"));
        assertError(400, "json: cannot unmarshal number into Go struct field GenerateRequest.prompt of type string",
                Http.post(ollama.baseUri(), "/api/generate", "{\"model\":\"llama3.1:8b\",\"prompt\":5}"));
        assertError(400, "illegal base64 data at input byte 0", Http.post(ollama.baseUri(), "/api/chat",
                "{\"model\":\"llama3.1:8b\",\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"images\":[\"***\"]}]}"));
        HttpResponse<String> unknown = Http.get(ollama.baseUri(), "/api/nothing");
        assertEquals(404, unknown.statusCode());
        assertEquals("404 page not found", unknown.body());
        assertEquals(405, Http.get(ollama.baseUri(), "/api/generate").statusCode());
    }

    @Test
    void recordsWhatWasSent() throws Exception {
        Http.post(ollama.baseUri(), "/api/generate",
                "{\"model\":\"llama3.1:8b\",\"prompt\":\"x\",\"options\":{\"num_ctx\":4096},\"stream\":false}");
        var request = ollama.lastRequest("/api/generate");
        assertEquals("POST", request.method());
        assertEquals(4096, request.field("options.num_ctx").asInt());
        assertFalse(request.field("stream").asBoolean());
        assertTrue(request.header("CONTENT-LENGTH").isPresent());
    }

    static void assertError(int status, String message, HttpResponse<String> r) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(Http.contentType(r).startsWith("application/json"), Http.contentType(r));
        assertEquals(message, Http.json(r.body()).get("error").asText());
    }
}
