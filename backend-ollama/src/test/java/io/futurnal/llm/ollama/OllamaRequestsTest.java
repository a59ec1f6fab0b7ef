package io.futurnal.llm.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.http.JsonSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How options land in Ollama's request bodies. */
class OllamaRequestsTest {

    private final ObjectMapper mapper = JsonSupport.newMapper();
    private final OllamaRequests requests = new OllamaRequests(mapper, null);

    private JsonNode json(Object body) throws Exception {
        return mapper.readTree(mapper.writeValueAsBytes(body));
    }

    @Test
    void portableOptionsGoIntoOptionsAndNullsAreLeftOut() throws Exception {
        GenerationOptions o = GenerationOptions.builder().temperature(0.0).seed(42L).maxTokens(64).topK(40).topP(0.9)
                .stop("\n\n", "END").systemPrompt("be brief").build();
        JsonNode body = json(requests.generate("llama3.1:8b", "hi", o, true));
        assertEquals("llama3.1:8b", body.get("model").asText());
        assertEquals("hi", body.get("prompt").asText());
        assertEquals("be brief", body.get("system").asText());
        assertTrue(body.get("stream").asBoolean());
        JsonNode options = body.get("options");
        assertEquals(0.0, options.get("temperature").asDouble());
        assertEquals(42, options.get("seed").asLong());
        assertEquals(64, options.get("num_predict").asInt());
        assertEquals(40, options.get("top_k").asInt());
        assertEquals(0.9, options.get("top_p").asDouble());
        assertEquals("END", options.get("stop").get(1).asText());
        assertFalse(body.has("format"));
        assertFalse(body.has("keep_alive"));
        assertFalse(body.has("extra"), "extra keys are flattened, not nested");
    }

    @Test
    void extraKeysGoTopLevelOrIntoOptionsByWhatOllamaExpects() throws Exception {
        GenerationOptions o = GenerationOptions.builder()
                .extra(Map.of("num_ctx", 8192, "repeat_penalty", 1.1, "min_p", 0.05, "keep_alive", Duration.ofMinutes(10),
                        "think", "high", "raw", true, "suffix", "}", "template", "{{ .Prompt }}",
                        "options", Map.of("num_gpu", 1)))
                .build();
        JsonNode body = json(requests.generate("m:latest", "p", o, false));
        assertEquals(8192, body.get("options").get("num_ctx").asInt());
        assertEquals(1.1, body.get("options").get("repeat_penalty").asDouble());
        assertEquals(0.05, body.get("options").get("min_p").asDouble());
        assertEquals(1, body.get("options").get("num_gpu").asInt());
        assertEquals("600000ms", body.get("keep_alive").asText());
        assertEquals("high", body.get("think").asText());
        assertTrue(body.get("raw").asBoolean());
        assertEquals("}", body.get("suffix").asText());
        assertEquals("{{ .Prompt }}", body.get("template").asText());
        assertFalse(body.get("stream").asBoolean());
        assertFalse(body.get("options").has("think"));
    }

    @Test
    void formatIsJsonOrASchemaObject() throws Exception {
        assertEquals("json", json(requests.generate("m", "p", GenerationOptions.builder().format(ResponseFormat.JSON).build(), true))
                .get("format").asText());
        String schema = "{\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"integer\"}},\"required\":[\"age\"]}";
        JsonNode format = json(requests.chat("m", io.futurnal.llm.ChatRequest.of(List.of(ChatMessage.user("x")),
                GenerationOptions.builder().format(ResponseFormat.jsonSchema(schema)).build()), true)).get("format");
        assertEquals("integer", format.get("properties").get("age").get("type").asText());
        InvalidRequestException bad = assertThrows(InvalidRequestException.class, () -> requests.generate("m", "p",
                GenerationOptions.builder().format(ResponseFormat.jsonSchema("{not json")).build(), true));
        assertTrue(bad.getMessage().startsWith("the JSON schema is not valid JSON"), bad.getMessage());
        assertThrows(InvalidRequestException.class, () -> requests.generate("m", "p",
                GenerationOptions.builder().format(ResponseFormat.JSON).extra("format", "json").build(), true));
    }

    @Test
    void chatPutsTheSystemPromptFirstAndImagesAsBase64() throws Exception {
        ChatMessage withImage = ChatMessage.user("what is this?").withImage(new byte[] {1, 2, 3});
        JsonNode body = json(requests.chat("llava:7b", io.futurnal.llm.ChatRequest.of(List.of(ChatMessage.assistant(""), withImage),
                GenerationOptions.builder().systemPrompt("you see images").build()), true));
        JsonNode messages = body.get("messages");
        assertEquals("system", messages.get(0).get("role").asText());
        assertEquals("you see images", messages.get(0).get("content").asText());
        assertEquals("", messages.get(1).get("content").asText(), "empty content is still sent");
        assertEquals("AQID", messages.get(2).get("images").get(0).asText());
        assertFalse(messages.get(1).has("images"));
    }

    @Test
    void defaultKeepAliveIsSentUnlessTheCallNamesOne() throws Exception {
        OllamaRequests withDefault = new OllamaRequests(mapper, "30m");
        assertEquals("30m", json(withDefault.generate("m", "p", GenerationOptions.DEFAULTS, true)).get("keep_alive").asText());
        assertEquals(-1, json(withDefault.generate("m", "p", GenerationOptions.builder().extra("keep_alive", -1).build(), true))
                .get("keep_alive").asInt());
        assertEquals(0, json(withDefault.loadOrUnload("m", 0)).get("keep_alive").asInt());
        assertThrows(InvalidRequestException.class, () -> requests.generate("m", "p",
                GenerationOptions.builder().extra("keep_alive", List.of()).build(), true));
    }

    @Test
    void embedPassesTruncateAndDimensionsTopLevelAndTheRestAsOptions() throws Exception {
        JsonNode body = json(requests.embed("nomic-embed-text:latest", List.of("a", "b"),
                Map.of("truncate", false, "dimensions", 256, "num_ctx", 2048)));
        assertEquals(2, body.get("input").size());
        assertFalse(body.get("truncate").asBoolean());
        assertEquals(256, body.get("dimensions").asInt());
        assertEquals(2048, body.get("options").get("num_ctx").asInt());
    }
}
