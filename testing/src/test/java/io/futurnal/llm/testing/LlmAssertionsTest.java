package io.futurnal.llm.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationMetrics;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.InvalidRequestException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class LlmAssertionsTest {
    private static final String PERSON = """
            {"type": "object",
             "required": ["name", "age"],
             "properties": {
               "name": {"type": "string"},
               "age": {"type": "integer", "minimum": 0},
               "tags": {"type": "array", "items": {"enum": ["a", "b"]}}
             },
             "additionalProperties": false}""";

    @Test
    void assertJsonReturnsTheParsedValue() {
        JsonNode node = LlmAssertions.assertJson(" {\"answer\": 42, \"list\": [1, 2]} \n");
        assertEquals(42, node.get("answer").asInt());
        assertEquals(2, node.get("list").size());
        assertTrue(LlmAssertions.assertJson("\"just a string\"").isTextual());
    }

    @Test
    void malformedJsonFailsWithTheLocationAndTheText() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> LlmAssertions.assertJson("{\"answer\": 42,\n \"x\": }"));
        assertTrue(e.getMessage().contains("line 2, column"), e.getMessage());
        assertTrue(e.getMessage().contains("\"x\": }"), "shows the text: " + e.getMessage());
    }

    @Test
    void trailingTextDuplicateKeysAndEmptyInputAreNotJson() {
        assertThrows(AssertionFailedError.class, () -> LlmAssertions.assertJson("{\"a\": 1} and some chatter"));
        AssertionFailedError duplicate = assertThrows(AssertionFailedError.class, () -> LlmAssertions.assertJson("{\"a\": 1, \"a\": 2}"));
        assertTrue(duplicate.getMessage().contains("Duplicate field 'a'"), duplicate.getMessage());
        assertTrue(assertThrows(AssertionFailedError.class, () -> LlmAssertions.assertJson("  ")).getMessage().contains("only whitespace"));
        assertTrue(assertThrows(AssertionFailedError.class, () -> LlmAssertions.assertJson((String) null)).getMessage().contains("null"));
    }

    @Test
    void aCodeFenceGetsAHint() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> LlmAssertions.assertJson("```json\n{\"a\": 1}\n```"));
        assertTrue(e.getMessage().contains("Markdown code fence"), e.getMessage());
    }

    @Test
    void longTextIsShortenedInTheMessage() {
        String text = "x".repeat(10_000);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> LlmAssertions.assertJson(text));
        assertTrue(e.getMessage().contains("10000 chars, first 2000 shown"), e.getMessage().substring(0, 300));
        assertTrue(e.getMessage().length() < 2600, "length " + e.getMessage().length());
    }

    @Test
    void resultFailuresNameTheBackendAndModel() {
        GenerationResult result = new GenerationResult("Sure! Here is JSON:", FinishReason.STOP, GenerationMetrics.EMPTY, "ollama", "llama3.1:8b");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> LlmAssertions.assertJson(result));
        assertTrue(e.getMessage().contains("from backend 'ollama' (model 'llama3.1:8b')"), e.getMessage());
    }

    @Test
    void matchingJsonPasses() {
        JsonNode node = LlmAssertions.assertMatchesSchema("{\"name\": \"Lily\", \"age\": 3, \"tags\": [\"a\"]}", PERSON);
        assertEquals("Lily", node.get("name").asText());
    }

    @Test
    void everyViolationIsListedWithItsLocation() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> LlmAssertions.assertMatchesSchema("{\"name\": 7, \"age\": -1, \"tags\": [\"c\"], \"extra\": true}", PERSON));
        String message = e.getMessage();
        assertTrue(message.contains("4 violations"), message);
        assertTrue(message.contains("  /name: "), message);
        assertTrue(message.contains("  /age: "), message);
        assertTrue(message.contains("  /tags/0: "), message);
        assertTrue(message.contains("  (root): ") && message.contains("'extra'"), message);

        AssertionFailedError missing = assertThrows(AssertionFailedError.class,
                () -> LlmAssertions.assertMatchesSchema("{\"name\": \"Tom\"}", PERSON));
        assertTrue(missing.getMessage().contains("1 violation") && missing.getMessage().contains("age"), missing.getMessage());
    }

    @Test
    void schemaChecksApplyToResultsToo() {
        GenerationResult result = new GenerationResult("[1, 2]", FinishReason.STOP, GenerationMetrics.EMPTY, "llamacpp", "stories260k");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> LlmAssertions.assertMatchesSchema(result, PERSON));
        assertTrue(e.getMessage().contains("backend 'llamacpp'"), e.getMessage());
    }

    @Test
    void olderDraftsNamedBySchemaAreHonoured() {
        String draft4 = "{\"$schema\": \"http://json-schema.org/draft-04/schema#\", \"type\": \"integer\", \"maximum\": 5, \"exclusiveMaximum\": true}";
        LlmAssertions.assertMatchesSchema("4", draft4);
        assertThrows(AssertionFailedError.class, () -> LlmAssertions.assertMatchesSchema("5", draft4));
    }

    @Test
    void aBrokenSchemaIsTheTestAuthorsMistake() {
        InvalidRequestException notJson = assertThrows(InvalidRequestException.class,
                () -> LlmAssertions.assertMatchesSchema("{}", "{type: object"));
        assertTrue(notJson.getMessage().contains("not valid JSON"), notJson.getMessage());
        assertThrows(InvalidRequestException.class, () -> LlmAssertions.assertMatchesSchema("{}", "[1]"));
    }

    @Test
    void remoteReferencesAreNeverFetched() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String schema = "{\"$ref\": \"http://127.0.0.1:" + server.getLocalPort() + "/person.json\"}";
            assertThrows(InvalidRequestException.class, () -> LlmAssertions.assertMatchesSchema("{}", schema));
            server.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, server::accept, "nobody connected to the schema's host");
        }
    }

    @Test
    void assertGeneratedWantsTextThatWasNotCancelled() {
        assertEquals("hi", LlmAssertions.assertGenerated(
                new GenerationResult("hi", FinishReason.LENGTH, GenerationMetrics.EMPTY, "fake", "m")));
        AssertionFailedError empty = assertThrows(AssertionFailedError.class, () -> LlmAssertions.assertGenerated(
                new GenerationResult(" ", FinishReason.STOP, GenerationMetrics.EMPTY, "fake", "m")));
        assertTrue(empty.getMessage().contains("no text from backend 'fake'"), empty.getMessage());
        AssertionFailedError cancelled = assertThrows(AssertionFailedError.class, () -> LlmAssertions.assertGenerated(
                new GenerationResult("Once", FinishReason.CANCELLED, GenerationMetrics.EMPTY, "fake", "m")));
        assertTrue(cancelled.getMessage().contains("cancelled"), cancelled.getMessage());
    }
}
