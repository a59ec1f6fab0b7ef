package io.futurnal.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.ChatMessage;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.ResponseFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiRequestsTest {

    private static JsonNode json(byte[] body) throws Exception {
        return OpenAiWire.MAPPER.readTree(body);
    }

    @Test
    void chatBodyCarriesEverySamplingOptionUnderItsWireName() throws Exception {
        GenerationOptions options = GenerationOptions.builder().temperature(0.25).seed(7L).maxTokens(33)
                .stop("END", "###").topP(0.9).topK(40).build();
        JsonNode body = json(OpenAiRequests.chat("m", List.of(ChatMessage.user("hi")), options, true));

        assertEquals("m", body.get("model").asText());
        assertTrue(body.get("stream").asBoolean());
        assertTrue(body.get("stream_options").get("include_usage").asBoolean());
        assertEquals(0.25, body.get("temperature").asDouble());
        assertEquals(7, body.get("seed").asLong());
        assertEquals(33, body.get("max_tokens").asInt());
        assertEquals("END", body.get("stop").get(0).asText());
        assertEquals("###", body.get("stop").get(1).asText());
        assertEquals(0.9, body.get("top_p").asDouble());
        assertEquals(40, body.get("top_k").asInt());
        assertEquals("user", body.get("messages").get(0).get("role").asText());
        assertEquals("hi", body.get("messages").get(0).get("content").asText());
        assertFalse(body.has("prompt"));
        assertFalse(body.has("response_format"));
    }

    @Test
    void unsetOptionsAreLeftOutAndANonStreamedCallSaysSo() throws Exception {
        JsonNode body = json(OpenAiRequests.completion("m", "Once", GenerationOptions.DEFAULTS, false));
        assertEquals("Once", body.get("prompt").asText());
        assertFalse(body.get("stream").asBoolean());
        for (String absent : List.of("stream_options", "temperature", "seed", "max_tokens", "stop", "top_p", "top_k",
                "messages", "response_format")) {
            assertFalse(body.has(absent), absent + " should be absent: " + body);
        }
    }

    @Test
    void systemPromptBecomesTheFirstMessageAndMergesWithAnExistingSystemMessage() throws Exception {
        GenerationOptions options = GenerationOptions.builder().systemPrompt("Be brief.").build();
        JsonNode plain = json(OpenAiRequests.chat("m", List.of(ChatMessage.user("hi")), options, true)).get("messages");
        assertEquals(2, plain.size());
        assertEquals("system", plain.get(0).get("role").asText());
        assertEquals("Be brief.", plain.get(0).get("content").asText());

        JsonNode merged = json(OpenAiRequests.chat("m",
                List.of(ChatMessage.system("You are a pirate."), ChatMessage.user("hi")), options, true)).get("messages");
        assertEquals(2, merged.size());
        assertEquals("Be brief.\n\nYou are a pirate.", merged.get(0).get("content").asText());
        assertEquals("user", merged.get(1).get("role").asText());
    }

    @Test
    void completionPutsTheSystemPromptBeforeThePrompt() throws Exception {
        GenerationOptions options = GenerationOptions.builder().systemPrompt("Rules.").build();
        assertEquals("Rules.\n\nOnce", json(OpenAiRequests.completion("m", "Once", options, true)).get("prompt").asText());
    }

    @Test
    void jsonFormatsMapToResponseFormat() throws Exception {
        JsonNode json = json(OpenAiRequests.chat("m", List.of(ChatMessage.user("x")),
                GenerationOptions.builder().format(ResponseFormat.JSON).build(), false)).get("response_format");
        assertEquals("json_object", json.get("type").asText());

        String schema = "{\"title\":\"Person record\",\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}";
        JsonNode fmt = json(OpenAiRequests.completion("m", "x",
                GenerationOptions.builder().format(ResponseFormat.jsonSchema(schema)).build(), false)).get("response_format");
        assertEquals("json_schema", fmt.get("type").asText());
        assertEquals("Person_record", fmt.get("json_schema").get("name").asText());
        assertTrue(fmt.get("json_schema").get("strict").asBoolean());
        assertEquals("string", fmt.get("json_schema").get("schema").get("properties").get("name").get("type").asText());
    }

    @Test
    void anUntitledSchemaIsNamedResponseAndABrokenOneIsRejected() {
        JsonNode fmt = OpenAiRequests.responseFormat(ResponseFormat.jsonSchema("{\"type\":\"object\"}"));
        assertEquals("response", fmt.get("json_schema").get("name").asText());
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> OpenAiRequests.responseFormat(ResponseFormat.jsonSchema("{\"type\": ")));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        assertThrows(InvalidRequestException.class, () -> OpenAiRequests.responseFormat(ResponseFormat.jsonSchema("[1]")));
    }

    @Test
    void extraOptionsBecomeTopLevelFieldsButCannotReplaceTheExchangeFields() throws Exception {
        GenerationOptions options = GenerationOptions.builder().extra("repetition_penalty", 1.1)
                .extra("logit_bias", java.util.Map.of("50256", -100)).build();
        JsonNode body = json(OpenAiRequests.completion("m", "x", options, true));
        assertEquals(1.1, body.get("repetition_penalty").asDouble());
        assertEquals(-100, body.get("logit_bias").get("50256").asInt());

        for (String reserved : List.of("model", "stream", "messages", "prompt", "stream_options", "n")) {
            GenerationOptions bad = GenerationOptions.builder().extra(reserved, "x").build();
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> OpenAiRequests.completion("m", "x", bad, true));
            assertTrue(e.getMessage().contains(reserved), e.getMessage());
        }
    }

    @Test
    void imagesTravelAsDataUrlsOfTheRightType() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2};
        ChatMessage m = ChatMessage.user("what is this?").withImage(png);
        JsonNode content = json(OpenAiRequests.chat("m", List.of(m), GenerationOptions.DEFAULTS, true))
                .get("messages").get(0).get("content");
        assertEquals("text", content.get(0).get("type").asText());
        assertEquals("what is this?", content.get(0).get("text").asText());
        assertEquals("image_url", content.get(1).get("type").asText());
        assertTrue(content.get(1).get("image_url").get("url").asText().startsWith("data:image/png;base64,iVBORw0KGgo"));

        assertEquals("image/jpeg", OpenAiRequests.imageType(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}));
        assertThrows(InvalidRequestException.class,
                () -> OpenAiRequests.chat("m", List.of(ChatMessage.user("x").withImage(new byte[] {1, 2, 3})),
                        GenerationOptions.DEFAULTS, true));
    }

    @Test
    void anEmptyChatOrANullPromptOrTextIsRejected() {
        assertThrows(InvalidRequestException.class, () -> OpenAiRequests.chat("m", List.of(), GenerationOptions.DEFAULTS, true));
        assertThrows(InvalidRequestException.class, () -> OpenAiRequests.completion("m", null, GenerationOptions.DEFAULTS, true));
        assertThrows(InvalidRequestException.class, () -> OpenAiRequests.embeddings("m", java.util.Arrays.asList("a", null)));
    }

    @Test
    void embeddingBodyAsksForFloats() throws Exception {
        JsonNode body = json(OpenAiRequests.embeddings("e5", List.of("a", "b")));
        assertEquals("e5", body.get("model").asText());
        assertEquals(2, body.get("input").size());
        assertEquals("float", body.get("encoding_format").asText());
    }
}
