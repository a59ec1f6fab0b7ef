package io.futurnal.llm.testserver.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code num_ctx} and {@code truncate}, seen from a plain client: the window, the refusal and the cut. */
class FakeOllamaContextTest {

    private static final String TEN_WORDS = "a b c d e f g h i j";
    private FakeOllamaServer ollama;

    @BeforeEach
    void start() {
        ollama = FakeOllamaServer.start(ScriptedModel.echo("echo:1b").withContextLength(8));
    }

    @AfterEach
    void stop() {
        ollama.close();
    }

    @Test
    void byDefaultALongPromptIsCutSilentlyKeepingNumKeepTokensAndTheEnd() throws Exception {
        JsonNode r = generate("{\"model\":\"echo:1b\",\"prompt\":\"" + TEN_WORDS + "\",\"stream\":false}", 200);
        assertEquals(8, r.get("prompt_eval_count").asInt(), "the window is the model's 8, below the default 4096");
        assertEquals("a b c d g h i j", r.get("response").asText());
    }

    @Test
    void withTruncateFalseALongPromptIsA400BeforeAnyChunk() throws Exception {
        JsonNode whole = generate("{\"model\":\"echo:1b\",\"prompt\":\"" + TEN_WORDS + "\",\"stream\":false,\"truncate\":false}", 400);
        assertEquals("the input length exceeds the context length", whole.get("error").asText());
        JsonNode streamed = generate("{\"model\":\"echo:1b\",\"prompt\":\"" + TEN_WORDS + "\",\"truncate\":false}", 400);
        assertEquals("the input length exceeds the context length", streamed.get("error").asText());
    }

    @Test
    void numCtxSetsTheWindowUpToTheModelsOwn() throws Exception {
        JsonNode small = generate("{\"model\":\"echo:1b\",\"prompt\":\"a b c d e f\",\"stream\":false,\"truncate\":false,"
                + "\"options\":{\"num_ctx\":5}}", 400);
        assertTrue(small.has("error"));
        JsonNode big = generate("{\"model\":\"echo:1b\",\"prompt\":\"" + TEN_WORDS + "\",\"stream\":false,"
                + "\"options\":{\"num_ctx\":100}}", 200);
        assertEquals(8, big.get("prompt_eval_count").asInt(), "a window over the model's own is lowered to it");
    }

    @Test
    void aChatOverTheWindowDropsItsOldestMessagesFirst() throws Exception {
        HttpResponse<String> r = Http.post(ollama.baseUri(), "/api/chat", "{\"model\":\"echo:1b\",\"stream\":false,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":\"" + TEN_WORDS + "\"},"
                + "{\"role\":\"user\",\"content\":\"last one\"}]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = Http.json(r.body());
        assertEquals(3, answer.get("prompt_eval_count").asInt());
        assertEquals("last one", answer.path("message").path("content").asText());
    }

    private JsonNode generate(String body, int status) throws Exception {
        HttpResponse<String> r = Http.post(ollama.baseUri(), "/api/generate", body);
        assertEquals(status, r.statusCode(), r.body());
        return Http.json(r.body());
    }
}
