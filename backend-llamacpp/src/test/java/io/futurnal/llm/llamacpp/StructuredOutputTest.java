package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.futurnal.llm.ContextLengthExceededException;
import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.IncompleteOutputException;
import io.futurnal.llm.InvalidRequestException;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.internal.Json;
import io.futurnal.llm.internal.JsonSchemaCheck;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Grammar-constrained output on stories260K, and options that must never reach native code. */
class StructuredOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PERSON = "{\"type\":\"object\",\"properties\":{"
            + "\"name\":{\"type\":\"string\",\"maxLength\":12},"
            + "\"age\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":99},"
            + "\"mood\":{\"enum\":[\"happy\",\"sad\"]}},"
            + "\"required\":[\"name\",\"age\",\"mood\"]}";
    private static LlamaCppClient client;

    @BeforeAll
    static void open() {
        client = TestModels.openStories();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static GenerationOptions.Builder greedy() {
        return GenerationOptions.builder().temperature(0.0).maxTokens(200);
    }

    @Test
    void jsonSchemaOutputParsesAndMatches() throws Exception {
        GenerationResult r = client.generate("Lily is a girl. Her record:", greedy().format(ResponseFormat.jsonSchema(PERSON)).build());
        assertEquals(FinishReason.STOP, r.finishReason(), "the grammar ends in the end-of-sequence token: " + r.text());
        JsonNode person = JSON.readTree(r.text());
        assertTrue(person.get("name").isTextual() && person.get("name").asText().length() <= 12, r.text());
        int age = person.get("age").asInt(-1);
        assertTrue(person.get("age").isInt() && age >= 0 && age <= 99, r.text());
        assertTrue(person.get("mood").asText().matches("happy|sad"), r.text());
    }

    @Test
    void schemaFeaturesBeyondObjects() throws Exception {
        String schema = "{\"$defs\":{\"word\":{\"type\":\"string\",\"pattern\":\"^[a-z]{2,5}$\"}},"
                + "\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/word\"},\"minItems\":2,\"maxItems\":3}";
        GenerationResult r = client.generate("Words:", greedy().format(ResponseFormat.jsonSchema(schema)).build());
        JsonNode words = JSON.readTree(r.text());
        assertTrue(words.isArray() && words.size() >= 2 && words.size() <= 3, r.text());
        words.forEach(w -> assertTrue(w.asText().matches("[a-z]{2,5}"), r.text()));
    }

    @Test
    void jsonFormatGivesAWholeObject() throws Exception {
        GenerationResult r = client.generate("{\"name\": \"Lily\", \"age\": 3}\n", greedy().format(ResponseFormat.JSON).build());
        assertEquals(FinishReason.STOP, r.finishReason(), r.text());
        assertTrue(JSON.readTree(r.text()).isObject(), r.text());
    }

    @Test
    void structuredOutputIsDeterministic() {
        GenerationOptions options = greedy().format(ResponseFormat.jsonSchema(PERSON)).build();
        assertEquals(client.generate("Tom:", options).text(), client.generate("Tom:", options).text());
    }

    @Test
    void badSchemasAreRejectedAndTheModelStaysUsable() {
        for (String schema : new String[] {"{oops", "{\"type\":\"thing\"}", "{\"$ref\":\"https://example.invalid/x\"}",
            "{\"type\":\"string\",\"pattern\":\"^*$\"}", "{\"type\":\"array\",\"items\":false}"}) {
            GenerationOptions options = greedy().format(ResponseFormat.jsonSchema(schema)).build();
            assertThrows(InvalidRequestException.class, () -> client.generate("x", options), schema);
        }
        assertEquals(5, client.generate("Once upon a time", greedy().maxTokens(5).build()).metrics().generatedTokens());
    }

    @Test
    void valuesThatWouldBreakNativeCodeAreRejected() {
        assertRejected(greedy().temperature(Double.POSITIVE_INFINITY), "temperature");
        assertRejected(greedy().temperature(1e300), "temperature");
        assertRejected(greedy().seed(-1L), "seed");
        assertRejected(greedy().seed(1L << 33), "seed");
        assertRejected(greedy().maxTokens(1_000_000), "exceeds the context");
        assertRejected(greedy().extra("min_p", Double.NaN), "min_p");
        assertRejected(greedy().extra("repeat_last_n", 1.5), "repeat_last_n");
        assertRejected(greedy().extra("repeat_penalty", "high"), "repeat_penalty");
        String longPrompt = "Once upon a time ".repeat(600);
        ContextLengthExceededException e = assertThrows(ContextLengthExceededException.class,
                () -> client.generate(longPrompt, greedy().build()));
        assertTrue(e.getMessage().contains("context holds 2048"), e.getMessage());
    }

    @Test
    void generationStopsAtTheContextsEndInsteadOfShiftingThePromptOut() {
        String prompt = "Once upon a time ".repeat(480);
        GenerationResult r = client.generate(prompt, greedy().maxTokens(1000).build());
        int room = 2048 - r.metrics().promptTokens();
        assertTrue(room > 0 && room < 1000, "prompt tokens: " + r.metrics().promptTokens());
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertTrue(r.metrics().generatedTokens() <= room, r.metrics().generatedTokens() + " tokens past the " + room + " left");
    }

    @Test
    void supportedExtrasChangeSampling() {
        GenerationOptions plain = GenerationOptions.builder().temperature(0.0).maxTokens(60).build();
        GenerationOptions penalised = plain.toBuilder().extra(Map.of("repeat_penalty", 2.0, "repeat_last_n", 64)).build();
        assertTrue(!client.generate("Once upon a time", plain).text().equals(client.generate("Once upon a time", penalised).text()));
        GenerationOptions ignored = plain.toBuilder().extra("keep_alive", "5m").build();
        assertEquals(client.generate("Once upon a time", plain).text(), client.generate("Once upon a time", ignored).text());
    }

    private static void assertRejected(GenerationOptions.Builder options, String expected) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> client.generate("Once upon a time", options.build()));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    // JSON that the toy model would write forever is closed within the token limit

    @ParameterizedTest
    @ValueSource(ints = {12, 40, 200, 256})
    void jsonModeEndsAsAWholeObjectWithinTheLimit(int maxTokens) {
        GenerationOptions options = GenerationOptions.builder().temperature(0.0).maxTokens(maxTokens).format(ResponseFormat.JSON).build();
        GenerationResult r;
        try (TokenStream stream = client.generateStream("Lily is", options)) {
            r = stream.result();
        }
        assertEquals(FinishReason.STOP, r.finishReason(), r.text());
        assertTrue(Json.parseExact(r.text()) instanceof Map, r.text());
        assertTrue(r.metrics().generatedTokens() <= maxTokens, r.metrics().toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {30, 100})
    void aSchemaWithUnboundedStringsStillEndsValid(int maxTokens) {
        String schema = "{\"type\":\"object\",\"properties\":{\"story\":{\"type\":\"string\"},"
                + "\"n\":{\"type\":\"integer\"},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
                + "\"required\":[\"story\",\"n\",\"tags\"]}";
        GenerationOptions options = GenerationOptions.builder().temperature(0.0).maxTokens(maxTokens)
                .format(ResponseFormat.jsonSchema(schema)).build();
        GenerationResult r = client.generate("Once upon a time", options);
        assertEquals(FinishReason.STOP, r.finishReason(), r.text());
        Object value = Json.parseExact(r.text());
        @SuppressWarnings("unchecked")
        Map<String, Object> schemaMap = (Map<String, Object>) Json.parseExact(schema);
        assertEquals(java.util.Optional.empty(), JsonSchemaCheck.firstViolation(schemaMap, value), r.text());
        assertTrue(r.metrics().generatedTokens() <= maxTokens, r.metrics().toString());
    }

    @Test
    void aLimitTooSmallForAnyObjectIsReportedAsCutShort() {
        GenerationOptions options = GenerationOptions.builder().temperature(0.0).maxTokens(1).format(ResponseFormat.JSON).build();
        IncompleteOutputException e = assertThrows(
                IncompleteOutputException.class, () -> client.generate("Once upon a time", options));
        assertEquals(FinishReason.LENGTH, e.partial().finishReason());
    }
}
