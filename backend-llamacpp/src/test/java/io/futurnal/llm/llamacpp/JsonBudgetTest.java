package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.FinishReason;
import io.futurnal.llm.GenerationOptions;
import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.ResponseFormat;
import io.futurnal.llm.TokenStream;
import io.futurnal.llm.internal.Json;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON that the toy model would write forever is closed within the token limit. */
class JsonBudgetTest {

    private static LlamaCppClient client;

    @BeforeAll
    static void open() {
        client = TestModels.openStories();
    }

    @AfterAll
    static void close() {
        client.close();
    }

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
        assertEquals(java.util.Optional.empty(), io.futurnal.llm.internal.JsonSchemaCheck.firstViolation(schemaMap, value), r.text());
        assertTrue(r.metrics().generatedTokens() <= maxTokens, r.metrics().toString());
    }

    @org.junit.jupiter.api.Test
    void aLimitTooSmallForAnyObjectIsReportedAsCutShort() {
        GenerationOptions options = GenerationOptions.builder().temperature(0.0).maxTokens(1).format(ResponseFormat.JSON).build();
        io.futurnal.llm.IncompleteOutputException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.futurnal.llm.IncompleteOutputException.class, () -> client.generate("Once upon a time", options));
        assertEquals(FinishReason.LENGTH, e.partial().finishReason());
    }
}
